import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.volunteering import services
from musharaka.volunteering.models import (
    ApplicationStatus,
    EntryStatus,
    HourEntry,
    HoursTally,
    Opportunity,
    Shift,
)

from .conftest import opportunity_data, shift_times

pytestmark = pytest.mark.django_db


def _counts(opportunity, shift):
    opportunity = Opportunity.objects.get(pk=opportunity.pk)
    shift = Shift.objects.get(pk=shift.pk)
    return opportunity.seats_left, opportunity.pending_count, shift.accepted_count, shift.waitlist_count


def _accepted(world, user=None, shift=None):
    """Apply and be accepted (by the admin when the editor is the applicant)."""
    user = user or world.volunteer
    application = services.application_create(actor=user, shift=shift or world.morning)
    decider = world.admin if user == world.editor else world.editor
    return services.application_decide(actor=decider, application=application, decision="accept")


def _tallies_exact():
    verified = HourEntry.objects.filter(status=EntryStatus.VERIFIED)
    expected = verified.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    assert (HoursTally.objects.aggregate(total=Sum("hours"))["total"] or Decimal(0)) == expected
    assert sum(HoursTally.objects.values_list("entries", flat=True)) == verified.count()


def test_opportunity_seats_left_counts_every_shift(volunteering_world):
    assert _counts(volunteering_world.opportunity, volunteering_world.morning) == (5, 0, 0, 0)


def test_opportunity_create_refuses_a_city_of_another_region(volunteering_world, other_region):
    from musharaka.geo.models import City

    city = City.objects.filter(region=other_region).first()
    with pytest.raises(InvalidInput) as error:
        services.opportunity_create(actor=volunteering_world.editor, organization=volunteering_world.organization,
                                    data=opportunity_data(volunteering_world.organization.region, city_id=city.pk))
    assert error.value.field == "city_id"


def test_opportunity_create_refuses_dates_out_of_order(volunteering_world, region):
    data = opportunity_data(region, ends_on=timezone.localdate() - datetime.timedelta(days=20))
    with pytest.raises(InvalidInput) as error:
        services.opportunity_create(actor=volunteering_world.editor, organization=volunteering_world.organization,
                                    data=data)
    assert error.value.field == "ends_on"


def test_opportunity_create_refuses_an_initiative_of_another_organisation(volunteering_world, make_initiative,
                                                                          region):
    initiative = make_initiative()
    with pytest.raises(InvalidInput) as error:
        services.opportunity_create(actor=volunteering_world.editor, organization=volunteering_world.organization,
                                    data=opportunity_data(region, initiative_id=initiative.pk))
    assert error.value.field == "initiative_id"


def test_opportunity_create_refused_to_a_resident(volunteering_world, region):
    with pytest.raises(NotPermitted):
        services.opportunity_create(actor=volunteering_world.volunteer,
                                    organization=volunteering_world.organization, data=opportunity_data(region))


def test_opportunity_delete_only_drafts(volunteering_world, region):
    with pytest.raises(Conflict) as error:
        services.opportunity_delete(actor=volunteering_world.editor, opportunity=volunteering_world.opportunity)
    assert error.value.code == "not_draft"
    draft = services.opportunity_create(actor=volunteering_world.editor,
                                        organization=volunteering_world.organization, data=opportunity_data(region))
    services.opportunity_delete(actor=volunteering_world.editor, opportunity=draft)
    assert not Opportunity.objects.filter(pk=draft.pk).exists()


def test_opportunity_publish_without_shifts_is_refused(volunteering_world, region):
    draft = services.opportunity_create(actor=volunteering_world.editor,
                                        organization=volunteering_world.organization, data=opportunity_data(region))
    with pytest.raises(Conflict) as error:
        services.opportunity_publish(actor=volunteering_world.editor, opportunity=draft)
    assert error.value.code == "no_shifts"


def test_application_pending_then_accepted_moves_counts(volunteering_world):
    world = volunteering_world
    application = services.application_create(actor=world.volunteer, shift=world.morning, message="أحب التشجير")
    assert application.status == ApplicationStatus.PENDING
    assert _counts(world.opportunity, world.morning) == (5, 1, 0, 0)
    services.application_decide(actor=world.editor, application=application, decision="accept")
    assert _counts(world.opportunity, world.morning) == (4, 0, 1, 0)


def test_application_twice_is_already_applied(volunteering_world):
    world = volunteering_world
    services.application_create(actor=world.volunteer, shift=world.morning)
    with pytest.raises(Conflict) as error:
        services.application_create(actor=world.volunteer, shift=world.morning)
    assert error.value.code == "already_applied"


