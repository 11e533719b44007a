import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from musharaka.volunteering import services
from musharaka.volunteering.models import Application, ApplicationStatus, Certificate, EntryStatus, HourEntry

pytestmark = pytest.mark.django_db


def _accepted(world):
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    return services.application_decide(actor=world.editor, application=application, decision="accept")


def _verified_hours(world, hours="3"):
    _accepted(world)
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": hours, "shift_id": world.morning.pk})
    return services.hours_verify(actor=world.editor, entry=entry)


@pytest.mark.parametrize(("prefix", "direction", "heading"), [("", "rtl", "فرص التطوع"),
                                                              ("/en", "ltr", "Volunteer opportunities")])
def test_list_in_both_languages(volunteering_world, client, prefix, direction, heading):
    html = client.get(prefix + reverse("volunteering:list")).content.decode()
    assert f'dir="{direction}"' in html and heading in html
    assert "تشجير الحدائق العامة" in html if not prefix else "Planting public gardens" in html


def test_list_search_in_arabic(volunteering_world, client):
    found = client.get(reverse("volunteering:list"), {"q": "حديقه"}).content.decode()
    missing = client.get(reverse("volunteering:list"), {"q": "مستشفيات"}).content.decode()
    assert "تشجير الحدائق العامة" in found
    assert 'data-testid="opportunity-list-empty"' in missing


def test_list_ignores_bad_filters(volunteering_world, client):
    response = client.get(reverse("volunteering:list"), {"region": "x", "skill": "99999999999", "page": "-3"})
    assert response.status_code == 200


@pytest.mark.parametrize(("prefix", "direction"), [("", "rtl"), ("/en", "ltr")])
def test_opportunity_page_shows_shifts_and_seats_in_both_languages(volunteering_world, client_for, prefix,
                                                                    direction):
    world = volunteering_world
    html = client_for(world.volunteer).get(
        prefix + reverse("volunteering:opportunity", args=[world.opportunity.pk])).content.decode()
    assert f'dir="{direction}"' in html
    assert f'data-testid="apply-form-{world.morning.pk}"' in html and f'data-testid="shift-{world.evening.pk}"' in html


def test_opportunity_draft_is_404_for_a_resident(volunteering_world, client_for, region):
    from .conftest import opportunity_data

    world = volunteering_world
    draft = services.opportunity_create(actor=world.editor, organization=world.organization,
                                        data=opportunity_data(region))
    assert client_for(world.volunteer).get(reverse("volunteering:opportunity", args=[draft.pk])).status_code == 404
    assert client_for(world.editor).get(reverse("volunteering:opportunity", args=[draft.pk])).status_code == 200


