"""Forms of the unit's member page: a new PIC account, a new password for a member."""

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Section

NAME_MAX = 150


class MemberAddForm(BaseUserCreationForm):
    """A new account with its name and e-mail (for password reset), its section and position."""

    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none(), required=False)
    title = forms.CharField(label=_("Position"), max_length=200, required=False)

    class Meta(BaseUserCreationForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(unit=unit)
        self.fields["first_name"].required = True
        self.fields["email"].required = True
