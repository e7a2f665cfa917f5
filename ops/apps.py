from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the app in production: backup and restore, storage integrity, deployment checks."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from ops import checks  # noqa: F401  (registers the deployment checks)
