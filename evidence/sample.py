"""Generated evidence and progress in bulk, for query-count tests and benchmarks (no files are written)."""

import hashlib
import itertools

from django.db import transaction
from django.db.models import OuterRef, Subquery

from actionplan.models import ActionItem, EvidenceRequirement, Plan, ProgressEntry
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus, Review
from zi_tracker.db import analyze_tables

STATUSES = [EvidenceStatus.DITERIMA, EvidenceStatus.DIAJUKAN, EvidenceStatus.PERLU_PERBAIKAN, EvidenceStatus.DITERIMA]


@transaction.atomic
def progress_generate(*, plan: Plan, entries: int, user) -> int:
    """Up to `entries` progress entries, month by month through each row's period."""
    rows = []
    items = ActionItem.objects.filter(area__plan=plan).order_by("pk")
    for item, month in itertools.islice(((i, m) for m in range(1, 13) for i in items if m in i.target_months), entries):
        rows.append(
            ProgressEntry(
                item=item,
                month=month,
                percent=min(100, month * 8),
                is_done=month == 12,
                activity="generated",
                entered_by=user,
                updated_by=user,
            )
        )
    ProgressEntry.objects.bulk_create(rows, batch_size=2000)
    analyze_tables(ProgressEntry)  # the planner's view of the new rows (issue 18)
    return len(rows)


@transaction.atomic
def evidence_generate(*, plan: Plan, count: int, uploader, reviewer) -> int:
    """`count` evidence records spread over the plan's requirements, each with one revision (a row only)."""
    requirements = list(EvidenceRequirement.objects.filter(item__area__plan=plan).order_by("pk"))
    evidence_documents_create(
        [
            Evidence(requirement=requirements[n % len(requirements)], status=STATUSES[n % 4], submitted_by=uploader)
            for n in range(count)
        ],
        uploader=uploader,
        reviewer=reviewer,
    )
    # Inside a test's transaction autovacuum never sees these rows; without statistics the
    # dashboard's evidence counts ran for 12+ minutes on PostgreSQL (issue 18).
    analyze_tables(Evidence, EvidenceRevision, Review)
    return count


def evidence_documents_create(
    documents: list[Evidence], *, uploader, reviewer, batch_size: int = 2000
) -> list[Evidence]:
    """Stores generated documents, each with one revision (a row, no file) as its current one, and
    a review of its status (none while Diajukan). Also the roll-up's national sample (rollup.sample).
    """
    evidence = Evidence.objects.bulk_create(documents, batch_size=batch_size)
    revisions = EvidenceRevision.objects.bulk_create(
        [
            EvidenceRevision(
                evidence=e,
                number=1,
                file=f"evidence/generated-{e.pk}",
                original_name=f"bukti-{e.pk}.pdf",
                size=1024,
                content_type="application/pdf",
                sha256=hashlib.sha256(str(e.pk).encode()).hexdigest(),
                uploaded_by=uploader,
            )
            for e in evidence
        ],
        batch_size=batch_size,
    )
    if evidence:
        # One statement, not a bulk_update's CASE per row: each new document's current revision is its only one.
        Evidence.objects.filter(pk__gte=min(e.pk for e in evidence), current__isnull=True).update(
            current=Subquery(EvidenceRevision.objects.filter(evidence=OuterRef("pk")).values("pk")[:1])
        )
    for e, r in zip(evidence, revisions, strict=True):
        e.current = r
    Review.objects.bulk_create(
        [
            Review(evidence=e, revision=r, decision=e.status, reviewer=reviewer)
            for e, r in zip(evidence, revisions, strict=True)
            if e.status != EvidenceStatus.DIAJUKAN
        ],
        batch_size=batch_size,
    )
    return evidence
