from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from musharaka.core.jsonout import json_answer

from .auth import bearer_key, request_token
from .verification import pending


class ApiLanguageMiddleware:
    """The API speaks the language of Accept-Language, else the signed-in person's preferred one.

    Pages take their language from the URL (/ is Arabic, /en/ English), and LocaleMiddleware
    gives every unprefixed path Arabic; the API has no prefix, so it is decided here instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            if "HTTP_ACCEPT_LANGUAGE" in request.META:
                language = translation.get_language_from_request(request, check_path=False)
            else:
                user = getattr(request, "user", None)
                language = user.preferred_language if user is not None and user.is_authenticated else "ar"
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


# What a signed-in person may reach while the second factor is pending (set-up or code still due).
PENDING_ALLOWED = frozenset({
    "accounts:two_factor_verify", "accounts:two_factor_setup", "accounts:logout", "set_language", "health",
})


class SecondFactorMiddleware:
    """Keeps a signed-in person whose second factor is pending on the page that settles it.

    After django-otp's OTPMiddleware. Someone with an authenticator who has not typed its code in
    this session goes to the verify page; someone whose roles require two-factor sign-in and who has
    none goes to the set-up page. API calls by such a session answer a JSON 403
    (`second_factor_required`); calls with an API token are left to the token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path_info
        is_api = path.startswith("/api/")
        if is_api and bearer_key(request) is not None and request_token(request) is not None:
            return None  # a token call: the token's owner passed the second factor when creating it
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        step = pending(user)
        if step is None:
            return None
        if is_api:
            detail = _("Finish signing in with your second factor (the code of your authenticator app) first.")
            return json_answer({"detail": detail, "code": "second_factor_required"}, status=403)
        try:
            if resolve(path).view_name in PENDING_ALLOWED:
                return None
        except Resolver404:
            pass  # the 404 page for the pending person too, after the redirect
        target = reverse("accounts:two_factor_verify" if step == "verify" else "accounts:two_factor_setup")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # htmx would follow a 302 inside the page's fragment: have it load the whole page instead.
            return HttpResponse(status=200, headers={"HX-Redirect": target})
        return HttpResponseRedirect(target)
