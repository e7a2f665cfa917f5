"""Reads for the LKE: the catalogue as a snapshot for scoring, an assessment with its answers and figures."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from actionplan.models import ActionItem, EvidenceRequirement
from actionplan.selectors import can_report_progress
from evidence.models import Evidence, EvidenceStatus
from lke import scoring
from lke.models import Answer, Area, Assessment, ItemLink, Pertanyaan, SubIndikator, SubKomponen, Version


def catalogue_snapshot(*, version: Version) -> dict:
    """The version's catalogue as plain data for `lke.scoring` (and, as JSON, for static/js/lke.js).

    4 queries whatever the catalogue's size: sub-komponen with their komponen, areas, sub-indikator,
    questions.
    """
    komponen: dict[str, dict] = {}
    for sub in SubKomponen.objects.filter(komponen__version=version).select_related("komponen"):
        k = komponen.setdefault(
            sub.komponen.key,
            {
                "key": sub.komponen.key,
                "code": sub.komponen.code,
                "name": sub.komponen.name,
                "bobot": str(sub.komponen.bobot),
                "sub_komponen": [],
            },
        )
        k["sub_komponen"].append({"key": sub.key, "code": sub.code, "name": sub.name, "bobot": str(sub.bobot)})
    sub_keys = {sub["key"]: k["key"] for k in komponen.values() for sub in k["sub_komponen"]}
    areas = [{"number": a.number, "name": a.name} for a in Area.objects.filter(version=version)]
    sub_indikator = [
        {
            "id": si.pk,
            "sub_komponen": si.sub_komponen_key,
            "komponen": sub_keys[si.sub_komponen_key],
            "area": si.area_number,
            "key": si.key,
            "bobot": str(si.bobot),
            "questions": [],
        }
        for si in SubIndikator.objects.filter(sub_komponen__komponen__version=version).annotate_keys()
    ]
    by_id = {si["id"]: si for si in sub_indikator}
    questions = {}
    for q in Pertanyaan.objects.filter(sub_indikator__sub_komponen__komponen__version=version).values(
        "id", "sub_indikator_id", "answer_type", "inputs", "formula"
    ):
        by_id[q["sub_indikator_id"]]["questions"].append(q["id"])
        questions[q["id"]] = {"answer_type": q["answer_type"], "inputs": q["inputs"], "formula": q["formula"]}
    return {
        "answer_types": version.answer_types,
        "predikat": version.predikat,
        "komponen": list(komponen.values()),
        "areas": areas,
        "sub_indikator": sub_indikator,
        "questions": questions,
    }


@dataclass
class ScoredAssessment:
    assessment: Assessment
    catalogue: dict
    answers: dict[int, Answer]
    unit: scoring.Score
    tpi: scoring.Score


def current_version() -> Version:
    """The LKE in force: the newest version loaded (a later regulation is a new row)."""
    return Version.objects.order_by("-pk").first()


def plan_assessment(*, plan) -> Assessment | None:
    """The self-assessment of the plan's unit and year, if one was started. 1 query."""
    return Assessment.objects.select_related("version").filter(unit_id=plan.unit_id, year=plan.year).first()


def wbk_held_before(*, plan) -> dict:
    """The Menuju WBK recorded on the unit's latest earlier assessment that holds it, as Assessment
    fields (empty when none): what a new year's assessment starts from. 1 query."""
    earlier = (
        Assessment.objects.filter(unit_id=plan.unit_id, year__lt=plan.year, holds_wbk=True)
        .order_by("-year")
        .values("holds_wbk", "wbk_granted_by", "wbk_decree_number", "wbk_decree_date")
        .first()
    )
    return earlier or {}


def plan_assessment_scored(*, plan) -> ScoredAssessment:
    """The plan's assessment scored: 6 queries; before the first answer an unsaved, empty one
    (with an earlier year's Menuju WBK, as `lke.services.assessment_open` will make it: 7)."""
    assessment = plan_assessment(plan=plan)
    if assessment is not None:
        return assessment_scored(assessment=assessment)
    assessment = Assessment(
        unit_id=plan.unit_id, year=plan.year, version=current_version(), **wbk_held_before(plan=plan)
    )
    catalogue = catalogue_snapshot(version=assessment.version)
    empty = scoring.assessment_score(catalogue=catalogue, answers={}, holds_wbk=assessment.holds_wbk)
    return ScoredAssessment(assessment=assessment, catalogue=catalogue, answers={}, unit=empty, tpi=empty)


