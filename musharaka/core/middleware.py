import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
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
        if not database_unavailable(exception):
            return None
        return unavailable_response(request, exception)


def database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError) and _looks_unavailable(exception)


def unavailable_response(request, exception: BaseException):
    """The 503 answer. Also given by handler500 when the database failed outside a view (the session
    read by a middleware, a template reading request.user), where process_exception is not asked."""
    log.error("database unavailable: %s", exception)
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
        if conn.connection is not None and not conn.is_usable():
            conn.close()
    message = _("The service is briefly unavailable. Please try again in a moment.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "unavailable"}, status=503)
    else:
        # Rendered now and without the request's context processors, which would query the database
        # again; a TemplateResponse returned after the view's own rendering failed is never rendered.
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = "5"
    return response


def _looks_unavailable(exception: BaseException) -> bool:
    text = str(exception).lower()
    markers = ("connection", "server closed", "terminating", "could not connect", "database is locked")
    return any(marker in text for marker in markers)
