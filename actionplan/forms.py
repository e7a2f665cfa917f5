"""Forms for the plan pages: the Lampiran filter, the coordinator's row editor, monthly progress."""

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Section
from actionplan.models import ITEM_TRACKED, MONTH_CHOICES, PROGRESS_TRACKED, ActionItem, Area, ItemStatus, Plan
from zi_tracker.forms import (
    BootstrapForm,
    QuickCheckboxInput,
    QuickHiddenInput,
    QuickNumberInput,
    QuickSelect,
    QuickTextarea,
)
from zi_tracker.limits import DECREE_TEXT_MAX, NARRATIVE_MAX, limit_length
from zi_tracker.template_filters import display_name


class LampiranFilterForm(forms.Form):
    """The plan page's filter, rendered by templates/actionplan/partials/filter_form.html (a GET form)."""

    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, label=_("Area"), widget=QuickSelect)
    section = forms.ModelChoiceField(
        queryset=Section.objects.none(), required=False, label=_("Section"), widget=QuickSelect
    )
    month = forms.TypedChoiceField(
        choices=[("", _("All months"))] + MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Month"),
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        choices=[("", _("All statuses"))] + ItemStatus.choices, required=False, label=_("Status"), widget=QuickSelect
    )
    # Filtering keeps the coordinator's edit mode (the plan page's ?edit=1).
    edit = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["edit"]
        else:
            self.fields["edit"].initial = "1"
        self.fields["area"].queryset = plan.areas.order_by("order")
        self.fields["area"].empty_label = _("All areas")
        self.fields["section"].queryset = Section.objects.filter(unit_id=plan.unit_id)
        self.fields["section"].empty_label = _("All sections")
        for name in ("area", "section", "month", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean_status(self):
        return self.cleaned_data["status"] or None  # "All statuses" is no filter


def limit_to_plans_unit(form: forms.ModelForm, *, plan: Plan) -> None:
    """A row form's section and PIC choices: the plan's unit only (never another office's people)."""
    form.fields["section"].queryset = Section.objects.filter(unit_id=plan.unit_id)
    form.fields["pics"].queryset = (
        get_user_model().objects.filter(memberships__unit_id=plan.unit_id).distinct().order_by("first_name", "username")
    )
    form.fields["pics"].label_from_instance = display_name


class ActionItemForm(forms.ModelForm):
    """A Lampiran row as the coordinator edits it; model.clean and constraints give the messages.

    Saved by services.item_update, which records the changed fields and `reason` in the row's history.
    """

    # simple-history's change reason holds 100 characters.
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        help_text=_("Kept in the row's history with your name, e.g. the amending decree's number."),
    )

    class Meta:
        model = ActionItem
        fields = ITEM_TRACKED
        # Declared here, not swapped in __init__: a widget replaced after the field is built has
        # no choices, so the PIC checkboxes rendered empty and every save cleared the row's PICs.
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in ["komponen", "indikator", "langkah_aksi", "bukti_fisik", "decree_note"]
            },
            "pics": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.order_by("order")
        limit_to_plans_unit(self, plan=plan)
        for name in ["komponen", "indikator", "langkah_aksi", "bukti_fisik", "decree_note"]:
            limit_length(self.fields[name], DECREE_TEXT_MAX)
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
            InlineCheckboxes("target_month_mask"),
            Row(Column("section", css_class="col-md-6"), Column("pics", css_class="col-md-6")),
            "decree_note",
            "reason",
            Submit("save", _("Save")),
        )


class ProgressForm(BootstrapForm):
    """A month's realisation; the rules live in services.progress_validate, shared with every caller.

    Realisation is cumulative (how far the row's work has come by the end of the month), so a new
    month starts from the last reported figure and a fall needs the user's confirmation.
    """

    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=MONTH_CHOICES, widget=QuickSelect)
    percent = forms.IntegerField(
        label=_("Realisation so far (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_(
            "Cumulative: how much of the whole row's work is done by the end of this month, not what was added in it."
        ),
        widget=QuickNumberInput,
    )
    confirm_decrease = forms.BooleanField(
        label=_("Yes, the realisation really is lower than the month before"),
        required=False,
        widget=QuickCheckboxInput,
    )
    is_done = forms.BooleanField(label=_("Done: the row's work is complete"), required=False, widget=QuickCheckboxInput)
    activity = forms.CharField(
        label=_("What was done"), required=False, max_length=NARRATIVE_MAX, widget=QuickTextarea(attrs={"rows": 3})
    )
    obstacles = forms.CharField(
        label=_("Obstacles (kendala)"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=QuickTextarea(attrs={"rows": 2}),
    )
    next_steps = forms.CharField(
        label=_("Next steps (tindak lanjut)"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=QuickTextarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=QuickHiddenInput, min_value=0, initial=0)
    # The month whose entry the form was loaded with: choosing another month in the select is a
    # switch to that month's entry, not an edit of this one's version.
    loaded_month = forms.IntegerField(widget=QuickHiddenInput, required=False)

    def __init__(self, *args, item: ActionItem, months: list[int], action: str, ask_decrease: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m, f"{MONTH_CHOICES[m - 1][1]} {item.target_year}") for m in months]
        self.fields["month"].widget.attrs["data-reload-month"] = _(
            "Open the chosen month's report? What you typed here and did not save will be lost."
        )
        # Rendered by templates/actionplan/partials/progress_form.html (Bootstrap's markup, no crispy).
        self.action, self.asks_decrease = action, ask_decrease  # confirm_decrease shows only when asked


class MonthClosingForm(forms.Form):
    """Close or reopen one month of the plan; closing needs a confirmation after the unreported rows are shown."""

    month = forms.TypedChoiceField(coerce=int, choices=MONTH_CHOICES)
    action = forms.ChoiceField(choices=[("close", "close"), ("reopen", "reopen")])
    confirmed = forms.BooleanField(required=False)


def progress_form_for(
    *,
    item: ActionItem,
    months: list[int],
    month: int | None = None,
    asked: str = "",
    today,
    data=None,
    ask_decrease: bool = False,
) -> ProgressForm | None:
    """The progress form for `month` (or the `asked` ?month=, or the default), loaded with that month's entry.

    `months` are the row's open months (selectors.open_months). A month without an entry starts
    from the last figure reported before it (realisation is cumulative). None when no month is
    open for entry. Uses the row's prefetched progress.
    """
    if month is not None and month not in months and month in item.target_months:
        months = sorted([*months, month])  # a refused month stays chosen, beside its error
    if not months:
        return None
    if month is None:
        month = int(asked) if asked.isdigit() and int(asked) in months else _default_month(item, today, months)
    entries = {e.month: e for e in item.progress.all()}
    entry = entries.get(month)
    earlier = [e for m, e in sorted(entries.items()) if m < month]
    initial = {"month": month, "version": 0, "loaded_month": month, "percent": earlier[-1].percent if earlier else 0}
    if entry is not None:
        initial |= {name: getattr(entry, name) for name in PROGRESS_TRACKED} | {"version": entry.version}
    action = reverse("actionplan:item_progress", args=[item.pk])
    return ProgressForm(data, initial=initial, item=item, months=months, action=action, ask_decrease=ask_decrease)


def _default_month(item: ActionItem, today, months: list[int]) -> int:
    """The month a PIC most likely reports: this one if open, else the latest open one so far."""
    if item.target_year == today.year and today.month in months:
        return today.month
    return months[-1]
