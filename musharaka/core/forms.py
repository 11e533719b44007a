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


def in_arabic(widget):
    """Mark a text widget as Arabic (right to left), whatever the page's language."""
    widget.attrs.update({"dir": "rtl", "lang": "ar"})
    return widget


def in_english(widget):
    """Mark a text widget as English (left to right), whatever the page's language."""
    widget.attrs.update({"dir": "ltr", "lang": "en"})
    return widget


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


class _LinkedFile:
    """A stored file as the widget's template reads it: its name, and `url` set to the checking view."""

    def __init__(self, file, url: str):
        self.file, self.url = file, url

    def __str__(self) -> str:
        return str(self.file)


class ProtectedFileInput(forms.ClearableFileInput):
    """A clearable file input for a file in the private storage, which has no URL of its own.

    The form sets `file_url` to the address of the view that checks who asks (for example
    `Initiative.cover_url`); the "currently" link points there.
    """

    file_url = ""

    def is_initial(self, value) -> bool:
        # Django asks the file for its URL, which the private storage refuses to give.
        return bool(value and getattr(value, "name", None) and self.file_url)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["value"] = _LinkedFile(value, self.file_url)
        return context