def test_application_after_withdrawal_may_be_made_again(volunteering_world):
    world = volunteering_world
    application = _accepted(world)
    services.application_withdraw(actor=world.volunteer, application=application)
    assert _counts(world.opportunity, world.morning) == (5, 0, 0, 0)
    again = services.application_create(actor=world.volunteer, shift=world.morning)
    assert again.status == ApplicationStatus.PENDING


def test_application_accept_when_full_is_refused(volunteering_world, make_user):
    world = volunteering_world
    for _index in range(2):
        _accepted(world, make_user(), world.evening)
    late = services.application_create(actor=make_user(), shift=world.evening)
    with pytest.raises(Conflict) as error:
        services.application_decide(actor=world.editor, application=late, decision="accept")
    assert error.value.code == "full"
    services.application_decide(actor=world.editor, application=late, decision="waitlist")
    assert _counts(world.opportunity, world.evening) == (3, 0, 2, 1)


def test_application_auto_accept_waitlists_when_full_and_promotes_on_withdrawal(volunteering_world, make_user):
    world = volunteering_world
    services.opportunity_update(actor=world.editor, opportunity=world.opportunity, data={"auto_accept": True})
    first, second, third = make_user(), make_user(), make_user()
    one = services.application_create(actor=first, shift=world.evening)
    services.application_create(actor=second, shift=world.evening)
    waiting = services.application_create(actor=third, shift=world.evening)
    assert (one.status, waiting.status) == (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)
    assert _counts(world.opportunity, world.evening) == (3, 0, 2, 1)
    services.application_withdraw(actor=first, application=one)
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.ACCEPTED
    assert _counts(world.opportunity, world.evening) == (3, 0, 2, 0)


def test_application_decline_of_accepted_frees_the_seat(volunteering_world):
    world = volunteering_world
    application = _accepted(world)
    services.application_decide(actor=world.editor, application=application, decision="decline", reason="اكتمل العدد")
    application.refresh_from_db()
    assert (application.status, application.decline_reason) == (ApplicationStatus.DECLINED, "اكتمل العدد")
    assert _counts(world.opportunity, world.morning) == (5, 0, 0, 0)


def test_application_decide_own_is_refused(volunteering_world):
    world = volunteering_world
    application = services.application_create(actor=world.editor, shift=world.morning)
    with pytest.raises(NotPermitted):
        services.application_decide(actor=world.editor, application=application, decision="accept")
    services.application_decide(actor=world.admin, application=application, decision="accept")


def test_application_minimum_age_on_the_shift_date(volunteering_world, make_user):
    world = volunteering_world
    services.opportunity_update(actor=world.editor, opportunity=world.opportunity, data={"minimum_age": 18})
    shift_day = timezone.localdate(world.morning.starts_at)
    with pytest.raises(InvalidInput) as missing:
        services.application_create(actor=world.volunteer, shift=world.morning)
    assert missing.value.field == "birth_date"
    turns_18_after = shift_day.replace(year=shift_day.year - 18) + datetime.timedelta(days=1)
    with pytest.raises(InvalidInput) as young:
        services.application_create(actor=world.volunteer, shift=world.morning, birth_date=turns_18_after)
    assert young.value.code == "too_young"
    application = services.application_create(actor=make_user(), shift=world.morning,
                                              birth_date=shift_day.replace(year=shift_day.year - 18))
    assert application.birth_date is not None


def test_application_required_answers(volunteering_world):
    world = volunteering_world
    question = services.question_save(actor=world.editor, opportunity=world.opportunity,
                                      data={"text_ar": "هل لديك خبرة سابقة في الزراعة؟", "required": True})
    with pytest.raises(InvalidInput) as error:
        services.application_create(actor=world.volunteer, shift=world.morning, answers={question.pk: "  "})
    assert error.value.field == f"answer_{question.pk}"
    application = services.application_create(actor=world.volunteer, shift=world.morning,
                                              answers={question.pk: "نعم، في حديقة المنزل"})
    assert list(application.answers.values_list("text", flat=True)) == ["نعم، في حديقة المنزل"]


def test_application_to_a_started_shift_is_refused(volunteering_world):
    world = volunteering_world
    Shift.objects.filter(pk=world.morning.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(Conflict) as error:
        services.application_create(actor=world.volunteer, shift=world.morning)
    assert error.value.code == "shift_started"


def test_application_to_a_closed_opportunity_is_refused(volunteering_world):
    world = volunteering_world
    services.opportunity_close(actor=world.editor, opportunity=world.opportunity)
    with pytest.raises(Conflict) as error:
        services.application_create(actor=world.volunteer, shift=world.morning)
    assert error.value.code == "not_open"


def test_shift_capacity_never_below_accepted(volunteering_world, make_user):
    world = volunteering_world
    _accepted(world, make_user(), world.evening)
    _accepted(world, make_user(), world.evening)
    with pytest.raises(Conflict):
        services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.evening,
                            data={"capacity": 1})
    services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.evening, data={"capacity": 4})
    assert _counts(world.opportunity, world.evening) == (5, 0, 2, 0)


