"""Demo activity for the seed plan: a year of progress reports, evidence and reviews (development only)."""

import random
from datetime import datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS

from actionplan.models import ActionItem, Plan, ProgressEntry
from actionplan.pdf import html_to_pdf
from evidence.models import Evidence, Review
from evidence.services import evidence_review, evidence_submit

DEMO_NOTE = "(data demo)"


def month_end(year: int, month: int, day: int = 25) -> datetime:
    return timezone.make_aware(datetime.combine(datetime(year, month, day).date(), time(15, 0)))


class Command(BaseCommand):
    help = "Adds a year of demo progress and evidence to the seed plan, once (needs seed_demo first)."

    def handle(self, *args, **options):
        if not settings.ZI_ALLOW_DEMO:
            raise CommandError("Demo data is disabled in this configuration. Set ZI_ALLOW_DEMO=1 (or DEBUG=1).")
        plan = Plan.objects.filter(unit__code="kpu-kab-serang", year=2025, decree_number="995").first()
        users = {
            u.username: u for u in get_user_model().objects.filter(username__in=["koordinator", "staf", "penilai"])
        }
        if plan is None or len(users) < 3:
            raise CommandError("Run seed_demo first.")
        if ProgressEntry.objects.filter(item__area__plan=plan).exists():
            self.stdout.write("Demo activity already present; nothing added.")
            return
        with transaction.atomic():
            counts = self._activity(plan, users)
        # A year of rows in one go: fresh planner statistics before anyone opens the dashboard (issue 18).
        from evidence.models import EvidenceRevision
        from zi_tracker.db import analyze_tables

        analyze_tables(ProgressEntry, Evidence, EvidenceRevision, Review)
        entries, files, reviews = counts
        self.stdout.write(
            f"Demo activity added: {entries} progress entries, {files} evidence files, {reviews} reviews."
        )

    def _activity(self, plan, users):
        rng = random.Random(995)
        entries = evidence_count = reviews = 0
        items = (
            ActionItem.objects.filter(area__plan=plan)
            .prefetch_related("pics", "requirements")
            .order_by("area__order", "number")
        )
        for index, item in enumerate(items):
            author = next(iter(item.pics.all()), users["koordinator"])
            months = list(item.target_months)
            pattern = ["done", "steady", "gaps", "done", "steady", "stalled"][index % 6]
            done_month = rng.choice(months[len(months) // 2 :]) if pattern == "done" else None
            last = done_month or (months[-1] if pattern in ("steady", "gaps") else months[min(3, len(months) - 1)])
            percent = 0
            for month in months:
                if month > last or (pattern == "gaps" and month % 3 == 0):
                    continue
                percent = 100 if month == done_month else min(95, percent + rng.randint(5, 15))
                entry = ProgressEntry(
                    item=item,
                    month=month,
                    percent=percent,
                    is_done=month == done_month,
                    activity=f"Pelaksanaan {item.langkah_aksi[:60].lower()} bulan {MONTHS[month]} {DEMO_NOTE}",
                    obstacles=rng.choice(["", "", "Jadwal bertabrakan dengan tahapan pemilihan", "Anggaran terbatas"]),
                    next_steps=rng.choice(["", "Koordinasi dengan sub bagian terkait", "Lanjutkan bulan berikutnya"]),
                    entered_by=author,
                    updated_by=author,
                )
                entry._history_user = author
                entry.save()
                # Demo activity carries its own dates, in the rows and in their history alike.
                ProgressEntry.objects.filter(pk=entry.pk).update(
                    created_at=month_end(plan.year, month), updated_at=month_end(plan.year, month)
                )
                entry.history.update(history_date=month_end(plan.year, month))
                entries += 1
            if pattern in ("done", "steady"):
                for requirement in item.requirements.all():
                    pdf = html_to_pdf(f"<h1>{requirement.name}</h1><p>{item.code} {DEMO_NOTE}</p>")
                    upload = SimpleUploadedFile(f"{requirement.name[:40]}.pdf", pdf, content_type="application/pdf")
                    (evidence,) = evidence_submit(requirement=requirement, uploads=[upload], month=last, by=author)
                    evidence_count += 1
                    if pattern == "done" or rng.random() < 0.5:
                        decision = "diterima" if rng.random() < 0.85 else "perlu_perbaikan"
                        note = "" if decision == "diterima" else "Lampirkan versi yang sudah ditandatangani"
                        evidence_review(
                            evidence=evidence,
                            revision_id=evidence.current_id,
                            decision=decision,
                            note=note,
                            by=users["penilai"],
                        )
                        reviews += 1
                    when = month_end(plan.year, last, 27)
                    Evidence.objects.filter(pk=evidence.pk).update(created_at=when)
                    evidence.revisions.update(uploaded_at=when)
                    Review.objects.filter(evidence=evidence).update(created_at=month_end(plan.year, last, 28))
                    records = list(evidence.history.order_by("history_id").values_list("history_id", flat=True))
                    evidence.history.filter(history_id=records[0]).update(history_date=when)
                    evidence.history.filter(history_id__in=records[1:]).update(
                        history_date=month_end(plan.year, last, 28)
                    )
        return entries, evidence_count, reviews
