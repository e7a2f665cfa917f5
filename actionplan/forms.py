"""Forms for the plan pages: the Lampiran filter and the coordinator's row editor."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Section
from actionplan.models import MONTH_CHOICES, ActionItem, Area, Plan


class LampiranFilterForm(forms.Form):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, label=_("Area"))
    section = forms.ModelChoiceField(queryset=Section.objects.none(), required=False, label=_("Section"))
    month = forms.TypedChoiceField(
        choices=[("", _("All months"))] + MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Month"),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.order_by("order")
        self.fields["area"].empty_label = _("All areas")
        self.fields["section"].queryset = Section.objects.filter(unit_id=plan.unit_id)
        self.fields["section"].empty_label = _("All sections")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("area", css_class="col-md-4"),
                Column("section", css_class="col-md-4"),
                Column("month", css_class="col-md-2"),
                Column(Submit("filter", _("Filter"), css_class="mb-3 w-100"), css_class="col-md-2"),
            )
        )


class ActionItemForm(forms.ModelForm):
    """A Lampiran row as the coordinator edits it; model.clean and constraints give the messages."""

    class Meta:
        model = ActionItem
        fields = [
            "area",
            "number",
            "komponen",
            "indikator",
            "langkah_aksi",
            "bukti_fisik",
            "target_start_month",
            "target_end_month",
            "target_year",
            "target_text",
            "section",
            "decree_note",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ["komponen", "indikator", "langkah_aksi", "bukti_fisik", "decree_note"]
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.order_by("order")
        self.fields["section"].queryset = Section.objects.filter(unit_id=plan.unit_id)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("area", css_class="col-md-9"), Column("number", css_class="col-md-3")),
            "komponen",
            "indikator",
            "langkah_aksi",
            "bukti_fisik",
            Row(
                Column("target_start_month", css_class="col-md-3"),
                Column("target_end_month", css_class="col-md-3"),
                Column("target_year", css_class="col-md-2"),
                Column("target_text", css_class="col-md-4"),
            ),
            "section",
            "decree_note",
            Submit("save", _("Save")),
        )
