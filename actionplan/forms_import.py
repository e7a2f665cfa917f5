"""Forms of the import pages: the upload (new plan or existing one) and the column mapping."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from actionplan.importing.mapping import FIELDS
from zi_tracker.limits import IMPORT_FILE_MAX


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plan table (xlsx or csv)"), help_text=_("At most %(mb)s MB.") % {"mb": IMPORT_FILE_MAX // 1_000_000}
    )
    sheet = forms.CharField(
        label=_("Sheet"), required=False, max_length=100, help_text=_("Leave empty for the workbook's first sheet.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_FILE_MAX:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(max)s MB can be imported.")
                % {"size": round(upload.size / 1_000_000, 1), "max": IMPORT_FILE_MAX // 1_000_000}
            )
        return upload


class NewPlanUploadForm(UploadForm):
    """The minimal decree data of a new plan; the rest is read from the sheet or edited later."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    decree_number = forms.CharField(label=_("Decree number"), max_length=50)
    title = forms.CharField(
        label=_("Title (tentang)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty to take it from the sheet's heading, if it has one."),
    )

    field_order = ["unit", "year", "decree_number", "title", "file", "sheet"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(choices := list(units[:2])) == 1:
            self.fields["unit"].initial = choices[0].pk


class MappingForm(forms.Form):
    """One select per plan field: which sheet column fills it (or none)."""

    def __init__(self, *args, columns: list[tuple[int, str, str]], mapping: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— none —"))] + [
            (str(i), f"{letter}: {text}" if text else letter) for i, letter, text in columns
        ]
        for name, label in FIELDS.items():
            self.fields[f"map_{name}"] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
                initial=str(mapping[name]) if name in mapping else "",
            )

    def mapping(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"map_{name}"] for name in FIELDS if self.cleaned_data.get(f"map_{name}")}
