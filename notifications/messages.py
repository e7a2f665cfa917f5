"""Each kind of notification in words. Kept apart from the rows so a user reads them in their language."""

from datetime import date

from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import Kind


def message(kind: str, params: dict) -> str:
    row, document = params.get("row", "?"), params.get("document", "")
    if kind == Kind.EVIDENCE_RETURNED:
        text = _("%(document)s (row %(row)s) was returned for revision.") % {"document": document, "row": row}
        if params.get("note"):
            text += " " + _("Reviewer's note: %(note)s") % {"note": params["note"]}
        return text
    if kind == Kind.EVIDENCE_WAITING:
        return _("%(document)s (row %(row)s) waits for your review.") % {"document": document, "row": row}
    if kind == Kind.ASSIGNMENT:
        if params.get("added"):
            return _("You are now a PIC of row %(row)s: %(title)s") % {"row": row, "title": params.get("title", "")}
        return _("You are no longer a PIC of row %(row)s: %(title)s") % {"row": row, "title": params.get("title", "")}
    if kind == Kind.MONTH_CLOSING:
        count = params.get("count", 0)
        return ngettext(
            "%(month)s %(year)s closes on %(day)s: %(count)d of your rows has no report yet.",
            "%(month)s %(year)s closes on %(day)s: %(count)d of your rows have no report yet.",
            count,
        ) % {
            "month": MONTHS.get(params.get("month"), "?"),
            "year": params.get("year", ""),
            "count": count,
            "day": date_format(date.fromisoformat(params["deadline"]), "j F Y") if params.get("deadline") else "?",
        }
    if kind == Kind.RECOMMENDATION:
        due = params.get("due", "")
        try:  # monitoring sends the ISO date, worded here in the reader's language
            due = date_format(date.fromisoformat(due), "j F Y")
        except (TypeError, ValueError):
            pass
        if params.get("reminder"):
            return _("A recommendation for you falls due on %(due)s: %(text)s") % {
                "due": due,
                "text": params.get("text", ""),
            }
        return _("Recommendation for you, due %(due)s: %(text)s") % {"due": due, "text": params.get("text", "")}
    return kind
