"""The assessment selector's loading plan: the same queries with 3 answers and with all 113."""

import pytest

from lke.models import Answer, Assessment, Pertanyaan, Version
from lke.selectors import assessment_scored

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("answered", [3, 113])
def test_assessment_scored_in_six_queries(serang, django_assert_num_queries, answered):
    """Catalogue (4: sub-komponen+komponen, areas, sub-indikator, questions) + answers and their
    evidence (2); no query
    per answer or per sub-indikator."""
    version = Version.objects.get(code="permenpanrb-90-2021")
    assessment = Assessment.objects.create(unit=serang, year=2025, version=version)
    questions = Pertanyaan.objects.filter(answer_type="ya_tidak")[:answered]
    if answered == 113:
        questions = Pertanyaan.objects.all()
    Answer.objects.bulk_create(Answer(assessment=assessment, pertanyaan=q, unit_answer="Ya") for q in questions)
    assessment = Assessment.objects.select_related("version").get(pk=assessment.pk)
    with django_assert_num_queries(6):
        scored = assessment_scored(assessment=assessment)
    assert len(scored.answers) == answered
    # "Ya" is a valid answer only for the 17 Ya/Tidak items: the others are reported and count 0
    assert len(scored.unit.unanswered) == (110 if answered == 3 else 113 - 17)
    assert scored.tpi.unanswered == list(scored.catalogue["questions"])
