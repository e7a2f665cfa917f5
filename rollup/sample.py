"""A generated national data set: every unit of the KPU tree with a plan, progress, evidence, an LKE and verdicts.

For the roll-up's query-count tests (a province at a few rows per plan) and bench/bench_rollup.py
(552 units × 30 rows, 12 months of progress, 300,000 evidence rows). Bulk inserts only, no files,
no signals: a generator calls `analyze_tables` and leaves the caches alone (the tests start empty).
"""

import random
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Section, Unit
from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan, ProgressEntry
from actionplan.sample import AREA_TITLES, NUMERALS
from evidence.models import Evidence, EvidenceRevision, Review
from evidence.sample import STATUSES, evidence_documents_create
from lke.models import Answer, Assessment, Pertanyaan
from lke.selectors import current_version
from rollup.models import PreliminaryAssessment, Verdict
from rollup.regions import units_load
from zi_tracker.db import analyze_tables

BATCH = 5000


@dataclass
class Generated:
    units: int
    plans: int
    items: int
    progress: int
    evidence: int
    answers: int


@transaction.atomic
def national_generate(
    *,
    user,
    year: int,
    provinces: list[str] | None = None,
    items: int = 30,
    months: int = 12,
    evidence_per_plan: int = 4,
    lke_every: int = 2,
    seed: int = 17,
) -> Generated:
    """The KPU tree (all of it, or `provinces`), each unit with an enacted plan of `year` and its data.

    Each plan has `items` rows (one requirement each), progress for the rows' target months up to
    `months`, `evidence_per_plan` documents with a revision (reviewed unless waiting); every
    `lke_every`-th unit an LKE with the unit's and the TPI's answers, and a verdict on every third plan.
    """
    rng = random.Random(seed)
    units_load(provinces=provinces)
    units = list(Unit.objects.filter(plans__isnull=True).order_by("pk"))
    if provinces:
        codes = tuple(provinces)
        units = [u for u in units if u.region_code.startswith(codes) or u.parent_id is None]
    plans = Plan.objects.bulk_create(
        [
            Plan(
                unit=unit,
                year=year,
                status=Plan.Status.DITETAPKAN,
                issuer=unit.name.upper(),
                decree_number=f"{unit.pk}/PP.01/{year}",
                title=f"RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS {unit.name.upper()} TAHUN {year}",
                enacting_official=f"KETUA {unit.name.upper()},",
                signed_place=unit.city or "Jakarta",
                signed_on=f"{year}-01-06",
                signatory_office=f"KETUA {unit.name.upper()},",
                signatory_name="NAMA PENANDATANGAN",
                lampiran_title="RENCANA AKSI",
            )
            for unit in units
        ],
        batch_size=BATCH,
    )
    sections = Section.objects.bulk_create([Section(unit=u, name="Sub Bagian Umum", short_name="Umum") for u in units])
    section_of = {s.unit_id: s for s in sections}
    areas = Area.objects.bulk_create(
        [Area(plan=p, order=i + 1, numeral=NUMERALS[i], title=AREA_TITLES[i]) for p in plans for i in range(6)],
        batch_size=BATCH,
    )
    areas_of: dict[int, list[Area]] = {}
    for area in areas:
        areas_of.setdefault(area.plan_id, []).append(area)
    rows = []
    for plan in plans:
        for n in range(items):
            area = areas_of[plan.pk][n % 6]
            start = 1 + (n % 3) * 2
            rows.append(
                ActionItem(
                    area=area,
                    number=n // 6 + 1,
                    komponen=f"Komponen {area.numeral}.{n // 6 + 1}",
                    indikator="Indikator",
                    langkah_aksi="Langkah aksi",
                    bukti_fisik="Dokumen",
                    target_start_month=start,
                    target_end_month=12,
                    target_year=year,
                    section=section_of[plan.unit_id],
                )
            )
    rows = ActionItem.objects.bulk_create(rows, batch_size=BATCH)
    requirements = EvidenceRequirement.objects.bulk_create(
        [EvidenceRequirement(item=row, order=1, name="Dokumen") for row in rows], batch_size=BATCH
    )
    progress = []
    for row in rows:
        done_month = rng.choice([None, None, 9, 12])
        for month in range(row.target_start_month, months + 1):
            progress.append(
                ProgressEntry(
                    item=row,
                    month=month,
                    percent=min(100, (month - row.target_start_month + 1) * 10),
                    is_done=month == done_month,
                    activity="generated",
                    entered_by=user,
                    updated_by=user,
                )
            )
            if month == done_month:
                break
        if rng.random() < 0.15 and progress and progress[-1].item is row:
            progress.pop()  # a month left unreported: a late row
    ProgressEntry.objects.bulk_create(progress, batch_size=BATCH)
    requirements_of: dict[int, list[EvidenceRequirement]] = {}
    plan_of_area = {area.pk: area.plan_id for area in areas}
    for requirement, row in zip(requirements, rows, strict=True):
        requirements_of.setdefault(plan_of_area[row.area_id], []).append(requirement)
    evidence = [
        Evidence(requirement=requirements_of[plan.pk][k % items], status=STATUSES[rng.randrange(4)], submitted_by=user)
        for plan in plans
        for k in range(evidence_per_plan)
    ]
    evidence_documents_create(evidence, uploader=user, reviewer=user, batch_size=BATCH)
    answers = _lke_generate(plans=plans[::lke_every], year=year, rng=rng, user=user)
    PreliminaryAssessment.objects.bulk_create(
        [
            PreliminaryAssessment(
                plan=plan,
                verdict=Verdict.LAYAK if n % 2 else Verdict.DIKEMBALIKAN,
                note="" if n % 2 else "Lengkapi bukti area III.",
                assessed_by=user,
            )
            for n, plan in enumerate(plans[::3])
        ]
    )
    analyze_tables(
        Unit, Plan, Area, ActionItem, EvidenceRequirement, ProgressEntry, Evidence, EvidenceRevision, Review, Answer
    )
    return Generated(len(units), len(plans), len(rows), len(progress), len(evidence), answers)


def _lke_generate(*, plans: list[Plan], year: int, rng: random.Random, user) -> int:
    version = current_version()
    if version is None or not plans:
        return 0
    assessments = Assessment.objects.bulk_create(
        [Assessment(unit_id=plan.unit_id, year=year, version=version) for plan in plans]
    )
    questions = list(Pertanyaan.objects.filter(sub_indikator__sub_komponen__komponen__version=version))
    options = {
        key: [letter for letter, _value in answer_type["options"]]
        for key, answer_type in version.answer_types.items()
        if answer_type.get("options")
    }
    answers = []
    for assessment in assessments:
        tpi = rng.random() < 0.5
        for question in questions:
            if question.answer_type in options:
                unit_answer = rng.choice(options[question.answer_type][:2])
            elif question.answer_type == "survei":
                unit_answer = str(rng.choice([3, 3.5, 4]))
            else:
                unit_answer = ""
            counts = {i["key"]: rng.randint(8, 10) for i in question.inputs if "sum_of" not in i}
            answers.append(
                Answer(
                    assessment=assessment,
                    pertanyaan=question,
                    unit_answer=unit_answer,
                    unit_counts=counts if question.answer_type == "persen" else {},
                    tpi_answer=unit_answer if tpi else "",
                    tpi_counts=counts if tpi and question.answer_type == "persen" else {},
                    updated_by=user,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    return len(answers)
