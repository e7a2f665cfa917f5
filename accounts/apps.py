from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Units and roles")

    def ready(self):
        from accounts import middleware  # noqa: F401 - connects the login signal that starts the idle clock
