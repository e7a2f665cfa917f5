"""Reads for the LKE: the catalogue as a snapshot for scoring, an assessment with its answers and figures."""
from dataclasses import dataclass

from lke import scoring
from lke.models import Answer, Area, Assessment, Pertanyaan, SubIndikator, SubKomponen, Version


def catalogue_snapshot(*, version: Version) -> dict:
    """The version's catalogue as plain data for `lke.scoring` (and, as JSON, for static/js/lke.js).

    4 queries whatever the catalogue's size: sub-komponen with their komponen, areas, sub-indikator,
    questions.
    """
    komponen: dict[str, dict] = {}
    for sub in SubKomponen.objects.filter(komponen__version=version).select_related("komponen"):
        k = komponen.setdefault(sub.komponen.key, {
            "key": sub.komponen.key, "code": sub.komponen.code, "name": sub.komponen.name,
            "bobot": str(sub.komponen.bobot), "sub_komponen": [],
        })
        k["sub_komponen"].append({"key": sub.key, "code": sub.code, "name": sub.name, "bobot": str(sub.bobot)})
    sub_keys = {sub["key"]: k["key"] for k in komponen.values() for sub in k["sub_komponen"]}
    areas = [{"number": a.number, "name": a.name} for a in Area.objects.filter(version=version)]
    sub_indikator = [
        {"id": si.pk, "sub_komponen": si.sub_komponen_key, "komponen": sub_keys[si.sub_komponen_key],
         "area": si.area_number, "key": si.key, "bobot": str(si.bobot), "questions": []}
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


def assessment_scored(*, assessment: Assessment) -> ScoredAssessment:
    """An assessment's answers and both columns' figures: 5 queries (the catalogue's 4, the answers)."""
    catalogue = catalogue_snapshot(version=assessment.version)
    answers = {a.pertanyaan_id: a for a in Answer.objects.filter(assessment=assessment)}
    unit = scoring.assessment_score(
        catalogue=catalogue, holds_wbk=assessment.holds_wbk,
        answers={qid: (a.unit_answer, a.unit_counts) for qid, a in answers.items()},
    )
    tpi = scoring.assessment_score(
        catalogue=catalogue, holds_wbk=assessment.holds_wbk,
        answers={qid: (a.tpi_answer, a.tpi_counts) for qid, a in answers.items()},
    )
    return ScoredAssessment(assessment=assessment, catalogue=catalogue, answers=answers, unit=unit, tpi=tpi)
