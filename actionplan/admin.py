"""Admin for plans: plan → areas → items → requirements, in decree order, scoped to the user's units."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import ScopedInline, UnitScopedAdmin
from actionplan.models import ActionItem, Area, DecreeClause, EvidenceRequirement, Plan
from actionplan.resources import ActionItemResource, AreaResource, EvidenceRequirementResource, UserResourceKwargs


class DecreeClauseInline(ScopedInline, admin.TabularInline):
    model = DecreeClause
    extra = 0
    ordering = ["part", "order"]


class AreaInline(ScopedInline, admin.TabularInline):
    model = Area
    extra = 0
    ordering = ["order"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(UnitScopedAdmin):
    unit_path = "unit"
    label_select_related = ["unit"]  # a plan's name is its unit's
    list_display = ["__str__", "unit", "year", "decree_number", "status", "signed_on"]
    list_filter = ["status", "year", "unit"]
    search_fields = ["title", "decree_number", "unit__name"]
    list_select_related = ["unit"]
    inlines = [AreaInline, DecreeClauseInline]
    fieldsets = [
        (None, {"fields": ["unit", "year", "status"]}),
        (
            _("Decree"),
            {"fields": ["issuer", "decree_number", "title", "enacting_official", "menetapkan"]},
        ),
        (
            _("Signature"),
            {
                "fields": [
                    "signed_place",
                    "signed_on",
                    "signed_on_text",
                    "lampiran_signed_on_text",
                    "signatory_office",
                    "signatory_name",
                    "signature_mark",
                ]
            },
        ),
        (_("Lampiran"), {"fields": ["lampiran_title"]}),
        (
            _("Certified copy"),
            {"fields": ["is_certified_copy", "certification_label", "certifier_office", "certifier_name"]},
        ),
    ]


class ActionItemInline(ScopedInline, admin.StackedInline):
    model = ActionItem
    extra = 0
    ordering = ["number"]
    show_change_link = True
    fields = [
        "number",
        "komponen",
        "indikator",
        "langkah_aksi",
        "bukti_fisik",
        ("target_start_month", "target_end_month", "target_year", "target_text"),
        "target_month_mask",
        "section",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area")  # each row's title names its area


@admin.register(Area)
class AreaAdmin(UserResourceKwargs, ImportExportMixin, UnitScopedAdmin):
    resource_classes = [AreaResource]  # by plan key and numeral, with a dry-run preview
    unit_path = "plan__unit"
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["title"]
    list_select_related = ["plan__unit"]
    ordering = ["plan", "order"]
    inlines = [ActionItemInline]


class EvidenceRequirementInline(ScopedInline, admin.TabularInline):
    model = EvidenceRequirement
    extra = 0
    ordering = ["order"]


@admin.register(ActionItem)
class ActionItemAdmin(UserResourceKwargs, ImportExportMixin, UnitScopedAdmin, SimpleHistoryAdmin):
    resource_classes = [ActionItemResource]
    unit_path = "area__plan__unit"
    label_select_related = ["area"]  # a row's code starts with its area's numeral
    list_display = ["code_display", "komponen", "indikator", "target_display", "section"]
    list_filter = ["area__plan", "area", "section", "target_start_month", "target_end_month"]
    search_fields = ["komponen", "indikator", "langkah_aksi", "bukti_fisik"]
    list_select_related = ["area__plan__unit", "section"]
    ordering = ["area__plan", "area__order", "number"]
    filter_horizontal = ["pics"]
    inlines = [EvidenceRequirementInline]

    @admin.display(description=pgettext_lazy("row number", "No"), ordering="area__order")
    def code_display(self, obj):
        return obj.code

    @admin.display(description=_("Target Waktu"))
    def target_display(self, obj):
        return obj.target_text or obj.target_period_display


@admin.register(EvidenceRequirement)
class EvidenceRequirementAdmin(UserResourceKwargs, ImportExportMixin, UnitScopedAdmin):
    resource_classes = [EvidenceRequirementResource]
    unit_path = "item__area__plan__unit"
    list_display = ["name", "item", "order"]
    list_filter = ["item__area__plan", "item__area"]
    search_fields = ["name"]
    list_select_related = ["item__area"]
    ordering = ["item__area__order", "item__number", "order"]
