"""Forms for evidence: upload several files, replace one, review one."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplan.models import MONTH_CHOICES, ActionItem
from evidence.models import Evidence, EvidenceStatus, Review
from zi_tracker.forms import BootstrapForm, QuickFileInput, QuickSelect
from zi_tracker.limits import NOTE_MAX


class MultipleFileInput(QuickFileInput):
    """Several files in one <input> (Django's documented pattern, on FileInput: nothing to clear)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # Empty files reach services.upload_check, whose message names the file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class EvidenceUploadForm(BootstrapForm):
    requirement = forms.TypedChoiceField(label=_("Required document"), coerce=int, widget=QuickSelect)
    month = forms.TypedChoiceField(
        label=_("Month it belongs to"), coerce=int, empty_value=None, required=False, widget=QuickSelect
    )
    files = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args, item: ActionItem, requirements, **kwargs):
        kwargs.setdefault("auto_id", "id_upload_%s")  # beside the progress form, whose ids are id_month …
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [(r.pk, f"{n}. {r.name}") for n, r in enumerate(requirements, 1)]
        self.fields["month"].choices = [("", _("Whole period"))] + [
            (m, f"{MONTH_CHOICES[m - 1][1]} {item.target_year}") for m in item.target_months
        ]
        self.fields["files"].help_text = _(
            "PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS or ODP; at most %(limit)s per file. "
            "Files are private to this plan's members."
        ) % {"limit": filesizeformat(settings.ZI_EVIDENCE_MAX_BYTES)}
        # Rendered by templates/evidence/partials/upload_form.html (Bootstrap's markup, no crispy).
        self.action = reverse("evidence:upload", args=[item.pk])


class EvidenceReplaceForm(forms.Form):
    """A new revision of one document, shown under the document on the row's page."""

    # An empty file passes here: services.upload_check refuses it with a message naming the file.
    file = forms.FileField(
        label=_("New file"), allow_empty_file=True, error_messages={"required": _("Choose the new file.")}
    )

    def __init__(self, *args, evidence: Evidence, **kwargs):
        kwargs.setdefault("auto_id", f"id_replace_{evidence.pk}_%s")  # one form per document on the page
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control-sm", "aria-label": _("New file")})
        self.helper = FormHelper()
        self.helper.form_action = reverse("evidence:replace", args=[evidence.pk])
        self.helper.form_id = f"replace-form-{evidence.pk}"
        self.helper.form_class = "replace-form d-flex gap-2 align-items-start"  # crispy adds the multipart enctype
        self.helper.form_show_labels = False
        self.helper.layout = Layout(
            "file",
            StrictButton(_("Replace file"), type="submit", name="replace", css_class="btn-sm btn-outline-secondary"),
        )


class ReviewForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for the PIC"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when sending the document back: say what must be revised."),
    )
    area = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "review-form"
        self.helper.layout = Layout("revision", "area", "decision", "note", Submit("review", _("Save decision")))


class QueueFilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, empty_value=None, required=False, widget=QuickSelect)
    # Unfiltered, the queue shows what waits for a decision; the select says so.
    status = forms.ChoiceField(label=_("Status"), required=False, initial=EvidenceStatus.DIAJUKAN, widget=QuickSelect)

    def __init__(self, *args, areas, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas"))] + [(a.pk, f"{a.plan.year} · {a}") for a in areas]
        self.fields["status"].choices = [("", _("All statuses"))] + list(statuses)
