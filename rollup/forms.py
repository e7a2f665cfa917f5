"""The roll-up's filter and sort (one form for the page and its xlsx/PDF), and the assessor's verdict."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rollup.models import Verdict
from rollup.services import NOTE_MAX

PLAN_STATES = [("", _("Any")), ("enacted", _("Enacted")), ("none", _("Not enacted"))]
VERDICTS = [("", _("Any")), *Verdict.choices, ("none", _("Not assessed yet"))]
PREDIKAT = [("", _("Any")), ("wbbm", "Menuju WBBM"), ("wbk", "Menuju WBK"), ("none", _("Not met"))]
SORTS = [
    ("name", _("Unit")),
    ("percent", _("Realisation")),
    ("done", _("Rows done")),
    ("late", _("Rows late")),
    ("coverage", _("Evidence coverage")),
    ("unreported", _("Reports missing")),
    ("lke_unit", _("LKE self-score")),
    ("lke_tpi", _("LKE reviewer score")),
    ("activity", _("Last activity")),
]


class RollupFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    q = forms.CharField(label=_("Unit name"), max_length=100, required=False)
    group = forms.TypedChoiceField(label=_("Province"), coerce=int, empty_value=None, required=False)
    plan = forms.ChoiceField(label=_("Plan"), choices=PLAN_STATES, required=False)
    verdict = forms.ChoiceField(label=_("Preliminary assessment"), choices=VERDICTS, required=False)
    predikat = forms.ChoiceField(label=_("Predicate"), choices=PREDIKAT, required=False)
    late = forms.BooleanField(label=_("With late rows"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    desc = forms.BooleanField(label=_("Descending"), required=False)

    def __init__(self, *args, years: list[int], groups: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        if groups:
            self.fields["group"].choices = [("", _("All")), *((u.pk, u.short_name or u.name) for u in groups)]
        else:
            del self.fields["group"]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Notes for the unit"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Required when the plan is returned: what must the unit improve?"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") == Verdict.DIKEMBALIKAN and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what the unit must improve before it is assessed again."))
        return cleaned
