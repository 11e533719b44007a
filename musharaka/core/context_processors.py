from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi

from .navigation import main_menu


def site(request):
    language = get_language()
    other = "en" if language == "ar" else "ar"
    return {
        "rtl": get_language_bidi(),
        "LANGUAGE": language,
        "other_language": other,
        # The same page in the other language, translated while the current one is active (set_language
        # alone cannot resolve /en/… from Arabic, whose URLs have no prefix).
        "other_language_url": translate_url(request.get_full_path(), other),
        "main_menu": main_menu(request.path),
        "debug": settings.DEBUG,
    }
