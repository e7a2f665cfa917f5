"""Forms for Monev meetings, recommendations, their follow-up, and the unit's letterhead."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from evidence.forms import MultipleFileField
from monitoring.periods import periods_begun
from zi_tracker.limits import NARRATIVE_MAX, NOTE_MAX, limit_length
from zi_tracker.template_filters import display_name

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def period_choices(*, year: int, months: list[int]) -> list:
    """Periods that have begun, grouped as the select shows them: months, quarters, semesters, the year."""
    groups = {"": _("Month"), "q": _("Quarter"), "s": _("Semester"), "y": _("Year")}
    grouped: dict = {}
    for period in periods_begun(year=year, months=months):
        kind = period.code[:1] if not period.code.isdigit() else ""
        grouped.setdefault(kind, []).append((period.code, period.label))
    return [(groups[kind], choices) for kind, choices in grouped.items()]


class SessionForm(forms.Form):
    period = forms.ChoiceField(label=_("Period reviewed"))
    held_on = forms.DateField(label=_("Date of the meeting"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: name and position, e.g. Ahmad Fauzi, Sekretaris."),
    )
    conclusions = forms.CharField(
        label=_("Conclusions (kesimpulan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("As the meeting concluded; one point per line."),
    )

    def __init__(self, *args, plan, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(year=plan.year, months=months)
        limit_length(self.fields["attendees"], NARRATIVE_MAX)
        limit_length(self.fields["conclusions"], NARRATIVE_MAX)


class OwnerField(forms.ChoiceField):
    """A section ("s:<id>") or a person ("u:<id>") of the unit, as one select with two groups."""

    def __init__(self, *args, sections=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {s.pk: s for s in sections}
        self.people = {p.pk: p for p in people}
        self.choices = [
            ("", "—"),
            (_("Section"), [(f"s:{s.pk}", s.name) for s in sections]),
            (_("Person (PIC)"), [(f"u:{p.pk}", display_name(p)) for p in people]),
        ]

    def clean(self, value):
        value = super().clean(value)
        kind, _sep, pk = value.partition(":")
        found = (self.sections if kind == "s" else self.people if kind == "u" else {}).get(
            int(pk) if pk.isdigit() else None
        )
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


def owner_value(recommendation) -> str:
    return (
        f"u:{recommendation.owner_user_id}" if recommendation.owner_user_id else f"s:{recommendation.owner_section_id}"
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation (arahan pimpinan)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = OwnerField(label=_("Owner"), help_text=_("A section (all its PICs) or one person."))
    due_on = forms.DateField(label=_("Due date"), widget=DATE_INPUT)

    def __init__(self, *args, sections, people, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["text"], NOTE_MAX)
        self.fields["owner"] = OwnerField(
            label=self.fields["owner"].label,
            help_text=self.fields["owner"].help_text,
            sections=sections,
            people=people,
        )


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("Follow-up (tindak lanjut)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, when and by whom."),
    )
    files = MultipleFileField(label=_("Evidence of the follow-up"), required=False)
    done = forms.BooleanField(label=_("The recommendation has been carried out"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["note"], NARRATIVE_MAX)
        self.fields["files"].help_text = _(
            "PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS or ODP; at most %(limit)s per file. "
            "Files are private to this plan's members and are never replaced."
        ) % {"limit": filesizeformat(settings.ZI_EVIDENCE_MAX_BYTES)}


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is it reopened?"), max_length=100)


class LetterheadForm(forms.Form):
    letterhead_name = forms.CharField(
        label=_("Heading"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One line per printed line, e.g. KOMISI PEMILIHAN UMUM and KABUPATEN SERANG; empty: the unit's name."
        ),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Street, telephone, e-mail, website: one line per printed line."),
    )
    logo = forms.FileField(label=_("Logo"), required=False, allow_empty_file=True)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["letterhead_name"], 500)
        limit_length(self.fields["address"], 500)
