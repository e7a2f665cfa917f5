"""Admin scoped to the user's units: querysets, choices, inlines, history views and exports.

Superusers see everything. Other staff reach an admin page only through a capability of the
table in `accounts.permissions` (`admin_capability`), and then only their units' rows: every
queryset, every foreign-key and many-to-many choice, every inline and django-simple-history's
history and revert views go through `accounts.permissions.scoped`.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Membership, Profile, Section, Unit
from accounts.permissions import FLOWS_DOWN, capabilities, managed_user_ids, scoped, unit_ids_where
from zi_tracker.limits import DECREE_TEXT_MAX

User = get_user_model()


def _is_root(request) -> bool:
    return request.user.is_active and request.user.is_superuser


def _may(request, capability: str) -> bool:
    """Staff with the capability in at least one unit (superusers always); 1 query per request."""
    user = request.user
    if _is_root(request):
        return True
    if not (user.is_active and user.is_staff):
        return False
    if not hasattr(request, "_zi_caps"):
        # Admin asks has_*_permission many times per page; the roles do not change within it.
        request._zi_caps = capabilities(user=user)
    return getattr(request._zi_caps, capability)


def scoped_choices(admin_site, related_model, queryset, request, capability: str):
    """A select's choices limited to the units where the user may do `capability`.

    A model registered with a UnitScopedAdmin is scoped by that admin's `unit_path`; users are
    limited to members of those units. Any other model offers nothing (deny by default).
    """
    queryset = queryset.select_related(*label_relations(admin_site, related_model))
    if _is_root(request):
        return queryset
    if related_model is User:
        members = Membership.objects.filter(unit_id__in=unit_ids_where(user=request.user, capability=capability))
        return queryset.filter(pk__in=members.values("user_id"))
    related_admin = admin_site._registry.get(related_model)
    if isinstance(related_admin, UnitScopedAdmin):
        return scoped(queryset, user=request.user, unit_path=related_admin.unit_path, capability=capability)
    return queryset.none()


def label_relations(admin_site, model) -> list[str]:
    """What `str()` of `model`'s rows reads from other tables (its admin's `label_select_related`)."""
    return list(getattr(admin_site._registry.get(model), "label_select_related", []))


class LabelledRelatedFilter(admin.RelatedFieldListFilter):
    """A relation's filter whose choices are named in one query (`label_select_related` joined in).

    Django's own asks `str()` of each choice as it comes: a plan's name reads its unit, one query
    per plan (issue 12: 10 → 110 queries from 4 to 104 plans on the area, row, requirement and
    evidence lists). With `used_only`, only values of the user's own rows are offered.
    """

    used_only = False

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        choices = related._default_manager.select_related(*label_relations(model_admin.admin_site, related))
        if self.used_only:
            used = model_admin.get_queryset(request).distinct().values_list(f"{self.field_path}__pk", flat=True)
            choices = choices.filter(pk__in=used)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            choices = choices.order_by(*ordering)
        attname = field.remote_field.get_related_field().attname
        return [(getattr(choice, attname), str(choice)) for choice in choices]


class LabelledRelatedOnlyFilter(LabelledRelatedFilter):
    used_only = True


def _choices_once(field):
    """Give a select's choices one query per page, not one per inline row that renders it.

    Each inline form deep-copies the field with a fresh queryset; the iterator class survives
    the copy, and this one keeps the rows it read the first time (the field lives one request).
    """
    if field is None or not hasattr(field, "iterator"):
        return field
    cache: list = []

    class OnceIterator(field.iterator):
        def __iter__(self):
            if not cache:
                cache.extend(super().__iter__())
            yield from cache

    field.iterator = OnceIterator
    return field


class ScopedChoicesMixin:
    """formfield_for_foreignkey / _manytomany through `scoped_choices`; used by admins and inlines.

    Free text (TextField) gets the form-level length limit of zi_tracker.limits too.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            kwargs.setdefault("max_length", DECREE_TEXT_MAX)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _scoped_formfield(self, db_field, request, kwargs):
        related = db_field.related_model
        base = kwargs.get("queryset")
        base = related._default_manager.all() if base is None else base
        kwargs["queryset"] = scoped_choices(self.admin_site, related, base, request, self.admin_capability)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scoped_formfield(db_field, request, kwargs)
        return _choices_once(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scoped_formfield(db_field, request, kwargs)
        return _choices_once(super().formfield_for_manytomany(db_field, request, **kwargs))


class UnitScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """An admin whose rows belong to a unit: `unit_path` is the lookup from the model to its Unit.

    `admin_capability` names the capability (in accounts.permissions.CAN) that opens it.
    """

    unit_path = "unit"
    admin_capability = "admin_plan"
    label_select_related: list[str] = []  # what str() of a row reads from other tables, for selects and filters

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return scoped(queryset, user=request.user, unit_path=self.unit_path, capability=self.admin_capability)

    def has_module_permission(self, request):
        return _may(request, self.admin_capability)

    def has_view_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_add_permission(self, request):
        return _may(request, self.admin_capability)

    def has_change_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_delete_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_export_permission(self, request):
        return self.has_view_permission(request)  # import-export's default lets any staff member export

    def has_import_permission(self, request):
        return self.has_change_permission(request)

    def get_list_filter(self, request):
        """Relation filters list only values of the user's own rows (never another unit's names)."""
        filter_class = LabelledRelatedFilter if _is_root(request) else LabelledRelatedOnlyFilter
        scoped_filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation:
                entry = (entry, filter_class)
            scoped_filters.append(entry)
        return scoped_filters

    def _scoped_object_or_404(self, request, object_id):
        if not _is_root(request) and not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    # django-simple-history's views find the object (or its past versions) without get_queryset().
    def history_view(self, request, object_id, extra_context=None):
        self._scoped_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._scoped_object_or_404(request, object_id)
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied  # simple-history saves a posted revert on view permission alone
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class ScopedInline(ScopedChoicesMixin):
    """An inline with its parent admin's capability and scoped choices (mix in before the Inline class)."""

    admin_capability = "admin_plan"

    def has_view_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_add_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_change_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_delete_permission(self, request, obj=None):
        return _may(request, self.admin_capability)


class SectionInline(ScopedInline, admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Unit)
class UnitAdmin(UnitScopedAdmin, SimpleHistoryAdmin):
    unit_path = ""
    list_display = ["name", "short_name", "code", "city", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "short_name", "code", "city"]
    list_select_related = ["parent"]
    prepopulated_fields = {"code": ["short_name"]}
    inlines = [SectionInline]

    def get_readonly_fields(self, request, obj=None):
        # A coordinator's select could only offer their own units: saving would clear the parent.
        return [*super().get_readonly_fields(request, obj), *([] if _is_root(request) else ["parent"])]

    def has_add_permission(self, request):
        return _is_root(request)  # a new unit would be outside the coordinator's scope at once

    def has_delete_permission(self, request, obj=None):
        return _is_root(request)


@admin.register(Section)
class SectionAdmin(UnitScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "unit", "order"]
    list_filter = ["unit"]
    search_fields = ["name", "short_name"]
    list_select_related = ["unit"]


class MembershipAdminForm(forms.ModelForm):
    """A role that flows down, in a unit with units below, opens all of them: only superusers give it."""

    granted_by = None  # the request's user, set by MembershipAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        role, unit = cleaned.get("role"), cleaned.get("unit")
        if (
            role in FLOWS_DOWN
            and unit is not None
            and unit.children.exists()
            and not capabilities(user=self.granted_by).grant_flowing_roles
        ):
            self.add_error(
                "role",
                _("Only an administrator may give this role in %(unit)s: it reaches every unit below it.")
                % {"unit": unit},
            )
        return cleaned


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdmin, SimpleHistoryAdmin):
    admin_capability = "manage_members"
    form = MembershipAdminForm
    list_display = ["user", "unit", "role", "section", "title"]
    list_filter = ["unit", "role", "section"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "title"]
    list_select_related = ["user", "unit", "section"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"granted_by": request.user})


