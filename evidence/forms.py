"""Forms for evidence: upload several files, replace one, review one."""
from django import forms
from django.utils.translation import gettext_lazy as _

from actionplan.models import MONTH_CHOICES, ActionItem
from evidence.models import Review


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # Empty files reach services.upload_check, whose message names the file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class EvidenceUploadForm(forms.Form):
    requirement = forms.TypedChoiceField(label=_("Required document"), coerce=int)
    month = forms.TypedChoiceField(label=_("Month it belongs to"), coerce=int, empty_value=None, required=False)
    files = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args, item: ActionItem, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [(r.pk, r.name) for r in requirements]
        self.fields["month"].choices = [("", _("Whole period"))] + [
            (m, f"{MONTH_CHOICES[m - 1][1]} {item.target_year}") for m in item.target_months
        ]


class EvidenceReplaceForm(forms.Form):
    file = forms.FileField(label=_("New file"), required=False, allow_empty_file=True)


class ReviewForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note for the PIC"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QueueFilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, empty_value=None, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, areas, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas"))] + [(a.pk, f"{a.plan.year} · {a}") for a in areas]
        self.fields["status"].choices = [("", _("All statuses"))] + list(statuses)
