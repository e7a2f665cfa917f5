"""Writes for a unit's members: a coordinator adds PIC accounts and resets their passwords."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.models import Membership, Section, Unit
from accounts.permissions import NEW_MEMBER_ROLE

User = get_user_model()


def member_add(
    *, unit: Unit, form_user: AbstractBaseUser, section: Section | None, title: str, by: AbstractBaseUser
) -> Membership:
    """Save the new account (from a validated UserCreationForm) and make it a PIC of the unit."""
    with transaction.atomic():
        form_user.save()
        membership = Membership(user=form_user, unit=unit, role=NEW_MEMBER_ROLE, section=section, title=title)
        membership._history_user = by
        membership.save()
        return membership


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
