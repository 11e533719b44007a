"""Page forms. They check the shape of the input; the rules live in services.py."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import drop_bidi_controls

from .models import User


class BootstrapMixin:
    """Bootstrap classes on every widget, and `is-invalid` on those whose field has an error.

    Django itself adds aria-invalid and aria-describedby="<id>_helptext <id>_error" to the inputs;
    the account_field macro (core/forms.html) gives the help text and the errors those ids.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def clean(self):
        cleaned = super().clean()
        drop_bidi_controls(self)
        return cleaned

    def add_error(self, field, error):
        # Every error passes here, those of the fields' own checks included.
        super().add_error(field, error)
        names = list(error.error_dict) if isinstance(error, ValidationError) and hasattr(error, "error_dict") else [field]
        for name in names:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)


class SignUpForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; you will use it to sign in."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_confirm = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again, to be sure of it."),
    )
    preferred_language = language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = translation.get_language()
        self.fields["username"].widget.attrs["dir"] = "ltr"

    def clean(self):
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("The two passwords do not match."))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("password_confirm")
        return data


class ProfileForm(BootstrapMixin, forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}),
    )
    preferred_language = language_field()

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        initial = {name: getattr(user, name) for name in cls.base_fields}
        return cls(data=data, initial=initial)


class ApiTokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, such as the program or script that will use it."),
    )


class LoginForm(BootstrapMixin, auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["dir"] = "ltr"


class PasswordResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # The message goes out in the language the person chose, links included.
        language = getattr(context.get("user"), "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class SetPasswordForm(BootstrapMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    pass


class TotpCodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("The six digits the app shows for Musharaka now."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr", "autofocus": True,
            "spellcheck": "false", "autocapitalize": "none",
        }),
    )


class RecoveryCodeForm(BootstrapMixin, forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        help_text=_("One of the recovery codes you saved when you set up two-factor sign-in. Each works once."),
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "dir": "ltr", "spellcheck": "false", "autocapitalize": "none",
        }),
    )
