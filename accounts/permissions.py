"""What each role may do: the one capability table, read by views, templates, admin and commands.

Scope first, then capability: an object outside the user's units answers 404 (`scoped`,
`accounts.selectors.user_units` and the `visible_*` selectors built on it); inside them, an action
the user's roles do not allow answers 403 (`require`). Role names appear here and nowhere else
(models, fixtures and the demo seed aside): code asks for a capability, never for a role.

A role held in a unit also applies to every unit below it when it flows down (`FLOWS_DOWN`: a
province's leadership, reviewers and preliminary assessors over its kabupaten/kota); what it may
do there is `CAN_BELOW`, the same table without the unit's own signatures, plus what only exists
from above (the preliminary assessment). Coordinators and PICs never reach below their office.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.functional import SimpleLazyObject

from accounts.models import Membership, Role, Unit
from accounts.selectors import FLOWING_ROLES, unit_ancestor_ids, user_unit_ids, user_units

User = AbstractBaseUser | AnonymousUser

EVERY_ROLE = frozenset(Role.values)
K, PIC, PIMPINAN, PENILAI = Role.KOORDINATOR, Role.PIC, Role.PIMPINAN, Role.PENILAI
ASSESSOR = Role.PENILAI_PENDAHULUAN  # the province's preliminary assessor (penilaian pendahuluan)

CAN: dict[str, frozenset[str]] = {
    # Reading
    "view_plan": EVERY_ROLE,  # the plan, its rows, the dashboard, the PDFs
    "export": EVERY_ROLE,  # Lampiran/Monev files, the evidence register and bundle
    "view_old_revisions": frozenset({PENILAI, K}),  # earlier files of a document (its uploader too)
    # Landing pages: where "/" takes the user (first match wins, see actionplan.views.home)
    "lands_on_my_work": frozenset({PIC}),  # "Pekerjaan saya"
    "lands_on_dashboard": frozenset({PIMPINAN}),
    "lands_on_queue": frozenset({PENILAI}),  # "Antrean penilaian"
    "lands_on_rollup": frozenset({PIMPINAN, ASSESSOR}),  # the roll-up, when they hold it in a unit with units below
    # Signatures on the Laporan Monev
    "acknowledges_monev": frozenset({PIMPINAN}),  # "Mengetahui"
    "coordinates": frozenset({K}),  # "Koordinator Tim ZI"
    # Writing in the app
    "report_progress": frozenset({PIC, K}),  # PICs on the rows they are PIC of, see `report_any_row`
    "report_any_row": frozenset({K}),
    "upload_evidence": frozenset({PIC, K}),  # same rows as report_progress
    "review": frozenset({PENILAI, K}),
    "edit_rows": frozenset({K}),
    "close_month": frozenset({K}),
    "manage_members": frozenset({K}),  # add PIC accounts, reset their passwords, admin users/memberships
    "author_plan": frozenset({K}),  # create a plan, edit its decree, areas, rows and requirements; enact; copy
    "view_drafts": frozenset({K}),  # a draft plan (not yet ditetapkan) exists only for them: 404 for others
    # Monev meetings and leadership's recommendations (monitoring/)
    "record_monev": frozenset({K}),  # record a meeting, its conclusions and recommendations; reopen one
    "follow_up_recommendation": frozenset({PIC, K}),  # theirs or their section's, see `follow_up_any_recommendation`
    "follow_up_any_recommendation": frozenset({K}),
    "edit_letterhead": frozenset({K}),  # the unit's kop surat on its documents: logo, heading, address
    # Penilaian mandiri (LKE)
    "lke_view": EVERY_ROLE,  # the LKE with both columns, the score, the simulator, the gap lists
    "lke_answer": frozenset({PIC, K}),  # the unit's column; PICs on the areas of their rows, see `lke_answer_any_area`
    "lke_answer_any_area": frozenset({K}),
    "lke_review": frozenset({PENILAI}),  # the TPI column ("Penilaian TPI"), kept apart from the unit's
    "lke_link_rows": frozenset({K}),  # which plan rows serve which sub-indikator
    "lke_import": frozenset({K}),  # replace the answers from a filled LKE workbook
    # The units below (rollup/): one table of every office under a province or KPU RI
    "view_rollup": EVERY_ROLE,  # its own line to everyone; units below only through a role that flows down
    "assess_preliminary": frozenset(),  # only from above, see CAN_BELOW: "layak dievaluasi TPI" or returned
    "grant_flowing_roles": frozenset(),  # superusers: a flowing role in a unit with units below opens them all
    # Django admin (staff accounts only): the plan's decree data, sections and the unit itself
    "admin_plan": frozenset({K}),
    "admin_evidence": frozenset({K}),  # read-only, with the register export
}


# Roles whose membership applies to the units below its unit too (accounts.selectors reads it).
FLOWS_DOWN = FLOWING_ROLES
# Capabilities that stay in the unit where the role is held: its own Monev's signatures.
HERE_ONLY = frozenset({"acknowledges_monev", "coordinates"})
# Capabilities that exist only from a unit above: a province assesses its kabupaten/kota, not itself.
ONLY_FROM_ABOVE: dict[str, frozenset[str]] = {"assess_preliminary": frozenset({ASSESSOR})}
# What a role held in a unit above grants in this one.
CAN_BELOW: dict[str, frozenset[str]] = {
    capability: (frozenset() if capability in HERE_ONLY else roles & FLOWS_DOWN)
    | ONLY_FROM_ABOVE.get(capability, frozenset())
    for capability, roles in CAN.items()
}
assert not any({K, PIC} & roles for roles in CAN_BELOW.values()), "coordinators and PICs never flow down"
assert ONLY_FROM_ABOVE.keys() <= CAN.keys()


# The role an account gets when a coordinator adds it on the unit's member page.
NEW_MEMBER_ROLE = PIC


def roles_with(capability: str) -> frozenset[str]:
    """The roles granted a capability (for queries over memberships, e.g. reminders)."""
    return CAN[capability]


def user_roles(*, user: User, unit: Unit | int) -> frozenset[str]:
    """The roles the user holds in one unit: 1 query (none for anonymous users)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return frozenset(Membership.objects.filter(user=user, unit_id=unit_id).values_list("role", flat=True))


