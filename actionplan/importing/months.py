"""Target Waktu text → the set of months it names: ranges, lists, quarters, halves, month codes."""

import re

from django.utils.translation import gettext as _

# Indonesian and English month names and their usual short forms; checked by prefix of a word.
MONTH_WORDS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
EVERY_MONTH = re.compile(r"^(se)?tiap bulan$|^bulanan$|^sepanjang tahun$|^setahun$|^every month$|^monthly$")
YEAR = re.compile(r"\b(20\d\d)\b")
QUARTER = re.compile(r"^(?:triwulan|tw|kuartal|quarter|q)\s*(iv|iii|ii|i|[1-4])$")
HALF = re.compile(r"^(?:semester|smt|sem)\s*(ii|i|[12])$")
CODE = re.compile(r"^b\s*0?([1-9]|1[0-2])$")
MONTH_NUMBER = re.compile(r"^(0?[1-9]|1[0-2])$")


class MonthTextError(ValueError):
    """A target text that names no months we can read; the message is the user's."""


def _one(word: str) -> list[int]:
    """The months one word names: a month, a month code, a quarter or a half year."""
    word = word.strip(" .")
    if word in MONTH_WORDS:
        return [MONTH_WORDS[word]]
    if (match := CODE.match(word)) or (match := MONTH_NUMBER.match(word)):
        return [int(match.group(1))]
    if match := QUARTER.match(word):
        q = ROMAN[match.group(1)]
        return list(range(3 * q - 2, 3 * q + 1))
    if match := HALF.match(word):
        h = ROMAN[match.group(1)]
        return list(range(6 * h - 5, 6 * h + 1))
    raise MonthTextError(word)


def parse_target(text: str) -> tuple[list[int], int | None]:
    """The months (sorted) and the year (None when the text gives none) of a Target Waktu text.

    Reads "Januari – Desember 2025", "Juni 2025", "Triwulan I 2025", "Semester II", "Maret, Juni,
    September dan Desember", "Tiap Bulan", "B03, B06, B09 dan B12", "Jan–Mar". Anything else
    raises MonthTextError with a message naming what could not be read.
    """
    original = " ".join(str(text or "").split())
    if not original:
        raise MonthTextError(_("The target period is empty."))
    lowered = original.lower()
    years = sorted(set(YEAR.findall(lowered)))
    if len(years) > 1:
        raise MonthTextError(_("“%(text)s” names more than one year.") % {"text": original})
    lowered = YEAR.sub(" ", lowered)
    lowered = re.sub(r"[–—−]|\bs\.?\s?/?\s?d\.?(?=\s|$)|\bsampai( dengan)?\b|\bhingga\b|\bto\b", "-", lowered)
    lowered = " ".join(lowered.split()).strip(" ,.;")
    if EVERY_MONTH.match(lowered):
        return list(range(1, 13)), int(years[0]) if years else None
    lowered = " ".join(re.sub(r"\b(bulan|bln|tahun|thn|th)\b\.?", " ", lowered).split())
    months: set[int] = set()
    try:
        for part in re.split(r"\s*(?:,|;|&|\+|/|\bdan\b|\band\b|\bserta\b)\s*", lowered):
            if not part.strip():
                continue
            if "-" in part:
                first, _sep, last = (p.strip() for p in part.partition("-"))
                start, end = min(_one(first)), max(_one(last))
                if end < start:
                    raise MonthTextError(part)
                months.update(range(start, end + 1))
            else:
                months.update(_one(part))
    except MonthTextError:
        raise MonthTextError(
            _("“%(text)s” is not a period we can read (e.g. “Januari – Desember 2025”, “Triwulan I”, “B03, B06”).")
            % {"text": original}
        ) from None
    if not months:
        raise MonthTextError(_("“%(text)s” names no month.") % {"text": original})
    return sorted(months), int(years[0]) if years else None
