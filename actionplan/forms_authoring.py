"""Forms for authoring a plan in the app: the decree and its clauses, areas, rows, requirements, enact, copy."""

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from actionplan.forms import limit_to_plans_unit
from actionplan.models import DECREE_FIELDS, MONTH_CHOICES, ActionItem, Plan
from zi_tracker.limits import DECREE_TEXT_MAX, limit_length

REASON_HELP = _("Required once the plan is enacted: it is kept in the plan's history with your name.")
TEXTAREA = {"rows": 2}
SAVE, CONFIRM = _("Save"), _("Confirm")


class ReasonField(forms.CharField):
    """Why a change is made; the service decides whether the plan needs one (an enacted plan does)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Reason for the change"), required=False, max_length=500, help_text=REASON_HELP, **kwargs
        )


def _helper(*layout, submit=SAVE, form_tag=True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.layout = Layout(*layout, *([Submit("save", submit)] if submit else []))
    return helper


PLAN_FIELDS = ["year", *DECREE_FIELDS]


class PlanForm(forms.ModelForm):
    """The decree's own data. A new plan also picks its unit among those the user may author for."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    reason = ReasonField()

    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: forms.Textarea(attrs=TEXTAREA)
                for name in ["title", "menetapkan", "lampiran_title", "signatory_office", "certifier_office"]
            },
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        if creating:
            self.fields["unit"].queryset = units
            self.fields["unit"].initial = units.first() if len(units) == 1 else None
            del self.fields["reason"]
        else:
            del self.fields["unit"]
            del self.fields["year"]
        first = ["unit", "year", "decree_number"] if creating else ["decree_number"]
        self.helper = _helper(
            Fieldset(
                _("Decree"),
                Row(*(Column(n, css_class="col-md-4") for n in first)),
                "issuer",
                "title",
                "enacting_official",
                "menetapkan",
                "lampiran_title",
            ),
            Fieldset(
                _("Signature"),
                Row(
                    Column("signed_place", css_class="col-md-4"),
                    Column("signed_on", css_class="col-md-4"),
                    Column("signature_mark", css_class="col-md-4"),
                ),
                Row(
                    Column("signed_on_text", css_class="col-md-6"),
                    Column("lampiran_signed_on_text", css_class="col-md-6"),
                ),
                "signatory_office",
                "signatory_name",
            ),
            Fieldset(
                _("Certified copy"), "is_certified_copy", "certification_label", "certifier_office", "certifier_name"
            ),
            *([] if creating else ["reason"]),
            form_tag=False,
            submit=None,
        )


class ClauseForm(forms.Form):
    """One Menimbang / Mengingat point or diktum; ORDER and DELETE come from the formset."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(label=_("Label"), max_length=20, help_text=_("e.g. a., 1., KESATU"))
    text = forms.CharField(label=_("Text"), max_length=DECREE_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))


ClauseFormSet = forms.formset_factory(ClauseForm, extra=1, can_order=True, can_delete=True)


def clause_formsets(plan: Plan, data=None) -> dict[str, forms.BaseFormSet]:
    """One formset per part of the decree (prefixes menimbang, mengingat, diktum), in the decree's order."""
    clauses = list(plan.clauses.order_by("part", "order")) if plan.pk else []
    result = {}
    for part, label in plan.clauses.model.Part.choices:
        initial = [{"id": c.pk, "label": c.label, "text": c.text, "ORDER": c.order} for c in clauses if c.part == part]
        formset = ClauseFormSet(data, initial=initial, prefix=part)
        formset.title = label
        result[part] = formset
    return result


def clauses_of(formset: forms.BaseFormSet) -> list[dict]:
    """The formset's clauses in the order asked for (ORDER, then position), deleted and blank ones left out."""
    kept = [f for f in formset.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    unordered = [
        f
        for f in formset.forms
        if f.cleaned_data and f not in kept and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("ORDER") is None
    ]
    return [
        {"id": f.cleaned_data.get("id"), "label": f.cleaned_data["label"], "text": f.cleaned_data["text"]}
        for f in kept + unordered
    ]


class AreaForm(forms.Form):
    numeral = forms.CharField(label=_("Numeral"), max_length=10, help_text=_("e.g. I, II, … VI"))
    title = forms.CharField(label=_("Title"), max_length=300)
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("numeral", css_class="col-md-2"), Column("title", css_class="col-md-10")), "reason"
        )


class ItemAddForm(forms.ModelForm):
    """A new row at the end of an area: its texts, months, section, PICs and required documents."""

    months = forms.TypedMultipleChoiceField(
        label=_("Target months"), choices=MONTH_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    requirements = forms.CharField(
        label=_("Required documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One document per line, e.g. Daftar Hadir."),
    )
    reason = ReasonField()

    class Meta:
        model = ActionItem
        fields = [
            "komponen",
            "indikator",
            "langkah_aksi",
            "bukti_fisik",
            "target_year",
            "target_text",
            "section",
            "pics",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs=TEXTAREA)
                for name in ["komponen", "indikator", "langkah_aksi", "bukti_fisik"]
            },
            "pics": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("target_year") is None:
            self.initial["target_year"] = plan.year
        limit_to_plans_unit(self, plan=plan)
        for name in ["komponen", "indikator", "langkah_aksi", "bukti_fisik"]:
            limit_length(self.fields[name], DECREE_TEXT_MAX)
        self.helper = _helper(
            "komponen",
            "indikator",
            "langkah_aksi",
            "bukti_fisik",
            "requirements",
            InlineCheckboxes("months"),
            Row(Column("target_year", css_class="col-md-3"), Column("target_text", css_class="col-md-9")),
            Row(Column("section", css_class="col-md-6"), Column("pics", css_class="col-md-6")),
            "reason",
        )

    def clean(self):
        data = super().clean()
        if data.get("months"):
            self.instance.set_target_months(data["months"])
        return data

    def row_data(self) -> dict:
        """The row's own fields for the service (PICs and documents go separately)."""
        item = self.instance
        fields = ["komponen", "indikator", "langkah_aksi", "bukti_fisik", "target_year", "target_text", "section"]
        return {name: self.cleaned_data[name] for name in fields} | {
            "target_start_month": item.target_start_month,
            "target_end_month": item.target_end_month,
            "target_month_mask": item.target_month_mask,
        }


class RequirementForm(forms.Form):
    name = forms.CharField(label=_("Document"), max_length=300)
    reason = ReasonField()

    def __init__(self, *args, submit=SAVE, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("name", css_class="col-md-6"), Column("reason", css_class="col-md-6")), submit=submit
        )


class MoveForm(forms.Form):
    direction = forms.TypedChoiceField(choices=[(-1, _("Up")), (1, _("Down"))], coerce=int, widget=forms.HiddenInput)
    reason = ReasonField()


class ConfirmForm(forms.Form):
    """A deliberate second step (remove, enact): the box must be ticked."""

    confirmed = forms.BooleanField(label=_("Yes, I am sure"))
    reason = ReasonField()

    def __init__(self, *args, submit=CONFIRM, reason=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not reason:
            del self.fields["reason"]
        self.helper = _helper(*([f for f in ["reason"] if reason]), "confirmed", submit=submit)
        self.helper.layout[-1].field_classes = "btn btn-danger"


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new plan"), min_value=2000, max_value=2100)
    decree_number = forms.CharField(label=_("Decree number of the new plan"), max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("year", css_class="col-md-4"), Column("decree_number", css_class="col-md-8")),
            submit=_("Copy the plan"),
        )