class Caps:
    """What a user may do in one unit (or in any of their units), as attributes: `caps.review`.

    `roles` are held in the unit itself, `roles_above` in a unit above it (only those that flow
    down count, through CAN_BELOW). Superusers may do everything everywhere. An unknown capability
    name raises, so a typo in a view fails loudly (templates show nothing for it).
    """

    def __init__(self, *, roles: Iterable[str], roles_above: Iterable[str] = (), superuser: bool = False):
        self.roles = frozenset(roles)
        self.roles_above = frozenset(roles_above) & FLOWS_DOWN
        self.superuser = superuser

    def __getattr__(self, name: str) -> bool:
        if name not in CAN:
            raise AttributeError(name)
        return self.superuser or bool(self.roles & CAN[name]) or bool(self.roles_above & CAN_BELOW[name])

    def __contains__(self, name: str) -> bool:
        return getattr(self, name)

    def __repr__(self) -> str:
        return f"Caps({sorted(name for name in CAN if name in self)})"


def capabilities(*, user: User, unit: Unit | int | None = None) -> Caps:
    """The user's capabilities in `unit` (its own roles and the flowing ones held above it), or
    across all their units when None: 1 query."""
    superuser = bool(user.is_authenticated and user.is_active and user.is_superuser)
    if superuser:
        return Caps(roles=(), superuser=True)
    if not user.is_authenticated or not user.is_active:
        return Caps(roles=())
    if unit is None:
        # In some unit: a flowing role's capabilities below count too (its unit may have none below;
        # the pages that list units below say so).
        roles = frozenset(Membership.objects.filter(user=user).order_by().values_list("role", flat=True).distinct())
        return Caps(roles=roles, roles_above=roles)
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    held = Membership.objects.filter(user=user)
    if isinstance(unit, Unit) and unit.parent_id is None:
        held = held.filter(unit_id=unit_id)  # a unit at the top: nothing above it to flow down
    else:
        held = held.filter(Q(unit_id=unit_id) | (unit_ancestor_ids(unit=unit_id) & Q(role__in=sorted(FLOWS_DOWN))))
    here, above = set(), set()
    for role, role_unit in held.values_list("role", "unit_id"):
        (here if role_unit == unit_id else above).add(role)
    return Caps(roles=here, roles_above=above)


def require(user: User, unit: Unit | int, capability: str) -> Caps:
    """Raise PermissionDenied (403) unless the user may do `capability` in the unit; return their caps.

    Call it on an object already found inside the user's scope: outside it, the answer is 404.
    """
    caps = capabilities(user=user, unit=unit)
    if not getattr(caps, capability):
        raise PermissionDenied
    return caps


def units_where(*, user: User, capability: str) -> QuerySet[Unit]:
    """Units in which the user may do `capability` (every unit for superusers), as a subquery."""
    return user_units(user=user, roles=CAN[capability], roles_below=CAN_BELOW[capability])


def unit_ids_where(*, user: User, capability: str) -> QuerySet:
    return user_unit_ids(user=user, roles=CAN[capability], roles_below=CAN_BELOW[capability])


def managed_user_ids(*, user: User) -> QuerySet:
    """Accounts the user may manage: members of units where they may manage members, and of no other.

    A member who also belongs to another office stays out of reach: resetting their password
    would open that office too.
    """
    units = unit_ids_where(user=user, capability="manage_members")
    elsewhere = Membership.objects.exclude(unit_id__in=units).values("user_id")
    return Membership.objects.filter(unit_id__in=units).exclude(user_id__in=elsewhere).values("user_id")


def scoped(queryset: QuerySet, *, user: User, unit_path: str, capability: str = "view_plan") -> QuerySet:
    """`queryset` limited to objects of the units where the user may do `capability`.

    `unit_path` is the lookup from the model to its Unit ("" for Unit itself). This is the one
    object-scoping path: a view's `get_object_or_404(scoped(...), pk=...)` answers 404 outside it.
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    lookup = f"{unit_path}_id__in" if unit_path else "pk__in"
    return queryset.filter(**{lookup: unit_ids_where(user=user, capability=capability)})


def caps_context(request) -> dict:
    """Template context processor: `caps` across the user's units, computed only if a page asks.

    Pages about one unit's plan put that unit's `caps` in their own context, which wins.
    """
    return {"caps": SimpleLazyObject(lambda: capabilities(user=request.user))}
