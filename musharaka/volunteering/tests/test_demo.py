"""The volunteering part of seed_demo: the bulk opportunities, shifts, applications and hour entries are consistent
with what the services keep on write — each HoursTally equals the sum of its verified entries, each shift's accepted
and waitlisted counts and each opportunity's seats left and pending count equal its applications — and the published
opportunities are in the search index."""

import random
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from musharaka.core.management.commands.seed_demo import DemoContext
from musharaka.core.models import SearchEntry
from musharaka.volunteering import demo
from musharaka.volunteering.models import (
    Application,
    ApplicationStatus,
    EntryStatus,
    HourEntry,
    HoursTally,
    Opportunity,
    OpportunityStatus,
    Shift,
)

pytestmark = pytest.mark.django_db


def _seed() -> DemoContext:
    from musharaka.initiatives import demo as initiatives_demo
    from musharaka.orgs import demo as orgs_demo

    ctx = DemoContext(scale=1, rng=random.Random(2026), log=lambda *args: None)
    orgs_demo.seed(ctx)
    initiatives_demo.seed(ctx)
    demo.seed(ctx)
    return ctx


def _sums_of_verified() -> dict[tuple, tuple[Decimal, int]]:
    rows = (HourEntry.objects.filter(status=EntryStatus.VERIFIED).annotate(year=ExtractYear("date"))
            .values("year", "organization_id", "region_id", "axis_id").annotate(hours=Sum("hours"), n=Count("pk")))
    return {(row["year"], row["organization_id"], row["region_id"], row["axis_id"]): (row["hours"], row["n"])
            for row in rows}


def test_seed_demo_volunteering_bulk_tallies_equal_verified_sums_and_counts_applications():
    _seed()
    assert HourEntry.objects.count() >= demo.bulk_entries(1) == 10_000
    assert demo.bulk_entries(100) == 1_000_000
    statuses = dict(HourEntry.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    assert set(statuses) == set(EntryStatus.values) and statuses[EntryStatus.VERIFIED] > 7000
    tallies = {(row.year, row.organization_id, row.region_id, row.axis_id): (row.hours, row.entries)
               for row in HoursTally.objects.all()}
    assert len(tallies) > 50
    assert tallies == _sums_of_verified()
    assert not HourEntry.objects.filter(status=EntryStatus.REJECTED, reject_reason="").exists()
    # Bulk entries only by accepted volunteers of their shift, never in the future, never for a draft.
    assert not HourEntry.objects.filter(opportunity__created_by=None).exclude(shift=None).exclude(
        shift__applications__volunteer=F("volunteer"),
        shift__applications__status=ApplicationStatus.ACCEPTED).exists()
    assert not HourEntry.objects.filter(opportunity__status__in=(OpportunityStatus.DRAFT,
                                                                 OpportunityStatus.CANCELLED)).exists()
    assert not HourEntry.objects.filter(date__gt=timezone.localdate()).exists()
    _counts_equal_applications()
    _samples_walked()


def _samples_walked() -> None:
    """The samples made through the services: the demo volunteer's applications, hours and certificate."""
    from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD
    from musharaka.volunteering.models import Certificate

    volunteer = get_user_model().objects.get(username=demo.VOLUNTEER_USERNAME)
    assert volunteer.check_password(DEMO_PASSWORD)
    samples = Opportunity.objects.exclude(created_by=None)
    assert dict(samples.values("status").annotate(n=Count("pk")).values_list("status", "n")) == {
        OpportunityStatus.PUBLISHED: 3, OpportunityStatus.DRAFT: 1}
    assert set(Application.objects.filter(opportunity__in=samples).values_list("status", flat=True)) == {
        ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED, ApplicationStatus.PENDING}
    mine = HourEntry.objects.filter(volunteer=volunteer)
    assert set(mine.values_list("status", flat=True)) == {EntryStatus.VERIFIED, EntryStatus.PENDING}
    assert HourEntry.objects.filter(opportunity__in=samples, status=EntryStatus.REJECTED).exclude(
        reject_reason="").exists()
    certificate = Certificate.objects.get(volunteer=volunteer)
    assert certificate.hours == Decimal("11.5")


def _counts_equal_applications() -> None:
    shifts = Shift.objects.annotate(
        accepted=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)),
        waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.WAITLISTED)))
    assert not shifts.exclude(accepted_count=F("accepted")).exists()
    assert not shifts.exclude(waitlist_count=F("waiting")).exists()
    assert shifts.filter(accepted_count=F("capacity")).exists()
    opportunities = Opportunity.objects.annotate(
        pending=Count("applications", filter=Q(applications__status=ApplicationStatus.PENDING)))
    assert not opportunities.exclude(pending_count=F("pending")).exists()
    for opportunity in Opportunity.objects.order_by("pk")[:200]:
        left = sum(shift.capacity - shift.accepted_count for shift in opportunity.shifts.all())
        assert opportunity.seats_left == left
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    published = set(Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED).values_list("pk", flat=True))
    assert published and set(SearchEntry.objects.filter(kind=demo.SEARCH_KIND).values_list(
        "object_id", flat=True)) == published
