"""Forms of the unit's member page: a new PIC account, a new password for a member."""

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import NIP_VALIDATOR, Section

NAME_MAX = 150


class MemberAddForm(BaseUserCreationForm):
    """A new account with its name and e-mail (for password reset), its section and position."""

    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none(), required=False)
    title = forms.CharField(label=_("Position"), max_length=200, required=False)
    nip = forms.CharField(label="NIP", max_length=30, required=False, help_text=_("Nomor Induk Pegawai, 18 digits."))

    class Meta(BaseUserCreationForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(unit=unit)
        self.fields["first_name"].required = True
        self.fields["email"].required = True

    def clean_nip(self):
        return clean_nip(self.cleaned_data["nip"])


def clean_nip(value: str) -> str:
    """A NIP as typed ("19850330 201012 1 002") to its 18 digits; "" stays "" (it is optional)."""
    digits = "".join(value.split())
    if digits:
        NIP_VALIDATOR(digits)
    return digits


class MemberProfileForm(forms.Form):
    """What the unit's documents print of a member: name, NIP, position (on each of their roles here)."""

    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX)
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX, required=False)
    nip = forms.CharField(label="NIP", max_length=30, required=False, help_text=_("Nomor Induk Pegawai, 18 digits."))
    title = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        help_text=_("e.g. Sekretaris; printed under the signature."),
    )

    def clean_nip(self):
        return clean_nip(self.cleaned_data["nip"])
