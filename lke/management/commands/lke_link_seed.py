"""Link the seed decree's 23 rows to the LKE sub-indikator they serve (fixtures/lke_seed_links.json)."""

from django.core.management.base import BaseCommand

from lke.services import seed_links_load


class Command(BaseCommand):
    help = "Link the seed plan's rows to LKE sub-indikator, each with its reason (rows already linked are kept)."

    def handle(self, *args, **options):
        made = seed_links_load()
        self.stdout.write(f"LKE links made: {made}.")
