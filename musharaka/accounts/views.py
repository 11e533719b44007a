"""Account pages. Thin: forms check the input, services.py applies the rules."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from musharaka.core.errors import NotFound, NotPermitted

from . import forms, selectors, services

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
    context = {"form": form, "tokens": selectors.api_token_list(user=request.user)}
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
