"""Admin for units, sections and memberships; non-superusers see only their own units."""
from django.contrib import admin

from accounts.models import Membership, Section, Unit
from accounts.selectors import user_units


class UnitScopedAdmin(admin.ModelAdmin):
    """Limits an admin's rows to the units where the user is coordinator; superusers see all.

    `unit_path` is the lookup from the model to its Unit ("" for Unit itself).
    """

    unit_path = "unit"

    def scoped_units(self, request):
        return user_units(user=request.user, roles=["koordinator"])

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = f"{self.unit_path}__in" if self.unit_path else "pk__in"
        return queryset.filter(**{lookup: self.scoped_units(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.related_model is Unit:
                kwargs["queryset"] = self.scoped_units(request)
            elif db_field.related_model is Section:
                kwargs["queryset"] = Section.objects.filter(unit__in=self.scoped_units(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Unit)
class UnitAdmin(UnitScopedAdmin):
    unit_path = ""
    list_display = ["name", "short_name", "code", "city", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "short_name", "code", "city"]
    prepopulated_fields = {"code": ["short_name"]}
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(UnitScopedAdmin):
    list_display = ["name", "short_name", "unit", "order"]
    list_filter = ["unit"]
    search_fields = ["name", "short_name"]
    list_select_related = ["unit"]


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdmin):
    list_display = ["user", "unit", "role", "section", "title"]
    list_filter = ["unit", "role", "section"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "title"]
    list_select_related = ["user", "unit", "section"]
