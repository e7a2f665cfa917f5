"""The periods a Monev covers: a month, a quarter, a semester or the whole year of a plan.

A period is a short code, the same in URLs, forms and the database: "1" … "12" (a month),
"q1" … "q4" (triwulan), "s1", "s2" (semester), "y" (the year).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

ROMAN = ["I", "II", "III", "IV"]
CODES = [str(m) for m in range(1, 13)] + [f"q{q}" for q in range(1, 5)] + ["s1", "s2", "y"]


@dataclass(frozen=True)
class Period:
    code: str
    year: int

    @property
    def months(self) -> list[int]:
        kind, number = self.code[:1], self.code[1:]
        if kind == "q":
            q = int(number)
            return [3 * q - 2, 3 * q - 1, 3 * q]
        if kind == "s":
            return list(range(1, 7)) if number == "1" else list(range(7, 13))
        if kind == "y":
            return list(range(1, 13))
        return [int(self.code)]

    @property
    def label(self) -> str:
        """In the active language: "Triwulan I (Januari – Maret 2025)" in the documents (always Indonesian)."""
        first, last = MONTHS[self.months[0]], MONTHS[self.months[-1]]
        kind = self.code[:1]
        span = {"start": first, "end": last, "year": self.year}
        if kind == "q":
            return _("Quarter %(q)s (%(start)s – %(end)s %(year)s)") % {"q": ROMAN[int(self.code[1:]) - 1], **span}
        if kind == "s":
            return _("Semester %(s)s (%(start)s – %(end)s %(year)s)") % {"s": ROMAN[int(self.code[1:]) - 1], **span}
        if kind == "y":
            return _("Year %(year)s") % {"year": self.year}
        return f"{first} {self.year}"

    @property
    def slug(self) -> str:
        """For file names: 2025-03, 2025-tw1, 2025-smt2, 2025."""
        kind = self.code[:1]
        if kind == "q":
            return f"{self.year}-tw{self.code[1:]}"
        if kind == "s":
            return f"{self.year}-smt{self.code[1:]}"
        if kind == "y":
            return str(self.year)
        return f"{self.year}-{int(self.code):02d}"


def period_of(code: str, year: int) -> Period:
    """The period for a code; ValueError for anything else."""
    if code not in CODES:
        raise ValueError(code)
    return Period(code, year)


def months_begun(*, year: int, today: date) -> list[int]:
    """Months of `year` that have begun by `today` (as reports.selectors.months_available counts them)."""
    if year < today.year:
        return list(range(1, 13))
    if year > today.year:
        return []
    return list(range(1, today.month + 1))


def periods_begun(*, year: int, months: list[int]) -> list[Period]:
    """Periods of the year whose first month has begun (`months`: the months one may look at)."""
    begun = set(months)
    return [Period(code, year) for code in CODES if Period(code, year).months[0] in begun]
