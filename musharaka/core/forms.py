from django import forms
from django.utils.translation import gettext_noop

from .arabic import strip_bidi_controls

# Django 6.1's label for an empty choice; its own Arabic catalogue lacks it, so ours carries it.
gettext_noop("- Select an option -")


def drop_bidi_controls(form) -> None:
    """Bidi overrides leave every text the form cleaned (passwords excepted: they are compared, never shown)."""
    for name, value in form.cleaned_data.items():
        field = form.fields.get(name)
        if isinstance(value, str) and not (field and isinstance(field.widget, forms.PasswordInput)):
            form.cleaned_data[name] = strip_bidi_controls(value)


class StyledFormMixin:
    """Bootstrap classes on every widget, and errors tied to their inputs for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if self.is_bound and name in self.errors:
                css += " is-invalid"
                widget.attrs["aria-describedby"] = f"{self.prefix or 'id'}_{name}_errors"
                widget.attrs["aria-invalid"] = "true"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def clean(self):
        cleaned = super().clean()
        drop_bidi_controls(self)
        return cleaned
