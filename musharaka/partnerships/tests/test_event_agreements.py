"""The agreements signed at an event, on its page and in the events API, read from partnerships under its rule."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from musharaka.events import services as events
from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import event_agreements, services
from musharaka.partnerships.models import PartyRole, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality(make_org):
    return make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY, name_en="Eastern Province Municipality")


@pytest.fixture
def editor(municipality, make_member):
    return make_member(municipality, Role.EDITOR)


@pytest.fixture
def forum(municipality, editor):
    starts = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(days=3)
    return events.event_create(actor=editor, organization=municipality, data={
        "title_ar": "الملتقى الأول للمشاركة المجتمعية", "kind": "forum", "region": municipality.region,
        "venue": "فندق حياة جراند بالخبر", "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1),
        "is_published": True})


@pytest.fixture
def sign(forum, municipality, editor, make_org):
    waqf = make_org("شركة شباب مجتمعي الوقفية", name_en="Shabab Mujtamai Waqf Company")

    def make(title_ar="مذكرة تفاهم لتعزيز العمل المشترك في خدمة المجتمع", *, stage=Stage.SIGNED, published=True,
             **data):
        signed = stage != Stage.DRAFT
        values = {"title_ar": title_ar, "stage": stage, "event": forum, "is_published": signed and published,
                  "signed_on": forum.starts_at.date() if signed else None, **data}
        return services.agreement_create(actor=editor, organization=municipality, data=values, parties=[
            services.PartySpec(organization=municipality, role=PartyRole.FIRST_PARTY),
            services.PartySpec(organization=waqf, role=PartyRole.SECOND_PARTY),
            services.PartySpec(name_ar="جمعية استدامة للتنمية المستدامة", name_en="Istidama Association")])

    return make


def detail(client, forum, language="ar") -> str:
    prefix = "/en" if language == "en" else ""
    response = client.get(prefix + reverse("events:detail", args=[forum.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_event_page_lists_the_agreements_signed_there_in_arabic_and_english(client, forum, sign, editor):
    agreement = sign(title_en="MoU on joint work for the community")
    services.commitment_create(actor=editor, agreement=agreement, party=agreement.parties.get(role=PartyRole.SECOND_PARTY),
                               data={"title_ar": "إطلاق مبادرات نوعية في خدمة المجتمع"})
    arabic = detail(client, forum)
    assert 'data-testid="event-agreements"' in arabic
    assert "مذكرة تفاهم لتعزيز العمل المشترك" in arabic and "شركة شباب مجتمعي الوقفية" in arabic
    assert "جمعية استدامة للتنمية المستدامة" in arabic and "مذكرة تفاهم</span>" in arabic
    assert "الاتفاقيات الموقعة في الفعالية" in arabic and "التزام واحد" in arabic
    assert 'شركة شباب مجتمعي الوقفية</span>، <span' in arabic  # the Arabic list separator
    english = detail(client, forum, "en")
    assert "Agreements signed at the event" in english and "MoU on joint work for the community" in english
    assert "Eastern Province Municipality" in english and "Istidama Association" in english
    assert "1 commitment" in english and "مذكرة تفاهم لتعزيز" not in english
    assert 'Shabab Mujtamai Waqf Company</span>, <span' in english


def test_event_page_hides_drafts_and_unpublished_agreements_from_the_public(client, client_for, forum, sign, editor,
                                                                             make_user):
    sign("مسودة اتفاقية لم توقع بعد", stage=Stage.DRAFT)
    sign("اتفاقية موقعة لم تنشر", published=False)
    for viewer in (client, client_for(make_user())):
        page = detail(viewer, forum)
        assert "مسودة اتفاقية" not in page and "لم تنشر" not in page
        assert 'data-testid="event-agreements"' not in page
    mine = detail(client_for(editor), forum)  # a member of a party sees both, the draft marked as one
    assert "مسودة اتفاقية لم توقع بعد" in mine and "اتفاقية موقعة لم تنشر" in mine
    assert 'text-bg-warning">مسودة</span>' in mine


def test_agreements_signed_at_read_in_two_queries_whatever_their_number(forum, sign, django_assert_num_queries):
    sign()
    anonymous = AnonymousUser()
    with django_assert_num_queries(2):  # the agreements, then all their parties
        [row] = event_agreements.agreements_signed_at(forum, anonymous)
    assert [party["name_ar"] for party in row["parties"]] == [
        "أمانة المنطقة الشرقية", "شركة شباب مجتمعي الوقفية", "جمعية استدامة للتنمية المستدامة"]
    for number in range(5):
        sign(f"اتفاقية تعاون رقم {number}", kind="cooperation")
    with django_assert_num_queries(2):
        rows = event_agreements.agreements_signed_at(forum, anonymous)
    assert len(rows) == 6 and all(len(row["parties"]) == 3 for row in rows)


def test_event_page_queries_do_not_grow_with_the_agreements(client, forum, sign):
    sign()
    with CaptureQueriesContext(connection) as few:
        detail(client, forum)
    for number in range(6):
        sign(f"اتفاقية تعاون رقم {number}")
    with CaptureQueriesContext(connection) as many:
        page = detail(client, forum)
    assert len(many) == len(few)
    assert page.count('data-testid="event-agreement"') == 7


def test_event_page_without_agreements_shows_no_section_to_the_public(client, forum):
    assert 'data-testid="event-agreements"' not in detail(client, forum)


def test_agreements_link_to_their_pages_and_managers_may_record_one(client, client_for, forum, sign, editor, make_user):
    agreement = sign()
    url = event_agreements.page_url("partnerships:detail", agreement.pk)
    record = event_agreements.page_url("partnerships:create", query={"event": forum.pk})
    assert url and record.endswith(f"?event={forum.pk}")
    page = detail(client_for(editor), forum)
    assert f'href="{url}"' in page and f'href="{record}"' in page
    for viewer in (client, client_for(make_user())):
        page = detail(viewer, forum)
        assert f'href="{url}"' in page and 'data-testid="record-agreement"' not in page


def test_event_page_beyond_the_limit_links_the_register(client, forum, sign, monkeypatch):
    monkeypatch.setattr(event_agreements, "MAX_ON_EVENT_PAGE", 2)
    for number in range(3):
        sign(f"اتفاقية تعاون رقم {number}")
    page = detail(client, forum)
    assert page.count('data-testid="event-agreement"') == 2
    assert f"/partnerships/?event={forum.pk}" in page


def test_events_api_lists_the_agreements_signed_there(client, client_for, forum, sign, editor):
    agreement = sign(title_en="MoU on joint work")
    sign("مسودة", stage=Stage.DRAFT)
    answer = client.get(f"/api/v1/events/{forum.pk}/agreements", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    [row] = answer.json()
    assert row["id"] == agreement.pk and row["kind"] == "mou" and row["title"] == "MoU on joint work"
    assert row["parties"] == ["Eastern Province Municipality", "Shabab Mujtamai Waqf Company", "Istidama Association"]
    assert row["signed_on"] == forum.starts_at.date().isoformat() and row["stage"] == "signed"
    assert row["commitment_count"] == 0
    mine = client_for(editor).get(f"/api/v1/events/{forum.pk}/agreements").json()
    assert [item["stage"] for item in mine] == ["signed", "draft"]  # a party's member sees the draft, last
    assert mine[0]["parties"][0] == "أمانة المنطقة الشرقية"
