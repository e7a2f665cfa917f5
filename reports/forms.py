"""Forms for the read-only reports: which plan, as of which month, which period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actionplan.models import MONTH_CHOICES, ItemStatus


def _month_choices(months, year):
    return [(m, f"{MONTH_CHOICES[m - 1][1]} {year}") for m in months]


class DashboardForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Plan"), coerce=int, required=False)
    month = forms.TypedChoiceField(label=_("As of the end of"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, plans, plan, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, p.label) for p in plans]
        self.fields["month"].choices = [("", _("Today"))] + _month_choices(months, plan.year)
        for name in self.fields:
            self.fields[name].widget.attrs["class"] = "form-select"


class ItemFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses"))] + ItemStatus.choices
    )
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, empty_value=None, required=False)
    section = forms.TypedChoiceField(label=_("Section"), coerce=int, empty_value=None, required=False)
    in_month = forms.TypedChoiceField(
        label=_("In target in"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("All months"))] + MONTH_CHOICES,
    )
    month = forms.TypedChoiceField(label=_("As of the end of"), coerce=int, empty_value=None, required=False)
    waiting = forms.BooleanField(label=_("With evidence waiting for review"), required=False)
    unreported = forms.BooleanField(label=_("Without a report for that month"), required=False)

    def __init__(self, *args, plan, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas"))] + [(a.pk, str(a)) for a in plan.areas.order_by("order")]
        self.fields["section"].choices = [("", _("All sections"))] + [
            (s.pk, s.name) for s in plan.unit.sections.order_by("order")
        ]
        self.fields["month"].choices = [("", _("Today"))] + _month_choices(months, plan.year)


class MonevForm(forms.Form):
    """A month (1–12) or a quarter (Q1–Q4) of the plan's year."""

    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, plan, months, **kwargs):
        super().__init__(*args, **kwargs)
        quarters = [
            (
                f"q{q}",
                _("Quarter %(q)s (%(start)s – %(end)s %(year)s)")
                % {
                    "q": "I II III IV".split()[q - 1],
                    "start": MONTH_CHOICES[3 * q - 3][1],
                    "end": MONTH_CHOICES[3 * q - 1][1],
                    "year": plan.year,
                },
            )
            for q in range(1, 5)
            if 3 * q - 2 in months
        ]
        self.fields["period"].choices = [(str(m), label) for m, label in _month_choices(months, plan.year)] + quarters
        self.fields["period"].widget.attrs["class"] = "form-select"
