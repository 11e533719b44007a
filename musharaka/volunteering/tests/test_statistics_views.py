"""The public statistics page (tables, the chart's data and the bases of the values, both languages) and the
staff's page of the values of an hour."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from musharaka.volunteering import services
from musharaka.volunteering.models import HoursTally, HourValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(platform_admin, make_org, region, other_region):
    services.hour_value_create(actor=platform_admin, data={
        "amount": "50", "basis_ar": "متوسط أجر الساعة الوطني", "basis_en": "National average hourly wage",
        "effective_from": datetime.date(2023, 1, 1)})
    first, second = make_org("جمعية البر بالرياض"), make_org("جمعية الخير بمكة", region=other_region)
    HoursTally.objects.create(year=2025, organization=first, region=region, hours=Decimal("12.5"), entries=4)
    HoursTally.objects.create(year=2025, organization=second, region=other_region, hours=Decimal(30), entries=9)
    return first, second


@pytest.mark.parametrize("language", ["ar", "en"])
def test_statistics_page_by_region_in_both_languages(client, figures, region, other_region, language,
                                                     django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(("" if language == "ar" else "/en") + "/volunteering/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html
    names = [other_region.name_ar, region.name_ar] if language == "ar" else [other_region.name_en, region.name_en]
    assert all(name in html for name in names)
    chart = json.loads(response.context["chart_json"])
    assert chart["labels"] == names and chart["values"] == [30.0, 12.5]
    assert response.context["statistics"].total.values == {"SAR": Decimal("2125.00")}
    assert ("National average hourly wage" if language == "en" else "متوسط أجر الساعة الوطني") in html
    assert "volunteering/statistics-chart.js" in html and "<script>" not in html


def test_statistics_page_by_organization_links_each(client, figures):
    first, second = figures
    response = client.get("/volunteering/statistics/?by=organization&year=2025")
    assert [row.key for row in response.context["statistics"].rows] == [second.pk, first.pk]
    assert reverse("orgs:detail", args=[first.pk]) in response.content.decode()


@pytest.mark.parametrize("query", ["by=nothing", "year=abc", "region=-1", "axis=99999999999", "page=0",
                                   "year=1e400", "organization=%00"])
def test_statistics_page_ignores_malformed_filters(client, figures, query):
    assert client.get(f"/volunteering/statistics/?{query}").status_code == 200


def test_statistics_page_without_hours(client, db):
    response = client.get("/en/volunteering/statistics/")
    assert response.status_code == 200 and b'data-testid="statistics-empty"' in response.content


def test_hour_values_page_adds_and_removes(client_for, platform_admin, region):
    client = client_for(platform_admin)
    assert client.get(reverse("volunteering:hour_values")).status_code == 200
    response = client.post(reverse("volunteering:hour_values"), {
        "region": region.pk, "amount": "55.5", "currency": "SAR", "basis_ar": "متوسط الأجر في المنطقة",
        "effective_from": "2025-01-01"})
    assert response.status_code == 302
    value = HourValue.objects.get()
    assert (value.region, value.amount) == (region, Decimal("55.5"))
    again = client.post(reverse("volunteering:hour_values"), {
        "region": region.pk, "amount": "60", "currency": "SAR", "basis_ar": "أساس آخر", "effective_from": "2025-01-01"})
    assert again.status_code == 200 and again.context["form"].errors and HourValue.objects.count() == 1
    for amount in ("0", "-5", "1e400", "abc"):
        refused = client.post(reverse("volunteering:hour_values"), {
            "amount": amount, "currency": "SAR", "basis_ar": "أساس", "effective_from": "2026-01-01"})
        assert refused.status_code == 200 and "amount" in refused.context["form"].errors
    assert client.post(reverse("volunteering:hour_value_remove", args=[value.pk])).status_code == 302
    assert not HourValue.objects.exists()


def test_hour_values_page_refuses_others(client_for, make_org, make_member, make_user):
    organization = make_org()
    for user in (make_member(organization, "admin"), make_user()):
        assert client_for(user).get(reverse("volunteering:hour_values")).status_code == 403
    anonymous = client_for(None).get(reverse("volunteering:hour_values"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
