from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupConfig(AppConfig):
    name = "rollup"
    verbose_name = _("Roll-up and preliminary assessment")

    def ready(self):
        from rollup import signals  # noqa: F401  (the roll-up's own generation: LKE answers, verdicts)