class ProfileInline(ScopedInline, admin.StackedInline):
    """The NIP printed under a member's signature (the position is each membership's title)."""

    model = Profile
    admin_capability = "manage_members"
    can_delete = False
    fields = ["nip"]


admin.site.unregister(User)


@admin.register(User)
class MemberUserAdmin(ScopedChoicesMixin, UserAdmin):
    """Users: superusers manage every account; coordinators only their units' members' names,
    e-mail, active flag and password (never staff, superuser, groups or permissions)."""

    admin_capability = "manage_members"
    list_select_related = []
    inlines = [ProfileInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_root(request):
            return queryset
        return queryset.filter(pk__in=managed_user_ids(user=request.user), is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        if _is_root(request) or obj is None:
            return super().get_fieldsets(request, obj)
        return [
            (None, {"fields": ["username", "password"]}),
            ("", {"fields": ["first_name", "last_name", "email", "is_active"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return super().get_readonly_fields(request, obj) if _is_root(request) else ["username"]

    def get_list_filter(self, request):
        return super().get_list_filter(request) if _is_root(request) else ["is_active"]

    def has_module_permission(self, request):
        return _may(request, self.admin_capability)

    def has_view_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_change_permission(self, request, obj=None):
        return _may(request, self.admin_capability)

    def has_add_permission(self, request):
        return _is_root(request)  # coordinators add PIC accounts on the unit's member page

    def has_delete_permission(self, request, obj=None):
        return _is_root(request)
