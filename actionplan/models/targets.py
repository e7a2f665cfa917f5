"""A row's planned cumulative realisation per target month, where the coordinator set one.

Only explicit plans are stored: a row without any follows the even spread, computed from its
target months (actionplan.targets states the rule and its rounding).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplan.models.decree import MONTH_CHOICES, MONTH_VALIDATORS, ActionItem

HUNDRED = Decimal(100)


class HundredthsField(models.IntegerField):
    """A percentage computed in SQL as whole hundredths (33.33 % is 3333), read as a Decimal (33.33).

    For computed figures only (with_status' `target_percent`, targets.capaian_sql): integer arithmetic rounds
    the same way on SQLite and PostgreSQL, and comparisons at the boundary are exact.
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(int(value)).scaleb(-2)

    def get_prep_value(self, value):
        """A filter's percentage (33.33) as the hundredths the SQL compares (3333)."""
        if value is None or isinstance(value, models.expressions.Combinable):
            return value
        return int((Decimal(str(value)) * HUNDRED).to_integral_value(ROUND_HALF_UP))


class ItemTarget(models.Model):
    """The realisation (cumulative %) planned for a row by the end of one of its target months.

    A row has either none (the even spread) or one for each of its target months, non-decreasing
    and ending at 100: actionplan.targets.item_targets_set checks and writes them together.
    """

    item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE, related_name="targets"
    )
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTH_CHOICES, validators=MONTH_VALIDATORS)
    percent = models.DecimalField(
        _("planned realisation (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(HUNDRED)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "month"]
        verbose_name = _("monthly target")
        verbose_name_plural = _("monthly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "month"],
                name="target_one_per_month",
                violation_error_message=_("This row already has a target for that month."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="target_percent_0_to_100",
                violation_error_message=_("A target must be between 0 and 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} · {MONTHS[self.month]}: {self.percent} %"
