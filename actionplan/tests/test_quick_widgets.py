"""The Quick widgets (zi_tracker.forms) write the same markup as Django's widget templates."""

import pytest
from django import forms

from actionplan.forms import ProgressForm
from evidence.forms import MultipleFileInput
from zi_tracker.forms import QuickCheckboxInput, QuickFileInput, QuickHiddenInput, QuickNumberInput, QuickTextarea

ATTRS = [{}, {"class": "form-control", "id": "id_x"}, {"required": True, "disabled": False, "data-note": 'a "b" <c>'}]


@pytest.mark.parametrize(
    "quick, django, values",
    [
        (QuickNumberInput, forms.NumberInput, [None, 0, 40, "7", ""]),
        (QuickCheckboxInput, forms.CheckboxInput, [None, True, False, "on", ""]),
        (QuickTextarea, forms.Textarea, [None, "", "Rapat\nkedua & <b>", 0]),
        (QuickHiddenInput, forms.HiddenInput, [None, 3, 'x"y']),
        (QuickFileInput, forms.FileInput, [None, "old.pdf"]),
    ],
)
def test_same_markup_as_django(quick, django, values):
    for attrs in ATTRS:
        for value in values:
            assert quick(attrs=dict(attrs)).render("f", value) == django(attrs=dict(attrs)).render("f", value)


def test_multiple_files_and_the_progress_form_render_as_before():
    multiple = _DjangoMultiple(attrs={"class": "form-control"})
    assert MultipleFileInput(attrs={"class": "form-control"}).render("files", None) == multiple.render("files", None)
    assert "multiple" in MultipleFileInput().render("files", None)
    form = ProgressForm(
        {"month": "1", "percent": "x", "activity": "<script>", "version": "0"}, item=_Row(), months=[1], action="/"
    )
    assert not form.is_valid()
    html = str(form["percent"]) + str(form["activity"]) + str(form["is_done"])
    assert 'class="form-control is-invalid"' in html and 'aria-invalid="true"' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'type="checkbox" name="is_done" class="form-check-input"' in html
    assert [form[name].widget_type for name in ("month", "percent", "is_done", "activity")] == [
        "select",
        "number",
        "checkbox",
        "textarea",
    ]


def test_a_checkbox_renders_as_a_bootstrap_form_check():
    """Box first, then its label, in a .form-check (templates/partials/form_field.html)."""
    from django.template.loader import render_to_string

    form = ProgressForm(item=_Row(), months=[1], action="/")
    html = render_to_string("partials/form_field.html", {"field": form["is_done"]})
    assert html.strip().startswith('<div id="div_id_is_done" class="mb-3 form-check"><input type="checkbox"')
    assert html.index("<input") < html.index('<label for="id_is_done" class="form-check-label">')


class _DjangoMultiple(forms.FileInput):
    allow_multiple_selected = True


class _Row:
    target_year = 2025
