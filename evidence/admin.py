"""Admin for evidence: read-mostly. Files are never replaced or deleted here; review happens in the app."""
from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import UnitScopedAdmin
from evidence.models import Evidence, EvidenceRevision, Review
from evidence.resources import EvidenceRegisterResource


class RevisionInline(admin.TabularInline):
    model = EvidenceRevision
    extra = 0
    can_delete = False
    fields = ["number", "original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    fields = ["revision", "decision", "note", "reviewer", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(ExportMixin, UnitScopedAdmin, SimpleHistoryAdmin):
    unit_path = "requirement__item__area__plan__unit"
    resource_classes = [EvidenceRegisterResource]
    list_display = ["__str__", "status", "month", "submitted_by", "created_at"]
    list_filter = ["status", "requirement__item__area__plan", "requirement__item__area"]
    search_fields = ["requirement__name", "revisions__original_name", "revisions__sha256"]
    list_select_related = ["requirement", "current", "submitted_by"]
    readonly_fields = ["requirement", "month", "status", "current", "submitted_by", "created_at", "updated_at"]
    inlines = [RevisionInline, ReviewInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
