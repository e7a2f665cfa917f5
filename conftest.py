"""Shared test fixtures: the seed decree and named personas, one per role, plus an outsider."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, Role, Section, Unit
from actionplan.models import ActionItem, Plan

SEED_FIXTURE = settings.BASE_DIR / "fixtures" / "kpu_serang_2025.json"
PASSWORD = "test-pass-123"


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """A test-only hasher: PBKDF2's 1,000,000 rounds made most of the suite's time hashing test passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_inline(settings):
    """Background tasks (notification e-mails) run in the test, after its commit, as in development."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# The day every test runs on (unless it says otherwise): mid-year, so that a row of "this year" has
# ended months to report and months still ahead, whatever the real calendar says.
TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _frozen_today(request):
    """Tests run on TODAY with the clock ticking from there: open months, late rows and the current
    year's plan give the same result on any day the suite runs. A test that needs another day passes
    `today=` to the code under test or moves the clock with time_machine. Browser journeys keep the
    real clock: Chromium would drop a session cookie whose expiry lies in its past."""
    if request.node.get_closest_marker("e2e"):
        yield
        return
    with time_machine.travel(TODAY, tick=True):
        yield


TEST_STATEMENT_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL a 30 s statement_timeout for the run (unless DB_STATEMENT_TIMEOUT_MS is set).

    A pathological plan once held the suite for 12+ minutes on one COUNT (issue 18); with the
    timeout that test fails at once. pytest-django calls this before the first connection.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql" and "DB_STATEMENT_TIMEOUT_MS" not in os.environ:
        database.setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={TEST_STATEMENT_TIMEOUT_MS}"


@pytest.fixture(autouse=True)
def _cancelled_statements_named():
    """A statement the timeout cancels fails with its SQL in the message (zi_tracker.db)."""
    from django.db import connection

    from zi_tracker.db import name_cancelled_statement

    with connection.execute_wrapper(name_cancelled_statement):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: cached dashboard fragments must not leak between tests.

    The default database cache is emptied by each test's rollback; with ZI_CACHE=locmem it is
    cleared here.
    """
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    local = [caches[alias] for alias in ("default",) if isinstance(caches[alias], LocMemCache)]
    for cache in local:
        cache.clear()
    yield
    for cache in local:
        cache.clear()


@pytest.fixture
def seed_plan(db) -> Plan:
    call_command("loaddata", str(SEED_FIXTURE), verbosity=0)
    return Plan.objects.get(unit__code="kpu-kab-serang", year=2025)


@pytest.fixture
def serang(seed_plan) -> Unit:
    return seed_plan.unit


def _member(username: str, unit: Unit, role: str, section: Section | None = None):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), email=f"{username}@example.test"
    )
    Membership.objects.create(user=user, unit=unit, role=role, section=section)
    return user


@pytest.fixture
def koordinator(serang):
    """Tim ZI coordinator of KPU Kabupaten Serang."""
    return _member("rahmat", serang, Role.KOORDINATOR)


@pytest.fixture
def pic(serang):
    """Staff PIC in Sub Bagian Parmas & SDM, assigned to that section's rows."""
    section = Section.objects.get(unit=serang, short_name="Parmas & SDM")
    user = _member("dewi", serang, Role.PIC, section)
    for item in ActionItem.objects.filter(section=section):
        item.pics.add(user)
    return user


@pytest.fixture
def open_row(seed_plan, pic):
    """Row III.1 (the PIC's) moved to this year, so that its months up to now are open to report."""
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    item.target_year = timezone.localdate().year
    item.target_start_month, item.target_end_month = 1, 12
    item.save()
    return item


@pytest.fixture
def pimpinan(serang):
    """The Sekretaris: leadership, read-only."""
    return _member("ahmad", serang, Role.PIMPINAN)


@pytest.fixture
def penilai(serang):
    """Tim Penilai Internal reviewer."""
    return _member("siti", serang, Role.PENILAI)


@pytest.fixture
def other_unit(db) -> Unit:
    return Unit.objects.create(
        name="Komisi Pemilihan Umum Kota Cilegon",
        short_name="KPU Kota Cilegon",
        code="kpu-kota-cilegon",
        city="Cilegon",
    )


@pytest.fixture
def outsider(other_unit):
    """A coordinator of another office: must never see Serang's plan."""
    return _member("budi", other_unit, Role.KOORDINATOR)


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
