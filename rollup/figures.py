"""The figures of many plans at once, for the roll-up: a fixed number of grouped queries for any number.

Each figure uses the rule that the unit's own pages use, so a roll-up line and the unit's
dashboard agree: a row's status (`ActionItemQuerySet.with_status`), a requirement covered
(`evidence.selectors.coverage_counts`), a month unreported (`unreported_in`), the LKE's arithmetic
(`lke.scoring`, over `lke.selectors.catalogue_snapshot`). The result is plain data (cached by
rollup.cache): {plan id: {figure: value}}.
"""

from datetime import date

from django.db.models import Count, Max, OuterRef, Subquery, Sum

from actionplan.models import ActionItem, EvidenceRequirement, ItemStatus, Plan, ProgressEntry
from evidence.models import Evidence
from evidence.selectors import coverage_counts
from lke import scoring
from lke.models import Answer, Assessment
from lke.selectors import catalogue_snapshot
from rollup.models import PreliminaryAssessment
from zi_tracker.template_filters import display_name


def last_ended_month(*, year: int, today: date) -> int | None:
    """The latest month of `year` that has ended by `today` (None in January of that year, or before it)."""
    if year < today.year:
        return 12
    if year == today.year and today.month > 1:
        return today.month - 1
    return None


def empty_figures() -> dict:
    return {
        "total": 0,
        "done": 0,
        "late": 0,
        "percent_sum": 0,
        "req_total": 0,
        "req_covered": 0,
        "unreported": 0,
        "last_activity": None,
    }


def plans_figures(*, plans: list[Plan], today: date) -> dict[int, dict]:
    """The plans' own figures (all of one year): rows, realisation, evidence, reports, activity. 5 queries."""
    ids = [plan.pk for plan in plans]
    figures = {pk: empty_figures() for pk in ids}
    if not ids:
        return figures
    items = ActionItem.objects.filter(area__plan_id__in=ids)
    statuses = items.with_status(today=today).order_by().values("area__plan_id", "status")
    for group in statuses.annotate(n=Count("pk"), percent=Sum("latest_percent")):  # 1
        row = figures[group["area__plan_id"]]
        row["total"] += group["n"]
        row["percent_sum"] += group["percent"] or 0
        row["done"] += group["n"] if group["status"] == ItemStatus.SELESAI else 0
        row["late"] += group["n"] if group["status"] == ItemStatus.TERLAMBAT else 0
    requirements = EvidenceRequirement.objects.filter(item__area__plan_id__in=ids)
    for group in coverage_counts(requirements, "item__area__plan_id"):  # 2
        row = figures[group["item__area__plan_id"]]
        row["req_total"], row["req_covered"] = group["total"], group["covered"]
    month = last_ended_month(year=plans[0].year, today=today)
    if month is not None:
        unreported = items.unreported_in(month).order_by().values("area__plan_id").annotate(n=Count("pk"))
        for group in unreported:  # 3
            figures[group["area__plan_id"]]["unreported"] = group["n"]
    _last_activity(figures, ids)  # 4, 5
    return figures


def plans_extras(*, plans: list[Plan]) -> dict[int, dict]:
    """The plans' LKE scores and preliminary verdicts: 3 queries, and 4 more per LKE version in use."""
    extras = {plan.pk: {"lke": None, "verdict": None} for plan in plans}
    if plans:
        _lke(extras, plans)  # 1, 2 (+4 per version)
        _verdicts(extras, list(extras))  # 3
    return extras


def _last_activity(figures: dict, ids: list[int]) -> None:
    """The latest progress report, upload or review of each plan.

    A document's `updated_at` moves with every upload (submit, replace) and review of it
    (evidence.services saves it each time), so one grouped query over evidence covers both: the
    revisions' and reviews' own tables, 300,000 rows each nationally, cost twice as much.
    """
    sources = [
        (ProgressEntry.objects, "item__area__plan_id", "updated_at"),
        (Evidence.objects, "requirement__item__area__plan_id", "updated_at"),
    ]
    for manager, plan_path, moment in sources:
        rows = manager.filter(**{f"{plan_path}__in": ids}).order_by().values(plan_path).annotate(last=Max(moment))
        for group in rows:
            row = figures[group[plan_path]]
            if row["last_activity"] is None or group["last"] > row["last_activity"]:
                row["last_activity"] = group["last"]


def _lke(figures: dict, plans: list[Plan]) -> None:
    """Both columns' totals and best predicate met, for the plans whose unit opened that year's LKE."""
    plan_of = {(plan.unit_id, plan.year): plan.pk for plan in plans}
    assessments = list(
        Assessment.objects.filter(unit_id__in={p.unit_id for p in plans}, year=plans[0].year).select_related("version")
    )
    if not assessments:
        return
    catalogues = {a.version_id: None for a in assessments}
    for version in {a.version_id: a.version for a in assessments}.values():
        catalogues[version.pk] = catalogue_snapshot(version=version)
    answers: dict[int, dict] = {a.pk: {"unit": {}, "tpi": {}} for a in assessments}
    rows = Answer.objects.filter(assessment__in=[a.pk for a in assessments]).values_list(
        "assessment_id", "pertanyaan_id", "unit_answer", "unit_counts", "tpi_answer", "tpi_counts"
    )
    for assessment_id, question, unit_answer, unit_counts, tpi_answer, tpi_counts in rows:
        answers[assessment_id]["unit"][question] = (unit_answer, unit_counts)
        answers[assessment_id]["tpi"][question] = (tpi_answer, tpi_counts)
    for assessment in assessments:
        catalogue = catalogues[assessment.version_id]
        columns = {}
        for column, given in answers[assessment.pk].items():
            score = scoring.assessment_score(catalogue=catalogue, answers=given, holds_wbk=assessment.holds_wbk)
            met = [level for level in catalogue["predikat"] if score.predikat[level["code"]]["met"]]
            columns[column] = {
                "total": score.total,
                "answered": len(catalogue["questions"]) - len(score.unanswered),
                "predikat": met[-1]["code"] if met else "",
                "predikat_name": met[-1]["name"] if met else "",
            }
        figures[plan_of[(assessment.unit_id, assessment.year)]]["lke"] = {
            "questions": len(catalogue["questions"]),
            **{f"{column}_{name}": value for column, values in columns.items() for name, value in values.items()},
        }


def _verdicts(figures: dict, ids: list[int]) -> None:
    latest = PreliminaryAssessment.objects.filter(plan=OuterRef("plan")).order_by("-assessed_at", "-pk")
    for verdict in (
        PreliminaryAssessment.objects.filter(plan_id__in=ids, pk=Subquery(latest.values("pk")[:1]))
        .select_related("assessed_by")
        .only(
            "plan_id",
            "verdict",
            "note",
            "assessed_at",
            *(f"assessed_by__{f}" for f in ("username", "first_name", "last_name")),
        )
    ):
        figures[verdict.plan_id]["verdict"] = {
            "verdict": verdict.verdict,
            "note": verdict.note,
            "at": verdict.assessed_at,
            "by": display_name(verdict.assessed_by),
        }
