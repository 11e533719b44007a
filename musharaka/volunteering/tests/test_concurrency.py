"""Seats and tallies under real concurrency (PostgreSQL; each caller in its own thread and connection, released
together by reliability.test_concurrency.race): 200 people applying at once for the last seats of an auto-accept
shift never take more than its capacity, the rest are waitlisted in order; simultaneous acceptances stop at the
capacity with 409 `full`; hours verified at once keep the tallies equal to the sums of verified entries. SQLite
serialises writes, so these run in the PostgreSQL part only."""

from decimal import Decimal
from functools import partial

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from musharaka.core.errors import Conflict
from musharaka.reliability.test_concurrency import POSTGRES, _people, race
from musharaka.volunteering import services
from musharaka.volunteering.models import (
    Application,
    ApplicationStatus,
    EntryStatus,
    HourEntry,
    HoursTally,
    Opportunity,
    Shift,
)

SIMULTANEOUS = 200  # scripts/pg-cluster allows 300 connections

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the races run in the PostgreSQL part"),
]


def counts_exact(shift: Shift) -> dict[str, int]:
    """The shift's and the opportunity's kept counts against a count of the application rows."""
    shift = Shift.objects.get(pk=shift.pk)
    rows = dict(Application.objects.filter(shift=shift).values("status").annotate(n=Count("pk"))
                .values_list("status", "n"))
    assert shift.accepted_count == rows.get(ApplicationStatus.ACCEPTED, 0) <= shift.capacity
    assert shift.waitlist_count == rows.get(ApplicationStatus.WAITLISTED, 0)
    opportunity = Opportunity.objects.get(pk=shift.opportunity_id)
    assert opportunity.seats_left == sum(other.seats_left for other in Shift.objects.filter(opportunity=opportunity))
    assert opportunity.pending_count == Application.objects.filter(opportunity=opportunity,
                                                                   status=ApplicationStatus.PENDING).count()
    return rows


def _apply(person, shift):
    try:
        return services.application_create(actor=person, shift=shift).status
    except Conflict as error:
        return error.code


def _accept(actor, application):
    try:
        return services.application_decide(actor=actor, application=application, decision="accept").status
    except Conflict as error:
        return error.code


def test_200_applications_at_the_last_seats_of_an_auto_accept_shift_never_overbook(volunteering_world):
    world = volunteering_world
    services.opportunity_update(actor=world.editor, opportunity=world.opportunity, data={"auto_accept": True})
    shift = services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.morning,
                                data={"capacity": 10})
    for person in _people(7, "early_volunteer"):
        services.application_create(actor=person, shift=shift)
    crowd = _people(SIMULTANEOUS, "crowd_volunteer")
    results = race(*[partial(_apply, person, shift) for person in crowd])
    assert sorted(set(map(str, results))) == ["accepted", "waitlisted"]
    assert results.count("accepted") == 3 and results.count("waitlisted") == SIMULTANEOUS - 3
    assert counts_exact(shift) == {"accepted": 10, "waitlisted": SIMULTANEOUS - 3}
    # The waitlist follows arrival order: a seat freed goes to the first waiter.
    first_waiter = Application.objects.filter(shift=shift, status=ApplicationStatus.WAITLISTED).order_by("pk").first()
    leaver = Application.objects.filter(shift=shift, status=ApplicationStatus.ACCEPTED).first()
    services.application_withdraw(actor=leaver.volunteer, application=leaver)
    first_waiter.refresh_from_db()
    assert first_waiter.status == ApplicationStatus.ACCEPTED
    assert counts_exact(shift)[ApplicationStatus.ACCEPTED] == 10


def test_one_person_applying_200_times_at_once_applies_once(volunteering_world):
    world = volunteering_world
    results = race(*[partial(_apply, world.volunteer, world.morning) for _ in range(SIMULTANEOUS)])
    assert results.count("pending") == 1 and results.count("already_applied") == SIMULTANEOUS - 1
    assert counts_exact(world.morning) == {"pending": 1}


def test_simultaneous_acceptances_stop_at_the_capacity(volunteering_world):
    world = volunteering_world
    shift = world.morning  # 3 seats
    applications = [services.application_create(actor=person, shift=shift) for person in _people(40, "applicant")]
    results = race(*[partial(_accept, world.editor if index % 2 else world.admin, application)
                     for index, application in enumerate(applications)])
    assert results.count("accepted") == 3 and results.count("full") == 37
    assert counts_exact(shift) == {"accepted": 3, "pending": 37}


def test_hours_verified_at_once_keep_the_tallies_exact(volunteering_world):
    world = volunteering_world
    shift = services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.evening,
                                data={"capacity": 60})
    entries = []
    for person in _people(60, "logger"):
        application = services.application_create(actor=person, shift=shift)
        services.application_decide(actor=world.admin, application=application, decision="accept")
        entries.append(services.hours_log(actor=person, opportunity=world.opportunity,
                                          data={"date": timezone.localdate(), "hours": "2.25", "shift_id": shift.pk}))
    # No tally row exists yet: the first verifications race to create it.
    results = race(*[partial(services.hours_verify, actor=world.editor, entry=entry) for entry in entries[:40]],
                   *[partial(services.hours_reject, actor=world.admin, entry=entry, reason="لم يحضر")
                     for entry in entries[40:]])
    assert not [result for result in results if isinstance(result, BaseException)]
    verified = HourEntry.objects.filter(status=EntryStatus.VERIFIED)
    assert verified.count() == 40
    tally = HoursTally.objects.get()
    assert (tally.hours, tally.entries) == (verified.aggregate(total=Sum("hours"))["total"], 40)
    assert tally.hours == Decimal("90.00")