def test_shift_moments_are_stored_in_utc_and_outside_the_opportunity_is_a_conflict(volunteering_world):
    """RFC 3339 allows offsets PostgreSQL does not take (beyond ±15:59): the moment is kept, in UTC. A shift outside
    the opportunity's stored dates conflicts with them (409)."""
    world = volunteering_world
    day = world.evening.starts_at.astimezone(datetime.UTC).date()
    shift = services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.evening, data={
        "starts_at": f"{day}T23:30:00+16:55", "ends_at": f"{day}T23:59:00+16:55"})
    shift.refresh_from_db()
    assert shift.starts_at == datetime.datetime.combine(day, datetime.time(6, 35), tzinfo=datetime.UTC)
    with pytest.raises(Conflict) as error:
        services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.evening, data={
            "starts_at": "2099-01-01T09:00:00+03:00", "ends_at": "2099-01-01T12:00:00+03:00"})
    assert error.value.code == "outside_dates"


def test_shift_delete_with_accepted_is_refused(volunteering_world):
    world = volunteering_world
    _accepted(world)
    with pytest.raises(Conflict) as error:
        services.shift_delete(actor=world.editor, shift=world.morning)
    assert error.value.code == "has_accepted"
    services.shift_delete(actor=world.editor, shift=world.evening)
    assert Opportunity.objects.get(pk=world.opportunity.pk).seats_left == 2


def test_hours_log_only_by_an_accepted_volunteer(volunteering_world):
    world = volunteering_world
    data = {"date": timezone.localdate(), "hours": "3", "shift_id": world.morning.pk}
    with pytest.raises(NotPermitted):
        services.hours_log(actor=world.volunteer, opportunity=world.opportunity, data=data)
    _accepted(world)
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity, data=data)
    assert (entry.hours, entry.status, entry.organization_id) == (Decimal("3.00"), EntryStatus.PENDING,
                                                                   world.organization.pk)


@pytest.mark.parametrize("hours", ["0", "25", "-1", "1e400", "NaN", "abc", "0.1"])
def test_hours_log_refuses_hours_out_of_range(volunteering_world, hours):
    world = volunteering_world
    _accepted(world)
    with pytest.raises(InvalidInput) as error:
        services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                           data={"date": timezone.localdate(), "hours": hours, "shift_id": world.morning.pk})
    assert error.value.field == "hours"


@pytest.mark.parametrize("days", [1, -400])
def test_hours_log_refuses_future_dates_and_dates_outside(volunteering_world, days):
    world = volunteering_world
    _accepted(world)
    with pytest.raises(InvalidInput) as error:
        services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                           data={"date": timezone.localdate() + datetime.timedelta(days=days), "hours": 2,
                                 "shift_id": world.morning.pk})
    assert error.value.field == "date"


def test_hours_log_refuses_a_shift_of_another_opportunity(volunteering_world, region):
    world = volunteering_world
    _accepted(world)
    other = services.opportunity_create(actor=world.editor, organization=world.organization,
                                        data=opportunity_data(region))
    starts, ends = shift_times(2)
    foreign = services.shift_save(actor=world.editor, opportunity=other,
                                  data={"starts_at": starts, "ends_at": ends, "capacity": 1})
    with pytest.raises(InvalidInput) as error:
        services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                           data={"date": timezone.localdate(), "hours": 2, "shift_id": foreign.pk})
    assert error.value.field == "shift_id"


def test_hours_update_and_delete_only_own_pending(volunteering_world):
    world = volunteering_world
    _accepted(world)
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": 2, "activity": "زراعة"})
    services.hours_update(actor=world.volunteer, entry=entry, data={"hours": "2.5"})
    entry.refresh_from_db()
    assert entry.hours == Decimal("2.50")
    with pytest.raises(NotPermitted):
        services.hours_delete(actor=world.editor, entry=entry)
    services.hours_verify(actor=world.editor, entry=entry)
    with pytest.raises(Conflict):
        services.hours_update(actor=world.volunteer, entry=entry, data={"hours": 3})


