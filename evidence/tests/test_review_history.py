"""Every review decision is in the evidence's history: which status, decided by whom."""

import pytest
from django.urls import reverse

from evidence.models import Evidence, EvidenceStatus
from evidence.tests.conftest import file, make_pdf, upload

pytestmark = pytest.mark.django_db


def test_review_decisions_are_in_the_history(client, pic, penilai, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("hadir.pdf", make_pdf()))
    evidence = Evidence.objects.get()
    client.force_login(penilai)
    client.post(
        reverse("evidence:review", args=[evidence.pk]),
        {"revision": evidence.current_id, "decision": "perlu_perbaikan", "note": "Tanda tangan kurang"},
    )
    versions = list(evidence.history.order_by("history_id").values_list("status", "history_user__username"))
    assert versions[-1] == (EvidenceStatus.PERLU_PERBAIKAN, "siti")
    assert (EvidenceStatus.DIAJUKAN, "dewi") in versions
    assert evidence.reviews.get().note == "Tanda tangan kurang"
