"""The Done-when test: a small, standard GeoReport v2 client — written from the specification alone
(http://wiki.open311.org/GeoReport_v2), speaking HTTP with urllib to a live server — lists the services, reads a
service definition, posts a request with an API key (form-encoded, with an attribute), reads it back by id (open),
sees it closed with the staff's note once they resolve it, filters requests.json, and gets the same values in XML.
A bad key gets 403 with the specification's error list."""

import datetime
import json
import urllib.error
import urllib.parse
import urllib.request

import defusedxml.ElementTree as SafeET
import pytest

from musharaka.reports import keys, services
from musharaka.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class GeoReportClient:
    """What a GeoReport v2 client does: GET resources with a format suffix, POST form-encoded requests."""

    def __init__(self, endpoint: str, api_key: str | None = None, fmt: str = "json"):
        self.endpoint, self.api_key, self.fmt = endpoint.rstrip("/"), api_key, fmt

    def _call(self, path: str, params: dict | None = None, data: list | None = None):
        url = f"{self.endpoint}/{path}.{self.fmt}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Accept-Language": "en"})
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get_content_type(), error.read()

    def parse(self, content_type: str, body: bytes):
        if self.fmt == "json":
            assert content_type == "application/json"
            return json.loads(body)
        assert content_type == "text/xml"
        return SafeET.fromstring(body)

    def get(self, path: str, **params):
        status, content_type, body = self._call(path, params)
        return status, self.parse(content_type, body)

    def services(self):
        return self.get("services")

    def service_definition(self, code: str):
        return self.get(f"services/{code}")

    def post_request(self, service_code: str, *, lat: float, long: float, description: str,
                     attributes: dict[str, str | list[str]] | None = None, **contact):
        data = [("api_key", self.api_key or ""), ("service_code", service_code), ("lat", str(lat)),
                ("long", str(long)), ("description", description), *contact.items()]
        for code, value in (attributes or {}).items():
            for item in value if isinstance(value, list) else [value]:
                data.append((f"attribute[{code}]", item))
        status, content_type, body = self._call("requests", data=data)
        return status, self.parse(content_type, body)

    def request(self, request_id: str):
        return self.get(f"requests/{request_id}")

    def requests(self, **params):
        return self.get("requests", **params)


def _xml_rows(root, item: str) -> list[dict]:
    return [{child.tag: child.text for child in node} for node in root.findall(item)]


def test_a_standard_georeport_client_posts_and_follows_a_request(live_server, reports_world, make_user):
    staff = make_user(is_staff=True)
    _key, raw = keys.api_key_issue(actor=staff, organization=reports_world.municipality, label="تطبيق الرصد")
    endpoint = f"{live_server.url}/open311/v2"
    client = GeoReportClient(endpoint, api_key=raw)
    xml = GeoReportClient(endpoint, fmt="xml")

    # Discovery and the services.
    status, discovery = client.get("discovery")
    assert status == 200
    assert discovery["endpoints"][0]["url"] == endpoint
    status, catalogue = client.services()
    assert status == 200
    lighting = next(service for service in catalogue if service["service_code"] == "lighting")
    assert (lighting["service_name"], lighting["metadata"], lighting["type"]) == ("Lighting", True, "realtime")
    assert {service["service_code"] for service in catalogue} >= {
        "visual-distortion", "lighting", "roads", "cleanliness", "parks", "other"}
    status, definition = client.service_definition("lighting")
    assert status == 200
    codes = [attribute["code"] for attribute in definition["attributes"]]
    assert "pole-number" in codes
    status, xml_services = xml.services()
    assert status == 200
    assert {row["service_code"] for row in _xml_rows(xml_services, "service")} == {
        service["service_code"] for service in catalogue}

    # Post a request with the key and an attribute; read it back by id: open.
    status, answer = client.post_request("lighting", lat=24.695, long=46.685,
                                         description="عمود الإنارة رقم R-1207 مطفأ منذ ثلاثة أيام",
                                         attributes={"pole-number": "R-1207"}, email="sara@example.org",
                                         first_name="Sara")
    assert status == 200, answer
    request_id = answer[0]["service_request_id"]
    assert answer[0]["account_id"] is None
    status, [row] = client.request(request_id)
    assert status == 200
    assert (row["service_request_id"], row["status"], row["service_code"]) == (request_id, "open", "lighting")
    assert row["description"] == "عمود الإنارة رقم R-1207 مطفأ منذ ثلاثة أيام"
    assert (row["lat"], row["long"]) == (24.695, 46.685)
    assert "sara@example.org" not in json.dumps(row)

    # The municipality's staff resolve it through the service; the client sees it closed with the note.
    report = Report.objects.get(pk=int(request_id))
    for step in ("acknowledged", "in_progress"):
        report = services.report_change_status(actor=reports_world.editor, report=report, status=step,
                                               note="تسلمت فرقة الصيانة البلاغ")
    services.report_change_status(actor=reports_world.editor, report=report, status="resolved",
                                  note="استُبدل المصباح وعادت الإنارة")
    status, [row] = client.request(request_id)
    assert (row["status"], row["status_notes"]) == ("closed", "استُبدل المصباح وعادت الإنارة")
    assert row["agency_responsible"] == "أمانة منطقة الرياض"

    # requests.json filters by status, service_code and dates.
    other_status, other = client.post_request("roads", lat=24.695, long=46.685, description="حفرة عميقة في الطريق",
                                              attributes={"hazard": "high"})
    assert other_status == 200, other
    today = datetime.date.today()
    window = {"start_date": (today - datetime.timedelta(days=1)).isoformat() + "T00:00:00Z",
              "end_date": (today + datetime.timedelta(days=1)).isoformat() + "T23:59:59Z"}
    _status, closed = client.requests(status="closed", **window)
    assert [r["service_request_id"] for r in closed] == [request_id]
    _status, roads = client.requests(service_code="roads", status="open", **window)
    assert [r["service_request_id"] for r in roads] == [other[0]["service_request_id"]]
    _status, none = client.requests(start_date="2020-01-01T00:00:00Z", end_date="2020-02-01T00:00:00Z")
    assert none == []

    # The XML variant carries the same values.
    status, root = xml.request(request_id)
    assert (status, root.tag) == (200, "service_requests")
    [xml_row] = _xml_rows(root, "request")
    assert {name: (value or "") for name, value in xml_row.items()} == {
        name: "" if value is None else str(value) for name, value in row.items()}

    # A bad key: 403 with the error list, in both formats.
    status, errors = GeoReportClient(endpoint, api_key="o311_wrong").post_request(
        "lighting", lat=24.695, long=46.685, description="إنارة مطفأة")
    assert status == 403
    assert errors[0]["code"] == 403 and errors[0]["description"]
    status, root = GeoReportClient(endpoint, api_key="o311_wrong", fmt="xml").post_request(
        "lighting", lat=24.695, long=46.685, description="إنارة مطفأة")
    assert (status, root.tag, root.find("error").findtext("code")) == (403, "errors", "403")
    assert Report.objects.count() == 2
