"""Open311 GeoReport v2 (mounted at /open311/v2/, outside the language prefixes: clients ask for a locale with
the `locale` parameter or Accept-Language)."""

from django.urls import re_path

from . import open311

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns: list = [
    # ---- o31116
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.services, name="services"),
    re_path(r"^services/(?P<service_code>[-a-zA-Z0-9_]{1,40})" + FMT, open311.service_definition, name="service"),
    re_path(r"^requests" + FMT, open311.service_requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[0-9]{1,30})" + FMT, open311.service_request, name="request"),
    # Anything else: Open311's error list (XML when the path asks for it), not the site's HTML 404 page.
    re_path(r"^(?P<rest>.*)\.(?P<fmt>xml)$", open311.not_found, name="not_found_xml"),
    re_path(r"^(?P<rest>.*)$", open311.not_found, name="not_found"),
]