def test_apply_with_answers_and_birth_date_through_the_form(volunteering_world, client_for):
    world = volunteering_world
    services.opportunity_update(actor=world.editor, opportunity=world.opportunity, data={"minimum_age": 16})
    question = services.question_save(actor=world.editor, opportunity=world.opportunity,
                                      data={"text_ar": "ما خبرتك في الزراعة؟", "required": True})
    client = client_for(world.volunteer)
    prefix = f"shift{world.morning.pk}-"
    url = reverse("volunteering:apply", args=[world.morning.pk])
    missing = client.post(url, {prefix + "message": "مرحبا", prefix + "birth_date": "2000-01-01"})
    assert missing.status_code == 422 and not Application.objects.exists()
    young = client.post(url, {prefix + f"answer_{question.pk}": "لا شيء",
                              prefix + "birth_date": timezone.localdate().isoformat()})
    assert young.status_code == 422 and "16" in young.content.decode()
    response = client.post(url, {prefix + f"answer_{question.pk}": "زراعة الحديقة", prefix + "birth_date": "2000-01-01"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == ApplicationStatus.PENDING and application.answers.get().text == "زراعة الحديقة"


def test_applications_page_accepts_and_declines(volunteering_world, client_for):
    world = volunteering_world
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    client = client_for(world.editor)
    page = client.get(reverse("volunteering:applications", args=[world.opportunity.pk]))
    assert page.status_code == 200 and f'data-testid="accept-{application.pk}"' in page.content.decode()
    client.post(reverse("volunteering:decide", args=[application.pk]), {"decision": "accept"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_applications_page_refused_to_a_resident(volunteering_world, client_for):
    world = volunteering_world
    response = client_for(world.volunteer).get(reverse("volunteering:applications", args=[world.opportunity.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("hours", ["0", "25", "-1", "1e400", "abc", "", "0.1"])
def test_log_hours_form_refuses_bad_hours(volunteering_world, client_for, hours):
    world = volunteering_world
    _accepted(world)
    response = client_for(world.volunteer).post(
        reverse("volunteering:log_hours", args=[world.opportunity.pk]),
        {"date": timezone.localdate().isoformat(), "hours": hours, "shift": world.morning.pk})
    assert response.status_code == 422
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not HourEntry.objects.exists()


@pytest.mark.parametrize("day", ["tomorrow", "1900-01-01", "2026-02-30", "not a date", "99999-01-01"])
def test_log_hours_form_refuses_bad_dates(volunteering_world, client_for, day):
    world = volunteering_world
    _accepted(world)
    if day == "tomorrow":
        day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(world.volunteer).post(
        reverse("volunteering:log_hours", args=[world.opportunity.pk]),
        {"date": day, "hours": "2", "shift": world.morning.pk})
    assert response.status_code == 422 and not HourEntry.objects.exists()


def test_log_hours_refused_to_a_resident_not_accepted(volunteering_world, client_for):
    world = volunteering_world
    response = client_for(world.volunteer).post(
        reverse("volunteering:log_hours", args=[world.opportunity.pk]),
        {"date": timezone.localdate().isoformat(), "hours": "2", "activity": "زراعة"})
    assert response.status_code == 403


def test_hours_queue_verifies_and_rejects(volunteering_world, client_for):
    world = volunteering_world
    _accepted(world)
    first = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": "2", "shift_id": world.morning.pk})
    second = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                                data={"date": timezone.localdate(), "hours": "1", "activity": "تنظيف"})
    client = client_for(world.admin)
    page = client.get(reverse("volunteering:hours_queue", args=[world.organization.pk])).content.decode()
    assert f'data-testid="verify-{first.pk}"' in page and f'data-testid="verify-shift-{world.morning.pk}"' in page
    client.post(reverse("volunteering:hours_verify", args=[first.pk]))
    client.post(reverse("volunteering:hours_reject", args=[second.pk]), {"reason": ""})
    second.refresh_from_db()
    assert second.status == EntryStatus.PENDING  # a rejection needs its reason
    client.post(reverse("volunteering:hours_reject", args=[second.pk]), {"reason": "نشاط خارج الفترة"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.reject_reason) == (EntryStatus.VERIFIED, EntryStatus.REJECTED,
                                                                   "نشاط خارج الفترة")


def test_hours_queue_verify_a_whole_shift(volunteering_world, client_for):
    world = volunteering_world
    _accepted(world)
    services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                       data={"date": timezone.localdate(), "hours": "2", "shift_id": world.morning.pk})
    client_for(world.editor).post(reverse("volunteering:hours_verify_shift", args=[world.morning.pk]))
    assert HourEntry.objects.get().status == EntryStatus.VERIFIED


def test_profile_certificate_pdf_and_verification(volunteering_world, client_for, client):
    world = volunteering_world
    _verified_hours(world, "4.5")
    volunteer = client_for(world.volunteer)
    page = volunteer.get(reverse("volunteering:profile")).content.decode()
    assert f'data-testid="get-certificate-{world.organization.pk}"' in page
    volunteer.post(reverse("volunteering:certificate_issue", args=[world.organization.pk]))
    certificate = Certificate.objects.get()
    response = volunteer.get(reverse("volunteering:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    verify = client.get(reverse("volunteering:certificate_verify"), {"code": certificate.code.lower()})
    html = verify.content.decode()
    assert verify.status_code == 200 and 'data-testid="certificate-valid"' in html and "نورة القحطاني" in html
    assert "4.5" in html and "resident@example.org" not in html


def test_certificate_pdf_is_404_for_another_person(volunteering_world, client_for, make_user):
    world = volunteering_world
    _verified_hours(world)
    certificate = services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                             organization=world.organization)
    response = client_for(make_user()).get(reverse("volunteering:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 404


def test_certificate_verify_says_revoked_and_unknown(volunteering_world, client):
    world = volunteering_world
    _verified_hours(world)
    certificate = services.certificate_issue(actor=world.editor, volunteer=world.volunteer,
                                             organization=world.organization)
    services.certificate_revoke(actor=world.admin, certificate=certificate, reason="خطأ في الساعات")
    revoked = client.get(reverse("volunteering:certificate_verify_code", args=[certificate.code]))
    assert 'data-testid="certificate-revoked"' in revoked.content.decode()
    assert "خطأ في الساعات" not in revoked.content.decode()  # the reason is not on the paper
    unknown = client.get(reverse("volunteering:certificate_verify_code", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert unknown.status_code == 404


def test_manage_create_and_publish_through_the_pages(volunteering_world, client_for):
    world = volunteering_world
    client = client_for(world.editor)
    assert client.get(reverse("volunteering:manage", args=[world.organization.pk])).status_code == 200
    today = timezone.localdate()
    response = client.post(reverse("volunteering:create", args=[world.organization.pk]), {
        "title_ar": "توزيع السلال الرمضانية", "description_ar": "تجهيز السلال الغذائية وتوزيعها على الأسر",
        "region": world.organization.region_id, "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=20)).isoformat(), "minimum_age": "0"})
    assert response.status_code == 302
    opportunity_id = int(re.search(r"/(\d+)/edit/", response["Location"]).group(1))
    starts = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=9, minute=0)
    client.post(reverse("volunteering:shift_create", args=[opportunity_id]), {
        "title": "التجهيز", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"), "capacity": "10"})
    client.post(reverse("volunteering:publish", args=[opportunity_id]))
    from musharaka.volunteering.models import Opportunity

    opportunity = Opportunity.objects.get(pk=opportunity_id)
    assert (opportunity.status, opportunity.seats_left) == ("published", 10)


def test_opportunity_form_refuses_dates_out_of_order(volunteering_world, client_for):
    world = volunteering_world
    today = timezone.localdate()
    response = client_for(world.editor).post(reverse("volunteering:create", args=[world.organization.pk]), {
        "title_ar": "عنوان", "description_ar": "وصف", "region": world.organization.region_id,
        "starts_on": today.isoformat(), "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
        "minimum_age": "0"})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()


def test_manage_refused_to_a_resident(volunteering_world, client_for):
    world = volunteering_world
    assert client_for(world.volunteer).get(
        reverse("volunteering:manage", args=[world.organization.pk])).status_code == 403


def test_organisation_page_links_its_staff_to_manage_and_residents_to_the_list(volunteering_world, client_for):
    world = volunteering_world
    url = reverse("orgs:detail", args=[world.organization.pk])
    staff = client_for(world.editor).get(url).content.decode()
    resident = client_for(world.volunteer).get(url).content.decode()
    assert reverse("volunteering:manage", args=[world.organization.pk]) in staff
    assert f"{reverse('volunteering:list')}?organization={world.organization.pk}" in resident


def test_list_filters_by_initiative(volunteering_world, client, make_initiative):
    world = volunteering_world
    initiative = make_initiative(world.organization, editor=world.editor)
    services.opportunity_update(actor=world.editor, opportunity=world.opportunity,
                                data={"initiative_id": initiative.pk})
    linked = client.get(reverse("volunteering:list"), {"initiative": initiative.pk}).content.decode()
    other = client.get(reverse("volunteering:list"), {"initiative": initiative.pk + 1}).content.decode()
    assert "تشجير الحدائق العامة" in linked and 'data-testid="opportunity-list-empty"' in other


@pytest.mark.parametrize("capacity", ["0", "-1", "99999999999", "1e400", "abc", "10001"])
def test_shift_form_refuses_hostile_capacity(volunteering_world, client_for, capacity):
    from musharaka.volunteering.models import Shift

    world = volunteering_world
    starts = timezone.localtime(world.evening.starts_at)
    response = client_for(world.editor).post(reverse("volunteering:shift_create", args=[world.opportunity.pk]), {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "capacity": capacity})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert Shift.objects.count() == 2


@pytest.mark.parametrize(("starts", "ends"), [("2026-13-01T10:00", "2026-13-01T12:00"),
                                              ("outside", "outside"), ("reversed", "reversed")])
def test_shift_form_refuses_bad_times(volunteering_world, client_for, starts, ends):
    from musharaka.volunteering.models import Shift

    world = volunteering_world
    if starts == "outside":  # a year after the opportunity ends
        moment = timezone.localtime() + datetime.timedelta(days=400)
        starts, ends = moment.strftime("%Y-%m-%dT%H:%M"), (moment + datetime.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M")
    elif starts == "reversed":
        moment = timezone.localtime(world.evening.starts_at)
        starts, ends = moment.strftime("%Y-%m-%dT%H:%M"), (moment - datetime.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M")
    response = client_for(world.editor).post(reverse("volunteering:shift_create", args=[world.opportunity.pk]),
                                             {"starts_at": starts, "ends_at": ends, "capacity": "3"})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert Shift.objects.count() == 2


@pytest.mark.parametrize("title", ["\x00\x01\x02", "عنوان\u202eمقلوب" + "x" * 300, "   "])
def test_opportunity_form_refuses_hostile_titles(volunteering_world, client_for, title):
    from musharaka.volunteering.models import Opportunity

    world = volunteering_world
    today = timezone.localdate()
    response = client_for(world.editor).post(reverse("volunteering:create", args=[world.organization.pk]), {
        "title_ar": title, "description_ar": "وصف", "region": world.organization.region_id,
        "starts_on": today.isoformat(), "ends_on": today.isoformat(), "minimum_age": "0"})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert Opportunity.objects.count() == 1


def test_opportunity_form_strips_bidi_overrides(volunteering_world, client_for):
    from musharaka.volunteering.models import Opportunity

    world = volunteering_world
    today = timezone.localdate()
    client_for(world.editor).post(reverse("volunteering:create", args=[world.organization.pk]), {
        "title_ar": "تنظيف\u202e الحي", "description_ar": "وصف", "region": world.organization.region_id,
        "starts_on": today.isoformat(), "ends_on": today.isoformat(), "minimum_age": "0"})
    assert Opportunity.objects.filter(title_ar="تنظيف الحي").exists()


@pytest.mark.parametrize("birth_date", ["9999-99-99", "2999-01-01", "0001-01-01", "<script>"])
def test_apply_form_refuses_hostile_birth_dates(volunteering_world, client_for, birth_date):
    world = volunteering_world
    services.opportunity_update(actor=world.editor, opportunity=world.opportunity, data={"minimum_age": 16})
    prefix = f"shift{world.morning.pk}-"
    response = client_for(world.volunteer).post(reverse("volunteering:apply", args=[world.morning.pk]),
                                                {prefix + "birth_date": birth_date})
    assert response.status_code == 422 and not Application.objects.exists()
    assert "<script>" not in response.content.decode().split('data-testid="form-errors"')[-1].split("</div>")[0]


@pytest.mark.parametrize("reason", ["", "x" * 501])
def test_reject_form_refuses_empty_or_huge_reasons(volunteering_world, client_for, reason):
    world = volunteering_world
    _accepted(world)
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": "2", "activity": "زراعة"})
    client_for(world.editor).post(reverse("volunteering:hours_reject", args=[entry.pk]), {"reason": reason})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


def test_apply_message_with_nul_is_refused(volunteering_world, client_for):
    world = volunteering_world
    prefix = f"shift{world.morning.pk}-"
    response = client_for(world.volunteer).post(reverse("volunteering:apply", args=[world.morning.pk]),
                                                {prefix + "message": "مرحبا\x00"})
    assert response.status_code == 422 and not Application.objects.exists()
