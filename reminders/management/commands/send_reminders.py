"""E-mail each PIC their rows due this month and late, and each reviewer their queue (run daily).

It also notifies PICs whose rows of last month are unreported as the report deadline nears, and the
owners of Monev recommendations about to fall due."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.services import recommendations_due_notify
from notifications.services import month_closing_notify
from reminders.services import reminders_send


class Command(BaseCommand):
    help = "Sends today's reminders; a user gets each kind of reminder at most once a day."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Judge as of this date (YYYY-MM-DD), default today in Asia/Jakarta.")
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")

    def handle(self, *args, date: str | None = None, dry_run: bool = False, **options):
        today = self._parse(date) if date else timezone.localdate()
        sent, skipped, failed = reminders_send(today=today, dry_run=dry_run)
        if not dry_run:
            closing = month_closing_notify(today=today)
            self.stdout.write(f"{closing} PIC(s) told that last month's report deadline is near")
            due = recommendations_due_notify(today=today)
            self.stdout.write(f"{due} owner(s) told that a Monev recommendation falls due")
        verb = "would send" if dry_run else "sent"
        for reminder in sent:
            self.stdout.write(f"{verb} {reminder.kind} reminder to {reminder.user.email} ({reminder.count} items)")
        for reminder in skipped:
            self.stdout.write(f"already sent today: {reminder.kind} reminder to {reminder.user.email}")
        for reminder in failed:
            self.stderr.write(f"FAILED: {reminder.kind} reminder to {reminder.user.email}: {reminder.error}")
        self.stdout.write(
            f"{len(sent)} {verb}, {len(skipped)} already sent, {len(failed)} failed on {today.isoformat()}"
        )
        if failed:
            # cron reads the exit status: a run that could not reach everyone must not look like success
            raise CommandError(
                f"{len(failed)} reminder(s) could not be sent; they were not logged and go out on the next run"
            )

    @staticmethod
    def _parse(value: str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must look like 2025-03-31, not {value!r}") from None