def assessment_scored(*, assessment: Assessment) -> ScoredAssessment:
    """An assessment's answers and both columns' figures: 6 queries (the catalogue's 4, the answers and
    their linked evidence)."""
    catalogue = catalogue_snapshot(version=assessment.version)
    documents = Prefetch("evidence", queryset=Evidence.objects.select_related("current", "requirement__item__area"))
    answers = {a.pertanyaan_id: a for a in Answer.objects.filter(assessment=assessment).prefetch_related(documents)}
    unit = scoring.assessment_score(
        catalogue=catalogue,
        holds_wbk=assessment.holds_wbk,
        answers={qid: (a.unit_answer, a.unit_counts) for qid, a in answers.items()},
    )
    tpi = scoring.assessment_score(
        catalogue=catalogue,
        holds_wbk=assessment.holds_wbk,
        answers={qid: (a.tpi_answer, a.tpi_counts) for qid, a in answers.items()},
    )
    return ScoredAssessment(assessment=assessment, catalogue=catalogue, answers=answers, unit=unit, tpi=tpi)


@dataclass
class Section:
    """One part of the LKE that is answered on one form: a sub-komponen's area, or a Hasil sub-komponen."""

    key: str  # "pemenuhan-1" … "reform-6", "bersih", "prima"
    sub_komponen: SubKomponen
    area: Area | None
    sub_indikator: list

    @property
    def title(self) -> str:
        area = f" · {self.area.number}. {self.area.name}" if self.area else ""
        return f"{self.sub_komponen.komponen.code}.{self.sub_komponen.code}. {self.sub_komponen.name}{area}"

    @property
    def area_number(self) -> int | None:
        return self.area.number if self.area else None


def catalogue_sections(*, version: Version) -> list[Section]:
    """The catalogue in LKE order, cut into sections, each sub-indikator with its questions:
    2 queries (sub-indikator with sub-komponen, komponen and area; questions)."""
    rows = (
        SubIndikator.objects.filter(sub_komponen__komponen__version=version)
        .select_related("sub_komponen__komponen", "area")
        .prefetch_related("pertanyaan")
    )
    sections: dict[str, Section] = {}
    for si in rows:
        key = f"{si.sub_komponen.key}-{si.area.number}" if si.area_id else si.sub_komponen.key
        section = sections.get(key)
        if section is None:
            section = sections[key] = Section(key=key, sub_komponen=si.sub_komponen, area=si.area, sub_indikator=[])
        section.sub_indikator.append(si)
    return list(sections.values())


def pic_area_numbers(*, user, plan) -> set[int]:
    """The LKE areas a PIC may answer: those of the plan's areas (in decree order, I–VI = 1–6) that
    hold a row they are PIC of. 1 query."""
    return set(ActionItem.objects.filter(area__plan=plan, pics=user).values_list("area__order", flat=True).distinct())


def evidence_choices(*, plan, sub_indikator: list, linked: dict[int, set[int]] | None = None) -> dict[int, list]:
    """Per sub-indikator, the plan's accepted documents as grouped choices: those of the rows linked
    to it first, then the rest. A document its answers already link (`linked`: sub-indikator id →
    document ids) stays offered whatever its status, labelled with it, so that saving the form
    never drops a file still under review. 2 queries (documents with their file and row; links)."""
    linked = linked or {}
    kept = set().union(*linked.values()) if linked else set()
    documents = list(
        Evidence.objects.filter(requirement__item__area__plan=plan)
        .filter(Q(status=EvidenceStatus.DITERIMA) | Q(pk__in=kept))
        .select_related("current", "requirement__item__area")
        .order_by("requirement__item__area__order", "requirement__item__number", "pk")
    )
    links: dict[int, set[int]] = {}
    for si_id, item_id in ItemLink.objects.filter(sub_indikator__in=sub_indikator).values_list(
        "sub_indikator_id", "item_id"
    ):
        links.setdefault(si_id, set()).add(item_id)

    def label(doc):
        name = f"{doc.requirement.item.code} · {doc.current.original_name if doc.current_id else '?'}"
        return name if doc.status == EvidenceStatus.DITERIMA else f"{name} ({doc.get_status_display()})"

    choices = {}
    for si in sub_indikator:
        rows, mine = links.get(si.pk, set()), linked.get(si.pk, set())
        offered = [doc for doc in documents if doc.status == EvidenceStatus.DITERIMA or doc.pk in mine]
        first = [(doc.pk, label(doc)) for doc in offered if doc.requirement.item_id in rows]
        rest = [(doc.pk, label(doc)) for doc in offered if doc.requirement.item_id not in rows]
        choices[si.pk] = [
            group
            for group in ((_("Rows linked to this sub-indikator"), first), (_("Other rows of the plan"), rest))
            if group[1]
        ]
    return choices


