"""Account pages. Thin: forms check the input, services.py applies the rules."""

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage
from markupsafe import Markup

from musharaka.core.errors import NotFound, NotPermitted

from . import forms, selectors, services, verification

NEW_TOKEN_SESSION_KEY = "accounts_new_api_token"


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = forms.SignUpForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_signup(**form.service_arguments())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            with translation.override(user.preferred_language):
                messages.success(request, _("Welcome to Musharaka. Your account is ready."))
            target = _safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
            return redirect(translate_url(target, user.preferred_language))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request) or ""})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # Straight on to the second factor when it is due, keeping where the person was going.
        step = verification.pending(self.request.user)
        if step is not None:
            name = "accounts:two_factor_verify" if step == "verify" else "accounts:two_factor_setup"
            return redirect(_with_next(name, self.get_success_url()))
        return response


def _reset_email(group, request) -> str:
    return (request.POST.get("email") or "").strip().casefold()


def password_reset_wait(request) -> int | None:
    """Count this request for a reset e-mail against its address and the e-mail asked for.

    None when both are within their rates, else the seconds until the later one allows again.
    The counters live in the default cache, so with REDIS_URL every app process shares them. An
    unknown e-mail counts as a known one does: the answer tells nothing about who has an account.
    """
    usages = [get_usage(request, group="password_reset:ip", key="ip", rate=settings.PASSWORD_RESET_RATE_PER_IP,
                        increment=True)]
    if _reset_email(None, request):
        usages.append(get_usage(request, group="password_reset:email", key=_reset_email,
                                rate=settings.PASSWORD_RESET_RATE_PER_EMAIL, increment=True))
    over = [usage for usage in usages if usage is not None and usage["should_limit"]]
    if not over:
        return None
    return max(1, *(usage["time_left"] for usage in over))


def too_many_requests(request, message: str, *, retry_after: int):
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        wait = password_reset_wait(request)
        if wait is not None:
            return too_many_requests(
                request,
                _("Too many password-reset e-mails were asked for, from here or for this address. "
                  "Wait a while and try again, and look for the e-mails already sent (in the spam folder too)."),
                retry_after=wait,
            )
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")
    success_message = pgettext_lazy("message", "Your password was changed.")


@login_required
def profile(request):
    user = request.user
    form = forms.ProfileForm.for_user(user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The next page is in the language just chosen, and so is the confirmation.
            with translation.override(user.preferred_language):
                messages.success(request, _("Your profile was saved."))
            return redirect(translate_url(reverse("accounts:profile"), user.preferred_language))
    context = {
        "form": form,
        "memberships": selectors.user_memberships(user=user),
        "tokens": selectors.api_token_list(user=user)[:5],
    }
    return render(request, "accounts/profile.html", context)


@login_required
def tokens(request):
    # Creating a token needs the second factor passed in the last 15 minutes (a token outlives the session).
    may_create = verification.recently_verified(request)
    if request.method == "POST" and not may_create:
        return second_factor_gate(request, target=reverse("accounts:tokens"))
    form = forms.ApiTokenForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Kept in the session only until the next page shows it, once.
            request.session[NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "key": key}
            return redirect("accounts:token_created")
    context = {
        "form": form, "tokens": selectors.api_token_list(user=request.user), "may_create": may_create,
        "second_factor_on": selectors.second_factor(request.user).enabled,
    }
    return render(request, "accounts/tokens.html", context)


@never_cache
@login_required
def token_created(request):
    new = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    token = new and selectors.api_token_get(user=request.user, token_id=new["id"])
    if not token:
        return redirect("accounts:tokens")
    response = render(request, "accounts/token_created.html", {"token": token, "key": new["key"]})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def token_revoke(request, token_id: int):
    try:
        token = services.api_token_revoke(actor=request.user, token_id=token_id)
    except NotFound as exc:
        raise Http404 from exc
    except NotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


# ---------------------------------------------------------------- two-factor sign-in

SETUP_KEY_SESSION_KEY = "accounts_totp_setup_key"
NEW_CODES_SESSION_KEY = "accounts_new_recovery_codes"


def _with_next(url_name: str, target: str | None) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def second_factor_gate(request, *, target: str):
    """None when the session passed the second factor in the last 15 minutes; else where to go first:
    the code page (then back to `target`), or the set-up page for a person without two-factor."""
    if verification.recently_verified(request):
        return None
    enabled = selectors.second_factor(request.user).enabled
    return redirect(_with_next("accounts:two_factor_verify" if enabled else "accounts:two_factor_setup", target))


def _locked_out_answer(request, username: str):
    """Sign the person out; AxesMiddleware turns the answer into the usual lockout page."""
    logout(request)
    request.axes_locked_out = True
    request.axes_credentials = {"username": username}
    return HttpResponse(status=403)


@never_cache
@login_required
def two_factor_verify(request):
    """The code after the password (or again, before a sensitive action): authenticator app or recovery code."""
    user = request.user
    target = _safe_next(request)
    if not selectors.second_factor(user).enabled:
        return redirect(_with_next("accounts:two_factor_setup", target))
    posted = request.method == "POST"
    use_recovery = posted and request.POST.get("method") == "recovery"
    form = forms.TotpCodeForm(data=request.POST if posted and not use_recovery else None)
    recovery_form = forms.RecoveryCodeForm(data=request.POST if use_recovery else None)
    if posted:
        username = user.get_username()
        if verification.locked_out(request, username):
            return _locked_out_answer(request, username)
        active, field = (recovery_form, "recovery_code") if use_recovery else (form, "code")
        if active.is_valid():
            result, device = services.second_factor_check(
                user=user, code=active.cleaned_data[field], recovery=use_recovery
            )
            if result is services.SecondFactorResult.PASSED:
                verification.mark_verified(request, device)
                if use_recovery:
                    left = selectors.recovery_codes_left(user=user)
                    messages.warning(request, ngettext(
                        "You signed in with a recovery code; it cannot be used again. %(count)d code is left.",
                        "You signed in with a recovery code; it cannot be used again. %(count)d codes are left.",
                        left) % {"count": left})
                return redirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))
            if verification.count_failure(request, username):
                return _locked_out_answer(request, username)
            if result is services.SecondFactorResult.THROTTLED:
                active.add_error(field, _("Several wrong codes in a row: wait a few seconds, then type the newest code."))
            elif use_recovery:
                active.add_error(field, _("That recovery code is not right, or it was already used."))
            else:
                active.add_error(field, _("That code is not right. Type the six digits your app shows now."))
    context = {
        "form": form, "recovery_form": recovery_form, "next": target or "",
        "reconfirm": verification.is_verified(user), "use_recovery": use_recovery,
    }
    return render(request, "accounts/two_factor_verify.html", context)


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i:i + size] for i in range(0, len(text), size))


