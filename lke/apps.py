from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LkeConfig(AppConfig):
    name = "lke"
    verbose_name = _("Self-assessment (LKE)")
