"""`seed_demo`: loads the decree once, makes one login per role, refuses where demo data is off."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from accounts.models import Membership, Role
from actionplan.models import ActionItem, Plan

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_plan_and_users(settings, capsys):
    settings.ZI_ALLOW_DEMO = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Plan.objects.get().decree_number == "995"
    assert ActionItem.objects.count() == 23
    for username, role in [
        ("koordinator", Role.KOORDINATOR),
        ("staf", Role.PIC),
        ("pimpinan", Role.PIMPINAN),
        ("penilai", Role.PENILAI),
    ]:
        assert username in out
        assert Membership.objects.filter(user__username=username, role=role).exists()
        # django-axes counts login attempts per request, so authenticate() needs one.
        assert (
            authenticate(RequestFactory().post("/accounts/login/"), username=username, password="zi-demo-2025")
            is not None
        )
    assert ActionItem.objects.filter(pics__username="staf").count() == 11


def test_seed_demo_twice_keeps_edits_and_duplicates_nothing(settings):
    settings.ZI_ALLOW_DEMO = True
    call_command("seed_demo")
    item = ActionItem.objects.get(area__numeral="I", number=1)
    item.langkah_aksi = "Diubah oleh koordinator"
    item.save()
    call_command("seed_demo")
    assert Plan.objects.count() == 1 and ActionItem.objects.count() == 23
    assert Membership.objects.filter(user__username="staf").count() == 1
    item.refresh_from_db()
    assert item.langkah_aksi == "Diubah oleh koordinator"


def test_seed_demo_refuses_in_production(settings):
    settings.ZI_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="ZI_ALLOW_DEMO"):
        call_command("seed_demo")
    assert not Plan.objects.exists()


def test_demo_history_carries_the_demo_dates(settings):
    """The demo's history reads as its year happened, not as "recorded today" above January's reports."""
    from actionplan.models import ProgressEntry
    from evidence.models import Evidence

    settings.ZI_ALLOW_DEMO = True
    call_command("seed_demo")
    call_command("seed_demo_activity")
    years = {
        "rows": {r.history_date.year for r in ActionItem.history.all()},
        "progress": {r.history_date.year for r in ProgressEntry.history.all()},
        "evidence": {r.history_date.year for r in Evidence.history.all()},
    }
    assert years == {"rows": {2025}, "progress": {2025}, "evidence": {2025}}
    january = ProgressEntry.objects.filter(month=1).first()
    assert january.history.get().history_date.month == 1
