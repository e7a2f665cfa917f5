"""The form of one LKE section for one column: per question its answer (or counts), a note, evidence."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence.forms import MultipleFileField
from lke import scoring
from lke.models import Answer, Assessment, Pertanyaan


class SectionForm(forms.Form):
    """Fields named q<id>_answer, q<id>_c_<count key>, q<id>_note and (unit column) q<id>_evidence,
    and, where the user may upload to a row linked to the question's sub-indikator, q<id>_upload
    (new files) with q<id>_upload_requirement (the row's requirement they are submitted for).

    Each answer is checked by `lke.scoring` itself, so the form accepts exactly what the score
    understands; an error is shown on the question's own field. The files themselves are checked by
    the evidence pipeline (`evidence.services`), as on the row's page.
    """

    def __init__(
        self,
        *args,
        section,
        column: str,
        answer_types: dict,
        answers: dict[int, Answer],
        evidence_choices: dict | None = None,
        upload_choices: dict | None = None,
        **kwargs,
    ):
        self.section, self.column, self.answer_types = section, column, answer_types
        self.requirements = {r.pk: r for options in (upload_choices or {}).values() for r in options}
        prefix = "unit" if column == "unit" else "tpi"
        initial = {}
        for si in section.sub_indikator:
            for q in si.pertanyaan.all():
                answer = answers.get(q.pk)
                if answer is None:
                    continue
                initial[f"q{q.pk}_answer"] = getattr(answer, f"{prefix}_answer")
                initial[f"q{q.pk}_note"] = getattr(answer, f"{prefix}_note")
                for key, value in getattr(answer, f"{prefix}_counts").items():
                    initial[f"q{q.pk}_c_{key}"] = value
                if column == "unit":
                    initial[f"q{q.pk}_evidence"] = [e.pk for e in answer.evidence.all()]
        super().__init__(*args, initial=initial, **kwargs)
        for si in section.sub_indikator:
            for q in si.pertanyaan.all():
                self._add_fields(q, evidence_choices.get(si.pk, []) if evidence_choices else None)
                if column == "unit" and (upload_choices or {}).get(si.pk):
                    self._add_upload_fields(q, upload_choices[si.pk])

    def _add_upload_fields(self, q: Pertanyaan, requirements: list):
        """A new document for the question: one of the linked rows' requirements, and the files."""
        rows: dict[str, list] = {}
        for requirement in requirements:
            rows.setdefault(requirement.item.code, []).append((requirement.pk, requirement.name))
        choices = [(code, options) for code, options in rows.items()]
        if len(requirements) > 1:
            choices.insert(0, ("", _("Choose the required document")))
        self.fields[f"q{q.pk}_upload_requirement"] = forms.TypedChoiceField(
            label=_("Upload a new document for"),
            coerce=int,
            empty_value=None,
            required=False,
            choices=choices,
        )
        self.fields[f"q{q.pk}_upload"] = MultipleFileField(
            label=_("New files"),
            required=False,
            help_text=_(
                "Submitted for review as on the row's page (PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS or ODP; "
                "at most %(limit)s per file), and linked to this answer."
            )
            % {"limit": filesizeformat(settings.ZI_EVIDENCE_MAX_BYTES)},
        )

    def _add_fields(self, q: Pertanyaan, evidence_choices):
        label = _("Answer")  # the question itself heads its block on the page
        if q.answer_type == Pertanyaan.AnswerType.PERSEN:
            for item in q.inputs:
                if "sum_of" not in item:
                    self.fields[f"q{q.pk}_c_{item['key']}"] = forms.IntegerField(
                        label=item["label"],
                        min_value=0,
                        required=False,
                        widget=forms.NumberInput(
                            attrs={"class": "lke-input", "data-q": q.pk, "data-count": item["key"]}
                        ),
                    )
        elif q.answer_type == Pertanyaan.AnswerType.SURVEI:
            self.fields[f"q{q.pk}_answer"] = forms.CharField(
                label=label,
                required=False,
                help_text=_("A score from 0 to 4, e.g. 3,60."),
                widget=forms.TextInput(attrs={"class": "lke-input", "data-q": q.pk, "inputmode": "decimal"}),
            )
        else:
            options = self.answer_types[q.answer_type]["options"]
            self.fields[f"q{q.pk}_answer"] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "—")] + [(letter, letter) for letter, _ in options],
                widget=forms.Select(attrs={"class": "lke-input", "data-q": q.pk}),
            )
        self.fields[f"q{q.pk}_note"] = forms.CharField(
            label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1})
        )
        if evidence_choices is not None:
            self.fields[f"q{q.pk}_evidence"] = forms.TypedMultipleChoiceField(
                label=_("Evidence"),
                required=False,
                coerce=int,
                choices=evidence_choices,
                widget=forms.SelectMultiple(attrs={"size": 3}),
            )

    def clean(self):
        data = super().clean()
        for si in self.section.sub_indikator:
            for q in si.pertanyaan.all():
                field = f"q{q.pk}_answer"
                try:
                    scoring.question_value(
                        answer_types=self.answer_types,
                        question={
                            "answer_type": q.answer_type,
                            "inputs": q.inputs,
                            "formula": q.formula,
                        },
                        answer=data.get(field) or "",
                        counts=self.counts(q, data),
                    )
                except scoring.AnswerError as error:
                    self.add_error(field if field in self.fields else None, str(error))
                if data.get(f"q{q.pk}_upload") and data.get(f"q{q.pk}_upload_requirement") is None:
                    self.add_error(f"q{q.pk}_upload_requirement", _("Choose the required document the files are for."))
        return data

    def uploads(self) -> dict[int, tuple]:
        """What the evidence pipeline submits: question id → (requirement, files), for questions with files."""
        data, chosen = self.cleaned_data, {}
        for si in self.section.sub_indikator:
            for q in si.pertanyaan.all():
                files = data.get(f"q{q.pk}_upload")
                if files:
                    chosen[q.pk] = (self.requirements[data[f"q{q.pk}_upload_requirement"]], files)
        return chosen

    @staticmethod
    def counts(q: Pertanyaan, data: dict) -> dict:
        return {
            item["key"]: str(data[f"q{q.pk}_c_{item['key']}"])
            for item in q.inputs
            if "sum_of" not in item and data.get(f"q{q.pk}_c_{item['key']}") is not None
        }

    def rows(self) -> dict[int, dict]:
        """What the service saves: question id → answer, counts, note (and evidence ids)."""
        data, rows = self.cleaned_data, {}
        for si in self.section.sub_indikator:
            for q in si.pertanyaan.all():
                answer = (data.get(f"q{q.pk}_answer") or "").strip()
                if q.answer_type == Pertanyaan.AnswerType.SURVEI and answer:
                    answer = str(scoring.parse_count(answer))
                row = {"answer": answer, "counts": self.counts(q, data), "note": data.get(f"q{q.pk}_note", "")}
                if self.column == "unit":
                    row["evidence"] = data.get(f"q{q.pk}_evidence", [])
                rows[q.pk] = row
        return rows


