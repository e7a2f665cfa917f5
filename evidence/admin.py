"""Admin for evidence: read-mostly. Files are never replaced or deleted here; review happens in the app."""

from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import ScopedInline, UnitScopedAdmin
from evidence.models import Evidence, EvidenceRevision, Review
from evidence.resources import EvidenceRegisterResource


class RevisionInline(ScopedInline, admin.TabularInline):
    admin_capability = "admin_evidence"
    model = EvidenceRevision
    extra = 0
    can_delete = False
    fields = ["number", "original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReviewInline(ScopedInline, admin.TabularInline):
    admin_capability = "admin_evidence"
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
    admin_capability = "admin_evidence"
    resource_classes = [EvidenceRegisterResource]
    list_display = ["__str__", "status", "month", "submitted_by", "created_at"]
    list_filter = ["status", "requirement__item__area__plan", "requirement__item__area"]
    search_fields = ["requirement__name", "revisions__original_name", "revisions__sha256"]
    list_select_related = ["requirement", "current", "submitted_by"]
    readonly_fields = ["requirement", "month", "status", "current", "submitted_by", "created_at", "updated_at"]
    inlines = [RevisionInline, ReviewInline]

    # ExportMixin comes first in the MRO; its own check lets any staff member export.
    has_export_permission = UnitScopedAdmin.has_export_permission

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # evidence changes only through upload and review in the app

    def has_delete_permission(self, request, obj=None):
        return False