def upload_requirements(*, user, plan, caps, sub_indikator: list) -> dict[int, list]:
    """Per sub-indikator, the requirements of the plan rows linked to it that the user may upload
    to (coordinators: every row; PICs: the rows they are PIC of, as on the row's own page), in
    decree order. 3 queries (links with their rows, the rows' PICs, the requirements)."""
    links = list(
        ItemLink.objects.filter(sub_indikator__in=sub_indikator, item__area__plan=plan)
        .select_related("item__area")
        .prefetch_related("item__pics")
    )
    allowed = {link.item_id for link in links if can_report_progress(user=user, item=link.item, caps=caps)}
    requirements = list(
        EvidenceRequirement.objects.filter(item_id__in=allowed)
        .select_related("item__area")
        .order_by("item__area__order", "item__number", "order")
    )
    by_si: dict[int, list] = {}
    for link in links:
        if link.item_id in allowed:
            by_si.setdefault(link.sub_indikator_id, set()).add(link.item_id)
    return {si_id: [r for r in requirements if r.item_id in items] for si_id, items in by_si.items()}


@dataclass
class Gaps:
    uncovered: list  # sub-indikator no row works on, heaviest first (each with .open_points)
    uncovered_weight: dict[str, Decimal]  # per sub-komponen key, and "total"
    unlinked_rows: list  # plan rows that serve no sub-indikator
    rows: list  # every row with .lke_refs (its linked sub-indikator)


def plan_gaps(*, plan, scored: ScoredAssessment) -> Gaps:
    """Both gap lists of a plan against the LKE: 3 queries (sub-indikator, the plan's links, its rows)."""
    sub_indikator = list(
        SubIndikator.objects.filter(sub_komponen__komponen__version=scored.assessment.version).select_related(
            "sub_komponen__komponen", "area"
        )
    )
    links = list(ItemLink.objects.filter(item__area__plan=plan).values_list("sub_indikator_id", "item_id"))
    covered = {si_id for si_id, _ in links}
    by_item: dict[int, list] = {}
    names = {si.pk: si for si in sub_indikator}
    for si_id, item_id in links:
        if si_id in names:
            by_item.setdefault(item_id, []).append(names[si_id])
    uncovered = [si for si in sub_indikator if si.pk not in covered]
    for si in uncovered:
        si.open_points = si.bobot - scored.unit.sub_indikator.get(si.pk, Decimal(0))
    uncovered.sort(
        key=lambda si: (
            -si.bobot,
            si.sub_komponen.komponen.order,
            si.sub_komponen.order,
            si.area.number if si.area_id else 0,
            si.order,
        )
    )
    weight: dict[str, Decimal] = {"total": Decimal(0)}
    for si in uncovered:
        weight[si.sub_komponen.key] = weight.get(si.sub_komponen.key, Decimal(0)) + si.bobot
        weight["total"] += si.bobot
    rows = list(ActionItem.objects.filter(area__plan=plan).select_related("area").order_by("area__order", "number"))
    for row in rows:
        row.lke_refs = by_item.get(row.pk, [])
    return Gaps(
        uncovered=uncovered, uncovered_weight=weight, rows=rows, unlinked_rows=[row for row in rows if not row.lke_refs]
    )


WBK_FIELDS = ("holds_wbk", "wbk_granted_by", "wbk_decree_number", "wbk_decree_date")


def wbk_history(*, assessment: Assessment) -> list:
    """The assessment's history entries that changed the Menuju WBK record, newest first, each with
    `history_user` loaded: 1 query (an assessment has a few entries, one per change)."""
    if assessment.pk is None:
        return []
    records = list(assessment.history.select_related("history_user").order_by("history_date", "history_id"))
    changes, before = [], None
    for record in records:
        now = tuple(getattr(record, name) for name in WBK_FIELDS)
        if now != before and (before is not None or record.holds_wbk):
            changes.append(record)
        before = now
    return changes[::-1]
