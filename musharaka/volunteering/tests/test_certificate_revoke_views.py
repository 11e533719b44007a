"""vol17: the certificates an organisation issued (its members see them) and revoking one on that page (its admins
and editors, with a reason: the service and right of POST /api/v1/volunteering/certificates/{id}/revoke)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from musharaka.orgs.models import Role
from musharaka.volunteering import services
from musharaka.volunteering.models import Certificate

pytestmark = pytest.mark.django_db


def _certificate(world) -> Certificate:
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    services.application_decide(actor=world.editor, application=application, decision="accept")
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": "3.5", "shift_id": world.morning.pk})
    services.hours_verify(actor=world.editor, entry=entry)
    return services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                      organization=world.organization)


def _list_url(world) -> str:
    return reverse("volunteering:certificates", args=[world.organization.pk])


def _revoke_url(certificate) -> str:
    return reverse("volunteering:certificate_revoke", args=[certificate.pk])


@pytest.mark.parametrize(("prefix", "direction", "heading"), [("", "rtl", "الشهادات الصادرة"),
                                                              ("/en", "ltr", "Certificates issued")])
def test_the_certificates_page_lists_them_in_both_languages(volunteering_world, client_for, prefix, direction,
                                                            heading):
    world = volunteering_world
    certificate = _certificate(world)
    response = client_for(world.editor).get(prefix + _list_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'dir="{direction}"' in html and heading in html
    assert "نورة القحطاني" in html and "3.5" in html and f'data-testid="revoke-{certificate.pk}"' in html
    assert certificate.code[:4] in html  # printed in groups of four


def test_the_management_page_links_to_the_certificates(volunteering_world, client_for):
    world = volunteering_world
    html = client_for(world.editor).get(reverse("volunteering:manage", args=[world.organization.pk])).content.decode()
    assert 'data-testid="certificates-link"' in html and _list_url(world) in html


def test_an_editor_revokes_with_a_reason_and_the_page_shows_it(volunteering_world, client_for):
    world = volunteering_world
    certificate = _certificate(world)
    client = client_for(world.editor)

    response = client.post(_revoke_url(certificate), {"reason": "سجلت الساعات بالخطأ", "page": "1"})

    assert response.status_code == 302
    assert response.url == f"{_list_url(world)}#certificate-{certificate.pk}"
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "سجلت الساعات بالخطأ"
    page = client.get(_list_url(world))
    html = page.content.decode()
    assert f'data-testid="revoked-{certificate.pk}"' in html and "سجلت الساعات بالخطأ" in html
    assert f'data-testid="revoke-{certificate.pk}"' not in html  # no second revocation offered
    english = client.get("/en" + _list_url(world)).content.decode()
    assert "Revoked on" in english and "سجلت الساعات بالخطأ" in english
    assert [m.level_tag for m in response.wsgi_request._messages._queued_messages] == ["success"]


@pytest.mark.parametrize("reason", ["", "   ", "x", "x" * 501])
def test_a_bad_reason_is_shown_on_the_form_and_changes_nothing(volunteering_world, client_for, reason):
    world = volunteering_world
    certificate = _certificate(world)

    response = client_for(world.admin).post(_revoke_url(certificate), {"reason": reason})

    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="revoke-error"' in html and 'aria-invalid="true"' in html
    certificate.refresh_from_db()
    assert not certificate.is_revoked and certificate.revoked_reason == ""


def test_a_blank_reason_is_explained_in_english_too(volunteering_world, client_for):
    world = volunteering_world
    certificate = _certificate(world)
    response = client_for(world.admin).post("/en" + _revoke_url(certificate), {"reason": ""})
    assert "Give the reason for revoking this certificate." in response.content.decode()


def test_revoking_again_is_refused_with_a_message(volunteering_world, client_for):
    world = volunteering_world
    certificate = _certificate(world)
    services.certificate_revoke(actor=world.admin, certificate=certificate, reason="خطأ في الساعات")

    response = client_for(world.editor).post(_revoke_url(certificate), {"reason": "سبب آخر"})

    assert response.status_code == 302
    assert [m.level_tag for m in response.wsgi_request._messages._queued_messages] == ["error"]
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "خطأ في الساعات"


def test_the_volunteer_and_a_viewer_may_not_revoke_others_do_not_see_it(volunteering_world, client_for, make_member,
                                                                       make_org, make_user):
    world = volunteering_world
    certificate = _certificate(world)
    viewer = make_member(world.organization, Role.VIEWER)
    outsider = make_member(make_org("جمعية أخرى"), Role.ADMIN)

    assert client_for(world.volunteer).post(_revoke_url(certificate), {"reason": "لا أريدها"}).status_code == 403
    assert client_for(viewer).post(_revoke_url(certificate), {"reason": "سبب ما"}).status_code == 403
    assert client_for(outsider).post(_revoke_url(certificate), {"reason": "سبب ما"}).status_code == 404
    assert client_for(make_user()).post(_revoke_url(certificate), {"reason": "سبب ما"}).status_code == 404
    anonymous = client_for(None).post(_revoke_url(certificate), {"reason": "سبب ما"})
    assert anonymous.status_code == 302 and "login" in anonymous.url
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_who_sees_the_certificates_page(volunteering_world, client_for, make_member, make_org):
    world = volunteering_world
    certificate = _certificate(world)
    viewer = make_member(world.organization, Role.VIEWER)
    outsider = make_member(make_org("جمعية أخرى"), Role.ADMIN)

    seen_by_viewer = client_for(viewer).get(_list_url(world))
    assert seen_by_viewer.status_code == 200
    assert f'data-testid="certificate-{certificate.pk}"' in seen_by_viewer.content.decode()
    assert f'data-testid="revoke-{certificate.pk}"' not in seen_by_viewer.content.decode()
    assert client_for(world.volunteer).get(_list_url(world)).status_code == 403
    assert client_for(outsider).get(_list_url(world)).status_code == 403


def test_the_certificates_page_is_paginated_and_revoking_returns_to_the_same_page(volunteering_world, client_for):
    world = volunteering_world
    first = _certificate(world)
    for _index in range(20):  # PAGE_SIZE more: the first certificate moves to the second page
        Certificate.objects.create(
            volunteer=world.volunteer, organization=world.organization, issued_at=timezone.now(), name=first.name,
            organization_name_ar=first.organization_name_ar, first_date=first.first_date, last_date=first.last_date,
            hours=first.hours)
    client = client_for(world.editor)
    second_page = client.get(_list_url(world), {"page": "2"}).content.decode()
    assert f'data-testid="certificate-{first.pk}"' in second_page  # the oldest, on the second page
    assert f'data-testid="certificate-{first.pk}"' not in client.get(_list_url(world)).content.decode()

    response = client.post(_revoke_url(first), {"reason": "مكررة", "page": "2"})

    assert response.url == f"{_list_url(world)}?page=2#certificate-{first.pk}"


def test_the_certificates_page_reads_a_fixed_number_of_queries(volunteering_world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = volunteering_world
    first = _certificate(world)
    client = client_for(world.editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(_list_url(world)).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for index in range(6):
        certificate = Certificate.objects.create(
            volunteer=world.volunteer, organization=world.organization, issued_at=timezone.now(), name=first.name,
            organization_name_ar=first.organization_name_ar, first_date=first.first_date, last_date=first.last_date,
            hours=first.hours)
        if index % 2:
            services.certificate_revoke(actor=world.admin, certificate=certificate, reason="شهادة مكررة")
    assert queries() == few
