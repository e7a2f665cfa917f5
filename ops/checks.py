"""Deployment checks (`manage.py check --deploy`): what a production server needs beyond Django's own."""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.checks import Tags, Warning, register


@register(Tags.staticfiles, deploy=True)
def static_manifest_check(app_configs, **kwargs):
    """Hashed static names need collectstatic's manifest; without it pages fall back to plain names."""
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name is None or staticfiles_storage.exists(manifest_name):
        return []
    return [
        Warning(
            f"No static files manifest in STATIC_ROOT ({settings.STATIC_ROOT}).",
            hint="Run `manage.py collectstatic --noinput` after every deployment.",
            id="ops.W001",
        )
    ]
