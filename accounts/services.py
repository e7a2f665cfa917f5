"""Writes for a unit's members: a coordinator adds PIC accounts and resets their passwords."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.models import Membership, Profile, Section, Unit
from accounts.permissions import NEW_MEMBER_ROLE

User = get_user_model()


def member_add(
    *,
    unit: Unit,
    form_user: AbstractBaseUser,
    section: Section | None,
    title: str,
    by: AbstractBaseUser,
    nip: str = "",
) -> Membership:
    """Save the new account (from a validated UserCreationForm) and make it a PIC of the unit."""
    with transaction.atomic():
        form_user.save()
        membership = Membership(user=form_user, unit=unit, role=NEW_MEMBER_ROLE, section=section, title=title)
        membership._history_user = by
        membership.save()
        if nip:
            _profile_save(user=form_user, nip=nip, by=by)
        return membership


def _profile_save(*, user: AbstractBaseUser, nip: str, by: AbstractBaseUser) -> None:
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    if profile.pk and profile.nip == nip:
        return
    profile.nip = nip
    profile._history_user = by
    profile.full_clean()
    profile.save()


def member_profile_set(
    *, unit: Unit, member: AbstractBaseUser, first_name: str, last_name: str, nip: str, title: str, by: AbstractBaseUser
) -> None:
    """A member's name, NIP and position as the unit's documents print them (the Laporan Monev's signatures).

    The position is the title of each of the member's roles in this unit; other offices' stay as they are.
    """
    with transaction.atomic():
        if (member.first_name, member.last_name) != (first_name, last_name):
            member.first_name, member.last_name = first_name, last_name
            member.save(update_fields=["first_name", "last_name"])
            LogEntry.objects.log_actions(
                user_id=by.pk,
                queryset=[member],
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": ["first_name", "last_name"]}}],
                single_object=True,
            )
        _profile_save(user=member, nip=nip, by=by)
        for membership in Membership.objects.filter(user=member, unit=unit).exclude(title=title):
            membership.title = title
            membership._history_user = by
            membership.save()


def member_password_set(*, password_form, by: AbstractBaseUser) -> AbstractBaseUser:
    """Save a new password (a validated SetPasswordForm); the member's other sessions end with it.

    Recorded in the account's admin history (who reset it, when), never the password itself.
    """
    with transaction.atomic():
        user = password_form.save()
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": ["password"]}}],
            single_object=True,
        )
        return user
