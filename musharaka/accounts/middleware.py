from django.utils import translation


class PreferredLanguageMiddleware:
    """The API answers in the signed-in person's preferred language unless Accept-Language says otherwise.

    Pages take their language from the URL (/ is Arabic, /en/ English), so only the API is affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/api/")
            and "HTTP_ACCEPT_LANGUAGE" not in request.META
            and user is not None
            and user.is_authenticated
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)
