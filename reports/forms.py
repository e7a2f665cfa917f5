"""Forms for the read-only reports: which plan, as of which month, which period."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from actionplan.models import MONTH_CHOICES, ItemStatus
from monitoring.periods import period_of, periods_begun


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
    """A period of the plan's year that has begun: a month, a quarter, a semester or the year (monitoring.periods)."""

    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, plan, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["period"].choices = [(p.code, p.label) for p in periods_begun(year=plan.year, months=months)]
        self.fields["period"].widget.attrs["class"] = "form-select"


class MonevDocumentForm(MonevForm):
    """The period, and what the signed document says: the place and date of signing, who signs.

    Left empty, the place is the decree's, the date the period's Monev meeting (or the period's end),
    the signers the unit's first leader and coordinator: never the day of the download.
    """

    signed_place = forms.CharField(label=_("Place of signing"), max_length=100, required=False)
    signed_on = forms.DateField(
        label=_("Date of signing"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    leader = forms.TypedChoiceField(
        label=_("Acknowledged by (Mengetahui)"), coerce=int, required=False, empty_value=None
    )
    coordinator = forms.TypedChoiceField(label=_("Coordinator"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, leaders, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in [*leaders, *coordinators]}
        self.fields["leader"].choices = [(m.pk, _signer_label(m)) for m in leaders] or [("", "—")]
        self.fields["coordinator"].choices = [(m.pk, _signer_label(m)) for m in coordinators] or [("", "—")]
        for name in ("signed_place", "signed_on"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["signed_place"].widget.attrs["placeholder"] = self.plan.signed_place or self.plan.unit.city
        for name in ("leader", "coordinator"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        signed_on, period = data.get("signed_on"), data.get("period")
        if signed_on and period:
            first = period_of(period, self.plan.year).months[0]
            if signed_on < date(self.plan.year, first, 1):
                self.add_error("signed_on", _("The report cannot be signed before its period begins."))
            elif signed_on.year > self.plan.year + 1:
                self.add_error("signed_on", _("Choose a date within a year of the plan's."))
        for name in ("leader", "coordinator"):
            data[name] = self.members.get(data.get(name)) if data.get(name) else None
        return data


def _signer_label(membership) -> str:
    name = membership.user.get_full_name() or membership.user.username
    return f"{name} — {membership.title}" if membership.title else name
