from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(using, **kwargs):
    """`migrate` also creates the database cache's table (settings.CACHES), so set-up stays one command."""
    call_command("createcachetable", database=using, verbosity=0)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reports import signals  # noqa: F401  (connects the cache invalidation)

        post_migrate.connect(_create_cache_table, sender=self)
