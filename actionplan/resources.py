"""Areas, rows and requirements for admin's import/export, keyed by what people call them, not by ids.

A plan is its unit's code, year and decree number; an area its numeral in the plan; a row its
number in the area; a requirement its position in the row. `before_import` loads the plans,
areas and rows the file can name once (three queries), so a row costs no look-up query.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from accounts.permissions import unit_ids_where
from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan

PLAN_KEY = ["unit", "year", "decree_number"]


class BusinessKeyResource(resources.ModelResource):
    """Shared: the plan's key columns, the look-up cache, and the user whose units bound it."""

    unit = fields.Field(column_name="unit")
    year = fields.Field(column_name="year")
    decree_number = fields.Field(column_name="decree_number")
    plan_path = "plan"  # from the model to its plan, for export

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def before_import(self, dataset, **kwargs):
        """Plans of the user's units, their areas and rows: three queries for the whole file."""
        plans = Plan.objects.select_related("unit")
        if self.user is not None:
            plans = plans.filter(unit_id__in=unit_ids_where(user=self.user, capability="admin_plan"))
        keys = {(str(r["unit"]).strip(), str(r["year"]).strip(), str(r["decree_number"]).strip()) for r in dataset.dict}
        self.plans = {
            (p.unit.code, str(p.year), p.decree_number): p
            for p in plans
            if (p.unit.code, str(p.year), p.decree_number) in keys
        }
        self.areas = {(a.plan_id, a.numeral): a for a in Area.objects.filter(plan__in=self.plans.values())}
        areas = {a.pk: a for a in self.areas.values()}
        self.items = {}
        for item in ActionItem.objects.filter(area__in=areas.values()):
            item.area = areas[item.area_id]  # a row's code and str() read its area: no query per row
            self.items[(item.area_id, item.number)] = item

    def plan_of(self, row) -> Plan:
        key = tuple(str(row.get(k, "")).strip() for k in PLAN_KEY)
        if key not in self.plans:
            raise ValidationError(_("No plan %(key)s in your units.") % {"key": " / ".join(key)})
        return self.plans[key]

    def area_of(self, row) -> Area:
        plan = self.plan_of(row)
        area = self.areas.get((plan.pk, str(row.get("area", "")).strip()))
        if area is None:
            raise ValidationError(_("Plan %(plan)s has no area %(area)s.") % {"plan": plan, "area": row.get("area")})
        return area

    def item_of(self, row) -> ActionItem:
        area = self.area_of(row)
        item = self.items.get((area.pk, int(row.get("row") or 0)))
        if item is None:
            raise ValidationError(
                _("Area %(area)s has no row %(row)s.") % {"area": area.numeral, "row": row.get("row")}
            )
        return item

    def _plan(self, obj) -> Plan:
        for part in self.plan_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def dehydrate_unit(self, obj):
        return self._plan(obj).unit.code

    def dehydrate_year(self, obj):
        return self._plan(obj).year

    def dehydrate_decree_number(self, obj):
        return self._plan(obj).decree_number


class AreaResource(BusinessKeyResource):
    class Meta:
        model = Area
        fields = [*PLAN_KEY, "numeral", "order", "title"]
        import_id_fields = [*PLAN_KEY, "numeral"]
        skip_unchanged = True
        report_skipped = True

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("plan__unit").order_by("plan", "order")

    def get_instance(self, instance_loader, row):
        plan = self.plan_of(row)
        return self.areas.get((plan.pk, str(row.get("numeral", "")).strip()))

    def before_save_instance(self, instance, row, **kwargs):
        instance.plan = self.plan_of(row)
        self.areas[(instance.plan.pk, instance.numeral)] = instance


class ActionItemResource(BusinessKeyResource):
    area = fields.Field(column_name="area")
    target_months = fields.Field(column_name="target_months")
    plan_path = "area__plan"

    class Meta:
        model = ActionItem
        fields = [
            *PLAN_KEY,
            "area",
            "number",
            "komponen",
            "indikator",
            "langkah_aksi",
            "bukti_fisik",
            "target_months",
            "target_year",
            "target_text",
            "import_note",
        ]
        import_id_fields = [*PLAN_KEY, "area", "number"]
        skip_unchanged = True
        report_skipped = True

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("area__plan__unit").order_by("area__plan", "area__order", "number")

    def dehydrate_area(self, item):
        return item.area.numeral

    def dehydrate_target_months(self, item):
        return ",".join(str(m) for m in item.target_months)

    def get_instance(self, instance_loader, row):
        area = self.area_of(row)
        return self.items.get((area.pk, int(row.get("number") or 0)))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        try:
            months = sorted(
                {int(m) for m in str(row.get("target_months", "")).replace(";", ",").split(",") if m.strip()}
            )
        except ValueError:
            months = []
        if not months or not all(1 <= m <= 12 for m in months):
            raise ValidationError({"target_months": _("Months as numbers 1–12, e.g. 3,6,9,12.")})
        instance.set_target_months(months)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # target_months is no model attribute, so import-export's comparison would not see it change.
        if original is not None and original.pk and instance.target_months != original.target_months:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance.area = self.area_of(row)
        self.items[(instance.area.pk, instance.number)] = instance


class EvidenceRequirementResource(BusinessKeyResource):
    area = fields.Field(column_name="area")
    row = fields.Field(column_name="row")
    plan_path = "item__area__plan"

    class Meta:
        model = EvidenceRequirement
        fields = [*PLAN_KEY, "area", "row", "order", "name"]
        import_id_fields = [*PLAN_KEY, "area", "row", "order"]
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.requirements = {
            (r.item_id, r.order): r for r in EvidenceRequirement.objects.filter(item__in=self.items.values())
        }

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("item__area__plan__unit").order_by(
            "item__area__plan", "item__area__order", "item__number", "order"
        )

    def dehydrate_area(self, requirement):
        return requirement.item.area.numeral

    def dehydrate_row(self, requirement):
        return requirement.item.number

    def get_instance(self, instance_loader, row):
        return self.requirements.get((self.item_of(row).pk, int(row.get("order") or 0)))

    def before_save_instance(self, instance, row, **kwargs):
        instance.item = self.item_of(row)


class UserResourceKwargs:
    """Admin mixin: the resources see the signed-in user, to bound their look-ups to the user's units."""

    def get_import_resource_kwargs(self, request, **kwargs):
        return super().get_import_resource_kwargs(request, **kwargs) | {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return super().get_export_resource_kwargs(request, **kwargs) | {"user": request.user}