@never_cache
@login_required
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code it shows."""
    import segno
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    target = _safe_next(request)
    if selectors.second_factor(user).enabled:
        if verification.is_verified(user):
            return redirect("accounts:security")
        return redirect(_with_next("accounts:two_factor_verify", target))
    key = request.session.get(SETUP_KEY_SESSION_KEY)
    if not isinstance(key, str):
        key = request.session[SETUP_KEY_SESSION_KEY] = services.totp_new_key()
    form = forms.TotpCodeForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_enable(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session.pop(SETUP_KEY_SESSION_KEY, None)
            verification.mark_verified(request, device)
            request.session[NEW_CODES_SESSION_KEY] = {"codes": codes, "next": target or ""}
            return redirect("accounts:recovery_codes")
    config_url = TOTPDevice(user=user, key=key).config_url
    qr_svg = segno.make(config_url, error="m").svg_inline(
        scale=4, border=4, title=_("QR code for your authenticator app"), svgclass="totp-qr", dark="#000", light="#fff"
    )
    context = {
        "form": form, "next": target or "", "qr_svg": Markup(qr_svg),  # noqa: S704 (segno writes the SVG; the only input is our own otpauth: URL, which it escapes)
        "key_text": _grouped(b32encode(bytes.fromhex(key)).decode().rstrip("=")),
        "required": selectors.second_factor(user).required,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@login_required
def recovery_codes(request):
    """The new recovery codes, shown this once."""
    new = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not isinstance(new, dict) or not new.get("codes"):
        return redirect("accounts:security")
    target = new.get("next") or ""
    context = {"codes": new["codes"], "next": target if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}) else ""}
    response = render(request, "accounts/recovery_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def security(request):
    user = request.user
    status = selectors.second_factor(user)
    device = selectors.totp_device(user=user) if status.enabled else None
    context = {
        "status": status, "device": device, "verified": verification.is_verified(user),
        "codes_left": selectors.recovery_codes_left(user=user) if status.enabled else 0,
    }
    return render(request, "accounts/security.html", context)


@require_POST
@login_required
def recovery_codes_regenerate(request):
    gate = second_factor_gate(request, target=reverse("accounts:security"))
    if gate is not None:
        return gate
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    request.session[NEW_CODES_SESSION_KEY] = {"codes": codes, "next": reverse("accounts:security")}
    return redirect("accounts:recovery_codes")


@require_POST
@login_required
def two_factor_disable(request):
    user = request.user
    if selectors.second_factor_required(user):
        raise PermissionDenied(_("Your roles on the platform require two-factor sign-in: it cannot be turned off."))
    if not selectors.second_factor(user).enabled:
        return redirect("accounts:security")
    gate = second_factor_gate(request, target=reverse("accounts:security"))
    if gate is not None:
        return gate
    try:
        services.two_factor_disable(actor=user)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc.message)) from exc
    request.session.pop(verification.VERIFIED_AT_KEY, None)
    messages.success(request, _("Two-factor sign-in is off. You can turn it on again at any time."))
    return redirect("accounts:security")
