from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from .navigation import main_menu


def site(request):
    return {
        "rtl": get_language_bidi(),
        "LANGUAGE": get_language(),
        "main_menu": main_menu(request.path),
        "debug": settings.DEBUG,
    }
