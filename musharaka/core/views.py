import sys

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors


def home(request):
    return render(request, "core/home.html", {"stats": selectors.home_stats(), "today": timezone.localdate()})


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    from .middleware import database_unavailable, unavailable_response

    error = sys.exc_info()[1]
    if database_unavailable(error):  # the database failed where the middleware could not catch it
        return unavailable_response(request, error)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error.", "code": "server_error"}, status=500)
    # Rendered without the request: no context processor (session, user, menu) can fail a second time.
    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request, reason=""):
    """A form sent without its security token (or with an old one): the site's own page, in its language."""
    return render(request, "403_csrf.html", status=403)
