"""The coordinator's plan of a row's monthly targets: one cumulative % per target month, and a reason."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from actionplan.models import ActionItem
from actionplan.targets import even_spread, schedule


class ItemTargetsForm(forms.Form):
    """A field `m<month>` per target month, prefilled with the row's plan (or the even spread).

    The field checks each figure (0–100, two decimals, a comma or a point); the plan's rules
    across months (never decreasing, the last 100) are actionplan.targets.targets_validate's,
    whose messages the view puts on the fields of their months.
    """

    # simple-history's change reason holds 100 characters.
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        help_text=_("Kept in the row's history with your name, e.g. the Monev meeting that agreed the plan."),
    )

    def __init__(self, *args, item: ActionItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        planned, even = schedule(item), even_spread(item.target_months)
        self.months = []
        for month in item.target_months:
            name = f"m{month}"
            self.fields[name] = forms.DecimalField(
                label=f"{MONTHS[month]} {item.target_year}",
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=2,
                localize=True,
                initial=_plain(planned[month]),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control text-end"}),
            )
            self.months.append({"month": month, "field": name, "even": even[month]})
        self.fields["reason"] = self.fields.pop("reason")  # after the months
        self.helper = FormHelper()
        self.helper.form_tag = False

    def month_fields(self):
        """(month row, bound field) pairs, for the template's table; a field with an error is marked invalid."""
        pairs = []
        for row in self.months:
            field = self[row["field"]]
            if field.errors:
                field.field.widget.attrs["class"] = "form-control text-end is-invalid"
            pairs.append((row, field))
        return pairs

    def percents(self) -> dict[int, Decimal]:
        return {row["month"]: self.cleaned_data[row["field"]] for row in self.months}


def _plain(value: Decimal) -> Decimal:
    """100.00 shows as "100", 33.33 as "33,33": what a person would type."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
