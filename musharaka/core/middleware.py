import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A database that went away answers 503 with a clear message instead of a 500.

    The broken connection is closed so that the next request opens a fresh one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError) or not _looks_unavailable(exception):
            return None
        log.error("database unavailable: %s", exception)
        for conn in connections.all(initialized_only=True):
            conn.close_if_unusable_or_obsolete()
            if conn.connection is not None and not conn.is_usable():
                conn.close()
        message = _("The service is briefly unavailable. Please try again in a moment.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "unavailable"}, status=503)
        response = TemplateResponse(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = "5"
        return response


def _looks_unavailable(exception: DatabaseError) -> bool:
    text = str(exception).lower()
    markers = ("connection", "server closed", "terminating", "could not connect", "database is locked")
    return any(marker in text for marker in markers)
