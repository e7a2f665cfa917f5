"""Retry notification e-mails: those still pending a minute after their event, and the failed ones.

Run it from cron every few minutes (README "Background tasks"). It exits non-zero while any e-mail
could not be sent, so the cron's mail or monitoring hears of it.
"""

from django.core.management.base import BaseCommand, CommandError

from notifications.services import MAX_EMAIL_ATTEMPTS, notifications_retry


class Command(BaseCommand):
    help = "Send pending notification e-mails and retry failed ones; exit 1 if any could not be sent."

    def handle(self, *args, **options):
        sent, failed, given_up = notifications_retry()
        self.stdout.write(f"{sent} sent, {failed} failed")
        if given_up:
            self.stdout.write(f"{given_up} given up after {MAX_EMAIL_ATTEMPTS} attempts (see admin: Notifications)")
        if failed:
            raise CommandError(f"{failed} notification e-mail(s) could not be sent; they are retried on the next run")
