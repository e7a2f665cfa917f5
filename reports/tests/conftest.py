"""The hand-built plan whose dashboard figures the tests check by hand."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from actionplan.models import ActionItem, ProgressEntry
from actionplan.sample import plan_generate
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus, Review

JAKARTA = ZoneInfo("Asia/Jakarta")


def at_month_end(month: int, day: int = 25) -> datetime:
    return datetime(2025, month, day, 10, tzinfo=JAKARTA)


@pytest.fixture
def hand_plan(other_unit, django_user_model):
    """Four rows Januari – Desember 2025 (areas I–IV), one requirement each.

    A: reported Jan–Jun, done in June.  B: reported every month, 60 % in December.
    C: never reported.                   D: reported Jan–Mar only (10, 20, 30 %).
    Evidence: A's accepted in February, B's accepted in July, C's submitted in March, D's none.
    """
    plan = plan_generate(unit=other_unit, year=2025, items=4, requirements_per_item=1)
    ActionItem.objects.filter(area__plan=plan).update(target_start_month=1, target_end_month=12)
    user = django_user_model.objects.create_user("pic4", password="x")
    reviewer = django_user_model.objects.create_user("rev4", password="x")
    a, b, c, d = ActionItem.objects.filter(area__plan=plan).order_by("area__order")

    def report(item, month, percent, done=False):
        entry = ProgressEntry.objects.create(
            item=item, month=month, percent=percent, is_done=done, activity="x", entered_by=user, updated_by=user
        )
        ProgressEntry.objects.filter(pk=entry.pk).update(created_at=at_month_end(month))

    for month in range(1, 7):
        report(a, month, 100 if month == 6 else month * 10, done=month == 6)
    for month in range(1, 13):
        report(b, month, 5 * month)
    for month in range(1, 4):
        report(d, month, month * 10)

    def evidence(item, month, status):
        e = Evidence.objects.create(requirement=item.requirements.get(), status=status, submitted_by=user)
        r = EvidenceRevision.objects.create(
            evidence=e,
            number=1,
            file="evidence/x",
            original_name="x.pdf",
            size=1,
            content_type="application/pdf",
            sha256="0" * 64,
            uploaded_by=user,
        )
        Evidence.objects.filter(pk=e.pk).update(current=r, created_at=at_month_end(month))
        EvidenceRevision.objects.filter(pk=r.pk).update(uploaded_at=at_month_end(month))
        if status == EvidenceStatus.DITERIMA:
            review = Review.objects.create(evidence=e, revision=r, decision=status, reviewer=reviewer)
            Review.objects.filter(pk=review.pk).update(created_at=at_month_end(month, 27))

    evidence(a, 2, EvidenceStatus.DITERIMA)
    evidence(b, 7, EvidenceStatus.DITERIMA)
    evidence(c, 3, EvidenceStatus.DIAJUKAN)
    return plan
