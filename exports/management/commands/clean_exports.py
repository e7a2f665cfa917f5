"""Delete expired exports and their files (cron it daily; README "Large exports")."""

from django.core.management.base import BaseCommand

from exports.services import exports_clean


class Command(BaseCommand):
    help = "Delete exports past their expiry (ZI_EXPORT_KEEP_HOURS) and their files."

    def handle(self, *args, **options):
        deleted = exports_clean()
        self.stdout.write(f"{deleted} expired exports deleted")
