"""The user's choice of which notifications also come by e-mail."""

from django import forms

from notifications.models import Kind


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind, ticked = by e-mail too (the bell shows every kind either way)."""

    def __init__(self, *args, choices: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(label=kind.label, required=False, initial=choices[kind.value])


class MarkReadForm(forms.Form):
    """'Mark all as read' for what the page listed: the newest notification's id on it."""

    up_to = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
