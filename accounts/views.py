"""The unit's member page: a coordinator adds PIC accounts and resets their passwords, no superuser needed."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.forms import MemberAddForm, MemberProfileForm
from accounts.models import Membership, Profile, Unit
from accounts.permissions import managed_user_ids, require, scoped
from accounts.services import member_add, member_password_set, member_profile_set

User = get_user_model()


def _managed_unit(request, pk: int) -> Unit:
    """The unit, if the user sees it (404 otherwise) and may manage its members (403 otherwise)."""
    unit = get_object_or_404(scoped(Unit.objects.all(), user=request.user, unit_path=""), pk=pk)
    require(request.user, unit, "manage_members")
    return unit


def members(request, pk: int):
    """The unit's members with their roles; a form for a new PIC account: 3 queries plus the form's."""
    unit = _managed_unit(request, pk)
    form = MemberAddForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        member_add(
            unit=unit,
            form_user=form.save(commit=False),
            section=form.cleaned_data["section"],
            title=form.cleaned_data["title"],
            nip=form.cleaned_data["nip"],
            by=request.user,
        )
        messages.success(
            request,
            _("%(name)s can now log in as %(username)s.")
            % {"name": form.cleaned_data["first_name"], "username": form.cleaned_data["username"]},
        )
        return redirect("accounts:members", pk=unit.pk)
    memberships = (
        Membership.objects.filter(unit=unit)
        .select_related("user__profile", "section")
        .order_by("user__username", "role")
    )
    managed = set(User.objects.filter(pk__in=managed_user_ids(user=request.user)).values_list("pk", flat=True))
    context = {"unit": unit, "memberships": memberships, "managed": managed, "form": form}
    return render(request, "accounts/members.html", context, status=400 if form.errors else 200)


def _managed_member(request, unit, user_id: int):
    """A member of this unit only, whom the user may manage (never one who also belongs to another office)."""
    return get_object_or_404(
        User.objects.filter(pk__in=managed_user_ids(user=request.user), memberships__unit=unit).distinct(), pk=user_id
    )


def member_edit(request, pk: int, user_id: int):
    """A member's name, NIP and position, as the unit's signed documents print them."""
    unit = _managed_unit(request, pk)
    member = _managed_member(request, unit, user_id)
    titles = list(Membership.objects.filter(user=member, unit=unit).values_list("title", flat=True))
    initial = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "nip": Profile.nip_of(member),
        "title": next((t for t in titles if t), ""),
    }
    form = MemberProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        member_profile_set(unit=unit, member=member, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved for %(username)s.") % {"username": member.username})
        return redirect("accounts:members", pk=unit.pk)
    return render(
        request,
        "accounts/member_edit.html",
        {"unit": unit, "member": member, "form": form},
        status=400 if form.errors else 200,
    )


def member_password(request, pk: int, user_id: int):
    """A new password for a member of this unit only (never one who also belongs to another office)."""
    unit = _managed_unit(request, pk)
    member = _managed_member(request, unit, user_id)
    form = SetPasswordForm(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        member_password_set(password_form=form, by=request.user)
        messages.success(
            request,
            _("New password saved for %(username)s. Give it to them in person.") % {"username": member.username},
        )
        return redirect("accounts:members", pk=unit.pk)
    return render(
        request,
        "accounts/member_password.html",
        {"unit": unit, "member": member, "form": form},
        status=400 if form.errors else 200,
    )
