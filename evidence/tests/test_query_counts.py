"""Evidence exports cost the same number of queries for a few documents and for many.

The register, the review queue and the documents page have their guards beside their other
tests (test_register.py, test_review.py); here the ZIP bundle, streamed to its last byte.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from actionplan.sample import plan_generate
from evidence.models import EvidenceRevision
from evidence.sample import evidence_generate

pytestmark = pytest.mark.django_db


def with_files(plan):
    """The generated revisions' files in storage (the bundle refuses a plan with a missing file)."""
    for revision in EvidenceRevision.objects.filter(evidence__requirement__item__area__plan=plan):
        default_storage.save(revision.file.name, ContentFile(b"%PDF-1.4 bukti"))


def test_bundle_costs_the_same_for_8_and_400_documents(client, pimpinan, penilai, seed_plan, django_assert_num_queries):
    """Each document's row, area and uploader come joined with it: not a query per file in the ZIP."""
    client.force_login(pimpinan)
    urls = []
    for year, rows, count in ((2026, 6, 8), (2027, 200, 400)):
        plan = plan_generate(unit=seed_plan.unit, year=year, items=rows)
        evidence_generate(plan=plan, count=count, uploader=pimpinan, reviewer=penilai)
        with_files(plan)
        urls.append(reverse("evidence:bundle", args=[plan.pk]))
    b"".join(client.get(urls[0]).streaming_content)
    sizes = []
    for url in urls:
        with django_assert_num_queries(BUNDLE_QUERIES):
            response = client.get(url)
            sizes.append(len(b"".join(response.streaming_content)))
        assert response.status_code == 200
    assert sizes[1] > sizes[0]


BUNDLE_QUERIES = 7  # session, user, plan, role; the size (immediate or background?), the missing-file check, the stream