def test_hours_verify_then_reject_keeps_tallies_exact(volunteering_world):
    world = volunteering_world
    _accepted(world)
    first = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": "4", "shift_id": world.morning.pk})
    second = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                                data={"date": timezone.localdate(), "hours": "1.5", "activity": "تنظيف"})
    services.hours_verify(actor=world.editor, entry=first)
    services.hours_verify(actor=world.admin, entry=second)
    _tallies_exact()
    assert HoursTally.objects.get().hours == Decimal("5.50")
    services.hours_reject(actor=world.admin, entry=first, reason="لم يحضر الفترة كاملة")
    _tallies_exact()
    assert HoursTally.objects.get().hours == Decimal("1.50")
    assert HoursTally.objects.get().entries == 1


def test_hours_reject_needs_a_reason(volunteering_world):
    world = volunteering_world
    _accepted(world)
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": 2, "activity": "زراعة"})
    with pytest.raises(InvalidInput) as error:
        services.hours_reject(actor=world.editor, entry=entry, reason="  ")
    assert error.value.field == "reason"


def test_hours_verify_own_is_refused(volunteering_world):
    world = volunteering_world
    _accepted(world, world.editor)
    entry = services.hours_log(actor=world.editor, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": 2, "shift_id": world.morning.pk})
    with pytest.raises(NotPermitted):
        services.hours_verify(actor=world.editor, entry=entry)


def test_hours_verify_shift_verifies_every_pending_entry_but_the_actors(volunteering_world, make_user):
    world = volunteering_world
    people = [world.volunteer, make_user(), make_user(), world.editor]
    services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.morning, data={"capacity": 4})
    for person in people:
        _accepted(world, person)
        services.hours_log(actor=person, opportunity=world.opportunity,
                           data={"date": timezone.localdate(), "hours": "2.25", "shift_id": world.morning.pk})
    assert services.hours_verify_shift(actor=world.editor, shift=world.morning) == 3
    _tallies_exact()
    assert HourEntry.objects.get(volunteer=world.editor).status == EntryStatus.PENDING
    assert services.hours_verify_shift(actor=world.editor, shift=world.morning) == 0


def test_certificate_issue_counts_only_verified_hours(volunteering_world):
    world = volunteering_world
    _accepted(world)
    with pytest.raises(Conflict) as error:
        services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                   organization=world.organization)
    assert error.value.code == "no_hours"
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    verified = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                                  data={"date": yesterday, "hours": "3", "activity": "زراعة"})
    services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                       data={"date": timezone.localdate(), "hours": "5", "activity": "ري"})
    services.hours_verify(actor=world.editor, entry=verified)
    certificate = services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                             organization=world.organization)
    assert (certificate.hours, certificate.first_date, certificate.last_date) == (Decimal("3.00"), yesterday,
                                                                                   yesterday)
    assert (certificate.name, certificate.organization_name_ar) == ("نورة القحطاني", "جمعية أصدقاء البيئة")


def test_certificate_issue_for_another_person_needs_the_organisations_staff(volunteering_world, make_user):
    world = volunteering_world
    with pytest.raises(NotPermitted):
        services.certificate_issue(actor=make_user(), volunteer=world.volunteer, organization=world.organization)


def test_certificate_revoke_needs_a_reason_and_happens_once(volunteering_world):
    world = volunteering_world
    _accepted(world)
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": "3", "activity": "زراعة"})
    services.hours_verify(actor=world.editor, entry=entry)
    certificate = services.certificate_issue(actor=world.editor, volunteer=world.volunteer,
                                             organization=world.organization, opportunity=world.opportunity)
    with pytest.raises(NotPermitted):
        services.certificate_revoke(actor=world.volunteer, certificate=certificate, reason="خطأ")
    services.certificate_revoke(actor=world.admin, certificate=certificate, reason="ساعات مكررة")
    with pytest.raises(Conflict):
        services.certificate_revoke(actor=world.admin, certificate=certificate, reason="ساعات مكررة")


def test_application_notifies_the_staff_and_the_decision_the_volunteer(volunteering_world):
    from musharaka.notifications.models import Notification

    world = volunteering_world
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    assert set(Notification.objects.values_list("user_id", flat=True)) == {world.admin.pk, world.editor.pk}
    services.application_decide(actor=world.editor, application=application, decision="accept")
    assert Notification.objects.filter(user=world.volunteer).count() == 1


def test_certificate_issue_again_for_the_same_hours_gives_the_same_certificate(volunteering_world):
    world = volunteering_world
    _accepted(world)
    first = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": "2", "activity": "زراعة"})
    services.hours_verify(actor=world.editor, entry=first)
    certificate = services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                             organization=world.organization)
    assert services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                      organization=world.organization) == certificate
    more = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                              data={"date": timezone.localdate(), "hours": "1", "activity": "ري"})
    services.hours_verify(actor=world.editor, entry=more)
    newer = services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                       organization=world.organization)
    assert newer != certificate and newer.hours == Decimal("3.00")
