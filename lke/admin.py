"""Admin for the LKE: the catalogue as reference data, and each unit's assessments, answers and row links.

The catalogue (versions, sub-indikator, questions) is the regulation's: every staff member who
may administer a plan reads it; only superusers may correct its texts, and nobody changes a
weight, an answer type or a formula here (that would re-score every assessment silently; a new
regulation is a new version loaded from its fixture). Assessments, answers and links belong to a
unit and go through `accounts.admin.UnitScopedAdmin` like every other unit's data; answers are
read-only here, as evidence is: they change in the app, where each is checked against its
answer type.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import UnitScopedAdmin, _is_root, _may
from lke.models import Answer, Area, Assessment, ItemLink, Komponen, Pertanyaan, SubIndikator, Version

CATALOGUE_CAPABILITY = "admin_plan"


class CatalogueAdmin(admin.ModelAdmin):
    """Reference data: readable with `admin_plan`, its texts correctable by superusers only.

    `editable` names the fields a superuser may correct (typos in the verbatim text); every other
    field is read-only for everyone.
    """

    editable: tuple[str, ...] = ()

    def has_module_permission(self, request):
        return _may(request, CATALOGUE_CAPABILITY)

    def has_view_permission(self, request, obj=None):
        return _may(request, CATALOGUE_CAPABILITY)

    def has_add_permission(self, request, obj=None):
        return False  # a later regulation is a new version loaded from its fixture (lke.catalogue)

    def has_change_permission(self, request, obj=None):
        return _is_root(request) and bool(self.editable)

    def has_delete_permission(self, request, obj=None):
        return False  # assessments' answers point at the catalogue

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields if f.name != "id"]
        if not self.has_change_permission(request, obj):
            return fields
        return [name for name in fields if name not in self.editable]


class CatalogueInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return _may(request, CATALOGUE_CAPABILITY)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class KomponenInline(CatalogueInline):
    model = Komponen
    fields = ["code", "name", "bobot", "key"]


class AreaInline(CatalogueInline):
    model = Area
    fields = ["number", "name"]


@admin.register(Version)
class VersionAdmin(CatalogueAdmin):
    list_display = ["name", "code"]
    editable = ("name", "source")
    inlines = [KomponenInline, AreaInline]


class PertanyaanInline(CatalogueInline, admin.StackedInline):
    model = Pertanyaan
    fields = ["code", "heading", "text", "penjelasan", "answer_type", "inputs", "formula"]


@admin.register(SubIndikator)
class SubIndikatorAdmin(CatalogueAdmin):
    label_select_related = ["sub_komponen__komponen", "area"]  # str() is the numbering "A.II.5.iii"
    list_display = ["numbering", "name", "bobot", "key"]
    list_filter = ["sub_komponen__komponen__version", "sub_komponen", "area"]
    search_fields = ["name", "pertanyaan__text"]
    list_select_related = ["sub_komponen__komponen", "area"]
    editable = ("name",)
    inlines = [PertanyaanInline]

    @admin.display(description=_("numbering"))
    def numbering(self, obj):
        return obj.numbering


@admin.register(Pertanyaan)
class PertanyaanAdmin(CatalogueAdmin):
    list_display = ["__str__", "sub_indikator", "answer_type"]
    list_filter = ["sub_indikator__sub_komponen__komponen__version", "answer_type", "sub_indikator__area"]
    search_fields = ["text", "penjelasan"]
    list_select_related = ["sub_indikator__sub_komponen__komponen", "sub_indikator__area"]
    editable = ("heading", "text", "penjelasan")


@admin.register(Assessment)
class AssessmentAdmin(UnitScopedAdmin, SimpleHistoryAdmin):
    """A unit's assessment: the coordinator may correct its Menuju WBK record (checked by
    Assessment.clean, kept in the history); the answers change in the app."""

    unit_path = "unit"
    label_select_related = ["unit"]  # "LKE <unit> <year>"
    list_display = ["__str__", "year", "version", "holds_wbk", "wbk_granted_by", "wbk_decree_number", "wbk_decree_date"]
    list_filter = ["year", "holds_wbk", "unit"]
    list_select_related = ["unit", "version"]
    fields = [
        "unit",
        "year",
        "version",
        "holds_wbk",
        "wbk_granted_by",
        "wbk_decree_number",
        "wbk_decree_date",
        "created_at",
    ]
    readonly_fields = ["unit", "year", "version", "created_at"]

    def has_add_permission(self, request):
        return False  # an assessment starts with its plan's first answer in the app

    def has_delete_permission(self, request, obj=None):
        return _is_root(request)  # it would take every answer of both columns with it


@admin.register(Answer)
class AnswerAdmin(UnitScopedAdmin, SimpleHistoryAdmin):
    unit_path = "assessment__unit"
    list_display = ["question", "assessment", "unit_answer", "tpi_answer", "updated_by", "updated_at"]
    list_filter = ["assessment", "pertanyaan__sub_indikator__sub_komponen", "pertanyaan__sub_indikator__area"]
    search_fields = ["pertanyaan__text", "unit_note", "tpi_note"]
    list_select_related = [
        "assessment__unit",
        "pertanyaan__sub_indikator__sub_komponen__komponen",
        "pertanyaan__sub_indikator__area",
        "updated_by",
    ]
    fields = [
        "assessment",
        "pertanyaan",
        "unit_answer",
        "unit_counts",
        "unit_note",
        "evidence",
        "tpi_answer",
        "tpi_counts",
        "tpi_note",
        "updated_by",
        "updated_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("question"), ordering="pertanyaan")
    def question(self, obj):
        return f"{obj.pertanyaan.sub_indikator.numbering}.{obj.pertanyaan.code} {obj.pertanyaan.text[:60]}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # answered in the app, where each answer is checked against its type

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ItemLink)
class ItemLinkAdmin(UnitScopedAdmin, SimpleHistoryAdmin):
    unit_path = "item__area__plan__unit"
    list_display = ["item", "sub_indikator", "reason"]
    list_filter = ["item__area__plan", "sub_indikator__sub_komponen"]
    search_fields = ["reason", "item__komponen", "sub_indikator__name"]
    list_select_related = ["item__area", "sub_indikator__sub_komponen__komponen", "sub_indikator__area"]
    fields = ["item", "sub_indikator", "reason"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sub_indikator":
            # The catalogue is the same for every unit: all of it is offered (scoped_choices would
            # offer none of a model that is not a unit's), labelled in one query.
            kwargs["queryset"] = SubIndikator.objects.select_related("sub_komponen__komponen", "area")
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
