from django.utils import translation


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
