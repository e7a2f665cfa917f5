"""Form helpers shared by the apps' views."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each field's message on that field, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class QuickSelect(forms.Select):
    """A <select> written in Python rather than through a template per option.

    Django renders every <option> through its own template; the plan page's filter (areas,
    sections, twelve months) spent 3 ms of its 30 on them. Same attributes, same markup.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group_choices, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], mark_safe(" selected") if o["selected"] else "", o["label"]) for o in group_choices),
            )
            options.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), mark_safe("".join(options))
        )


def _attrs_html(attrs: dict) -> str:
    """Django's django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickRender:
    """An <input> or <textarea> written in Python, as Django's widget templates write it.

    Each widget rendered through Django's templates (input.html and attrs.html) cost ~0.3 ms: the
    row page's two forms spent 2.4 ms of its ~22 on them. actionplan/tests/test_quick_widgets.py holds the
    markup equal to Django's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if isinstance(self, forms.Textarea):
            return format_html(
                '<textarea name="{}"{}>\n{}</textarea>',
                widget["name"],
                _attrs_html(widget["attrs"]),
                widget["value"] or "",
            )
        value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, _attrs_html(widget["attrs"])
        )


class QuickNumberInput(QuickRender, forms.NumberInput):
    pass


class QuickCheckboxInput(QuickRender, forms.CheckboxInput):
    pass


class QuickTextarea(QuickRender, forms.Textarea):
    pass


class QuickHiddenInput(QuickRender, forms.HiddenInput):
    pass


class QuickFileInput(QuickRender, forms.FileInput):
    pass


class BootstrapBoundField(BoundField):
    """A field with errors gets Bootstrap 5's `is-invalid` beside its widget's classes, as crispy marks it."""

    @property
    def widget_type(self) -> str:
        """Django's name of the widget's kind ("checkbox", "select"), a Quick widget named as the one it writes."""
        return super().widget_type.removeprefix("quick")

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs["class"] = f"{(widget or self.field.widget).attrs.get('class', '')} is-invalid".strip()
        return attrs


class BootstrapForm(forms.Form):
    """A form of a hot page, rendered field by field by templates/partials/form_field.html, not by crispy.

    Crispy's templates were a third of the row page's server time (issue 12). The widgets get
    Bootstrap 5's classes here; the partial writes the markup crispy would (same ids and classes).
    """

    bound_field_class = BootstrapBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif not widget.is_hidden:
                widget.attrs["class"] = "form-control"