class ImportForm(forms.Form):
    MAX_BYTES = 10 * 1024 * 1024  # an LKE is some 200 rows: far below this

    workbook = forms.FileField(label=gettext_lazy("Filled LKE workbook (.xlsx)"))

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: this is not an LKE workbook."))
        return upload


class ItemLinksForm(forms.Form):
    """The sub-indikator one plan row serves, chosen from the catalogue grouped by section."""

    sub_indikator = forms.TypedMultipleChoiceField(
        label=gettext_lazy("LKE sub-indikator this row works on"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 16}),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_indikator"].choices = [
            (section.title, [(si.pk, f"{si.code}. {si.name} ({si.bobot})") for si in section.sub_indikator])
            for section in sections
        ]


class WbkForm(forms.Form):
    """Whether the unit holds Menuju WBK, and the decree that granted it (checked by Assessment.clean)."""

    holds_wbk = forms.BooleanField(label=gettext_lazy("The unit already holds Menuju WBK"), required=False)
    granted_by = forms.ChoiceField(
        label=gettext_lazy("Granted by"),
        required=False,
        choices=Assessment.WbkGrantedBy.choices,
        widget=forms.RadioSelect,
    )
    decree_number = forms.CharField(
        label=gettext_lazy("Decree number"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("The decree that granted the predicate."),
    )
    decree_date = forms.DateField(
        label=gettext_lazy("Date of the decree"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Note for the history"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("E.g. the predicate was revoked, or the decree number was corrected."),
    )
