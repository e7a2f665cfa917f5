"""Notifications in admin, read-only: what went to whom, and which e-mails failed and why."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from accounts.admin import UnitScopedAdmin
from notifications.models import Notification

# The queue's own rows say nothing an office needs (our task records each e-mail's outcome on its
# notification, below), and their admin breaks on the "immediate" backend of development.
admin.site.unregister(DBTaskResult)


@admin.register(Notification)
class NotificationAdmin(UnitScopedAdmin):
    unit_path = "unit"
    admin_capability = "admin_plan"
    list_display = ["created_at", "user", "unit", "kind", "email_status", "email_attempts", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["user__username", "event", "email_error"]
    list_select_related = ["user", "unit"]
    readonly_fields = [
        "user",
        "unit",
        "kind",
        "event",
        "params",
        "url",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "email_error",
        "emailed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
