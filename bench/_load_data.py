"""The load bench's database: seeded before the server starts, searched for every acknowledged write after it stops.

Imported after DATABASE_URL and MEDIA_ROOT are set (bench/load.py); sets Django up on import.
"""

import hashlib
import io
import itertools

import django

django.setup()

from _load_users import TOKEN, UPLOAD_PREFIX, Persona, Writes  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Role, Section, Unit  # noqa: E402
from actionplan.models import ActionItem, Plan, ProgressEntry  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.models import EvidenceRevision  # noqa: E402
from evidence.sample import evidence_generate, progress_generate  # noqa: E402

DEMO_PASSWORD = "zi-demo-2025"
PIC_PASSWORD = "uji-beban-2026"


def seed(*, users: int, rows: int) -> list[Persona]:
    """Migrate, load the seed decree and demo users, generate the big plan; one persona per user (first N used).

    The personas: the coordinator and the leader (readers), the demo PIC "staf" (the seed plan's
    Parmas & SDM rows), then generated PICs sharing the big plan's rows and the seed plan's others.
    """
    call_command("migrate", verbosity=0)
    settings.ZI_ALLOW_DEMO = True  # this process only: the server runs as production does
    call_command("seed_demo", stdout=io.StringIO())
    unit = Unit.objects.get(code="kpu-kab-serang")
    seed_plan = Plan.objects.get(unit=unit, decree_number="995")
    coordinator = get_user_model().objects.get(username="koordinator")
    big = plan_generate(unit=unit, year=timezone.localdate().year, items=rows)
    progress_generate(plan=big, entries=rows * 3, user=coordinator)
    evidence_generate(plan=big, count=rows, uploader=coordinator, reviewer=coordinator)

    staf_section = Section.objects.get(unit=unit, short_name="Parmas & SDM")
    seed_rows = list(ActionItem.objects.filter(area__plan=seed_plan).order_by("area__order", "number"))
    staf_rows = [r for r in seed_rows if r.section_id == staf_section.pk]
    big_rows = list(ActionItem.objects.filter(area__plan=big).order_by("area__order", "number"))
    areas = {a.pk: a for a in big.areas.all()}
    pics = _pic_users(unit, max(users - 3, 1))
    owned: dict[int, list[ActionItem]] = {u.pk: [] for u in pics}
    for row, user in zip(big_rows + [r for r in seed_rows if r not in staf_rows], itertools.cycle(pics)):
        owned[user.pk].append(row)
    through = ActionItem.pics.through
    through.objects.bulk_create(through(actionitem_id=r.pk, user_id=pk) for pk, rs in owned.items() for r in rs)

    plans = (f"/plans/{seed_plan.pk}/", f"/plans/{big.pk}/")
    dashboards = tuple(f"{path}dashboard/" for path in plans)
    sample = tuple(r.pk for r in (seed_rows + big_rows)[:: max(1, (len(seed_rows) + rows) // 40)])
    readers = [
        Persona(name, DEMO_PASSWORD, False, sample, (*plans, *_area_paths(big, areas)), dashboards)
        for name in ("koordinator", "pimpinan")
    ]
    staf = Persona("staf", DEMO_PASSWORD, True, tuple(r.pk for r in staf_rows), (plans[0],), dashboards[:1])
    personas = [readers[0], staf, readers[1]]
    for user in pics:
        mine = owned[user.pk]
        own_areas = sorted({r.area_id for r in mine if r.area_id in areas})
        paths = (*plans, *(f"/plans/{big.pk}/?area={a}" for a in own_areas))
        personas.append(Persona(user.username, PIC_PASSWORD, True, tuple(r.pk for r in mine), paths, dashboards))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connections.close_all()
    return personas[:users]


def _pic_users(unit: Unit, count: int):
    """PIC users with one password hash between them (hashing 50 passwords would cost ~25 s of CPU)."""
    password = make_password(PIC_PASSWORD)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"pic-{n:03}", first_name="PIC", last_name=f"{n:03}", password=password)
        for n in range(1, count + 1)
    )
    Membership.objects.bulk_create(Membership(user=u, unit=unit, role=Role.PIC) for u in users)
    return users


def _area_paths(plan: Plan, areas: dict) -> list[str]:
    return [f"/plans/{plan.pk}/?area={pk}" for pk in sorted(areas)]


def lost_writes(writes: Writes) -> dict[str, int]:
    """Acknowledged writes not found after the run, by kind (all zero when nothing was lost).

    A save is found when its text is in the entry's history, and the last save of each entry is
    what the entry holds now (each entry has one writer, whose saves are in order). An upload is
    found when its revision has the row and SHA-256 the client sent and its file on storage those bytes.
    """
    history = set(
        ProgressEntry.history.model.objects.filter(activity__startswith=TOKEN).values_list("activity", flat=True)
    )
    last = {}
    for row, month, text, _when in sorted(writes.saves, key=lambda s: s[3]):
        last[(row, month)] = text
    held = {
        (e["item_id"], e["month"]): e["activity"]
        for e in ProgressEntry.objects.filter(item_id__in={r for r, _ in last}).values("item_id", "month", "activity")
    }
    revisions = {
        r.original_name: r
        for r in EvidenceRevision.objects.filter(original_name__startswith=UPLOAD_PREFIX).select_related(
            "evidence__requirement"
        )
    }
    missing_files = 0
    for row, name, sha256 in writes.uploads:
        revision = revisions.get(name)
        if revision is None or revision.sha256 != sha256 or revision.evidence.requirement.item_id != row:
            continue  # counted below as a missing revision
        try:
            with default_storage.open(revision.file.name, "rb") as handle:
                stored = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            stored = None
        missing_files += stored != sha256
    return {
        "saves not in history": sum(text not in history for _r, _m, text, _w in writes.saves),
        "entries not holding their last save": sum(held.get(key) != text for key, text in last.items()),
        "uploads without their revision": sum(
            name not in revisions
            or revisions[name].sha256 != sha256
            or revisions[name].evidence.requirement.item_id != row
            for row, name, sha256 in writes.uploads
        ),
        "uploads whose file is missing or differs": missing_files,
    }
