"""The evidence register (daftar bukti) as a django-import-export resource: its columns, for admin and register_xlsx."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dates import MONTHS
from import_export import fields, resources

from actionplan.models import plain_text
from evidence.models import Evidence, Review
from zi_tracker.spreadsheets import safe_text


class EvidenceRegisterResource(resources.ModelResource):
    area = fields.Field(column_name="Area")
    row = fields.Field(column_name="Baris")
    komponen = fields.Field(column_name="Komponen")
    requirement_name = fields.Field(column_name="Bukti fisik")
    month_name = fields.Field(column_name="Bulan")
    file_name = fields.Field(column_name="Berkas")
    revision = fields.Field(column_name="Revisi")
    status_label = fields.Field(column_name="Status")
    uploader = fields.Field(column_name="Diunggah oleh")
    uploaded_at = fields.Field(column_name="Tanggal unggah")
    size = fields.Field(column_name="Ukuran (byte)")
    sha256 = fields.Field(column_name="SHA-256")
    last_note = fields.Field(column_name="Catatan penilai terakhir")

    class Meta:
        model = Evidence
        fields = export_order = [
            "id",
            "area",
            "row",
            "komponen",
            "requirement_name",
            "month_name",
            "file_name",
            "revision",
            "status_label",
            "uploader",
            "uploaded_at",
            "size",
            "sha256",
            "last_note",
        ]

    def export_field(self, field, instance, **kwargs):
        # File names and reviewer notes are typed by users: never a live formula in xlsx or CSV.
        return safe_text(self.field_value(field, instance, **kwargs))

    def field_value(self, field, instance, **kwargs):
        """The cell's value as data, unescaped: for writers that type their cells (safe_cell)."""
        return super().export_field(field, instance, **kwargs)

    def filter_export(self, queryset, **kwargs):
        """Whatever evidence is exported (the register, admin's filtered list), with the register's loading
        plan: one query, which `iter_queryset` streams with `.iterator()` (import-export pages through
        LIMIT/OFFSET instead as soon as a queryset has a prefetch)."""
        return register_loading(queryset)

    def dehydrate_area(self, evidence):
        area = evidence.requirement.item.area
        return f"{area.numeral}. {area.title}"

    def dehydrate_row(self, evidence):
        return evidence.requirement.item.code

    def dehydrate_komponen(self, evidence):
        return plain_text(evidence.requirement.item.komponen)

    def dehydrate_requirement_name(self, evidence):
        return evidence.requirement.name

    def dehydrate_month_name(self, evidence):
        return str(MONTHS[evidence.month]) if evidence.month else ""

    def dehydrate_file_name(self, evidence):
        return evidence.current.original_name

    def dehydrate_revision(self, evidence):
        return evidence.current.number

    def dehydrate_status_label(self, evidence):
        return str(evidence.get_status_display())

    def dehydrate_uploader(self, evidence):
        user = evidence.current.uploaded_by
        return user.get_full_name() or user.username

    def dehydrate_uploaded_at(self, evidence):
        return timezone.localtime(evidence.current.uploaded_at).strftime("%d-%m-%Y %H:%M")

    def dehydrate_size(self, evidence):
        return evidence.current.size

    def dehydrate_sha256(self, evidence):
        return evidence.current.sha256

    def dehydrate_last_note(self, evidence):
        return evidence.last_note or ""


def register_loading(queryset: QuerySet) -> QuerySet:
    """Row, area, current file and uploader joined, the last review's note a subquery: 1 query in all."""
    last_note = Review.objects.filter(evidence=OuterRef("pk")).order_by("-created_at", "-pk").values("note")[:1]
    return queryset.select_related("requirement__item__area", "current__uploaded_by").annotate(
        last_note=Subquery(last_note)
    )


def register_queryset(plan) -> QuerySet:
    """Every evidence of the plan in the decree's order, loaded for the register: 1 query."""
    return register_loading(Evidence.objects.filter(requirement__item__area__plan=plan)).order_by(
        "requirement__item__area__order", "requirement__item__number", "requirement__order", "pk"
    )
