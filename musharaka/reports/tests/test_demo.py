import random
from collections import Counter

import pytest

from musharaka.core.management.commands.seed_demo import DemoContext
from musharaka.orgs.models import Sector
from musharaka.reports import demo, selectors
from musharaka.reports.models import CLOSED_STATUSES, Report, ReportStatus, ReportUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ctx(make_org, make_user, region, other_region):
    from musharaka.geo.models import City

    riyadh = City.objects.get(region=region, name_en="Riyadh")
    organizations = [make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY, city=riyadh),
                     make_org("أمانة محافظة جدة", sector=Sector.AUTHORITY, region=other_region),
                     make_org("فرع وزارة البلديات والإسكان", sector=Sector.GOVERNMENT)]
    return DemoContext(scale=1, rng=random.Random(2026), log=lambda *args: None,
                       shared={"organizations": organizations, "people": [make_user() for _ in range(20)]})


def test_demo_reports_in_every_status_with_consistent_timelines(demo_ctx, monkeypatch):
    monkeypatch.setattr(demo, "REPORTS_PER_SCALE", 400)
    demo.seed(demo_ctx)

    reports = Report.objects.all()
    assert reports.count() == 400 + 12  # the bulk and the samples through the services
    statuses = Counter(reports.values_list("status", flat=True))
    assert set(statuses) == set(ReportStatus.values)
    assert not reports.filter(organization=None).exists()  # the national default answers everywhere else
    resolved = reports.filter(status=ReportStatus.RESOLVED)
    assert not resolved.filter(resolution_seconds=None).exists() and not resolved.filter(closed_at=None).exists()
    assert not reports.exclude(status=ReportStatus.RESOLVED).exclude(resolution_seconds=None).exists()
    assert not reports.filter(status__in=CLOSED_STATUSES, closed_at=None).exists()
    # Each timeline starts at "submitted" and ends at the report's status.
    for report in reports.prefetch_related("updates"):
        timeline = list(report.updates.all())
        assert timeline[0].status_to == ReportStatus.SUBMITTED and timeline[-1].status_to == report.status
        assert [u.status_from for u in timeline[1:]] == [u.status_to for u in timeline[:-1]]
    assert ReportUpdate.objects.count() > Report.objects.count()
    # New reports after the bulk ones get ids past them (the sequence moved on PostgreSQL too).
    medians = selectors.resolution_medians()
    assert {row["code"] for row in medians["by_category"]} >= {"lighting", "roads", "cleanliness"}


def test_demo_staff_account_handles_riyadh_reports(demo_ctx, monkeypatch):
    from musharaka.core.permissions import can
    from musharaka.geo.models import City

    monkeypatch.setattr(demo, "REPORTS_PER_SCALE", 50)
    demo.seed(demo_ctx)
    staff = demo_ctx.shared["reports_staff"]
    riyadh = City.objects.get(name_en="Riyadh", region__code="SA-01")
    for report in Report.objects.filter(city=riyadh)[:50]:
        assert can(staff, "reports.handle_report", report)
    from musharaka.reports.models import ServiceCategory

    created = demo.services.report_create(actor=None, category=ServiceCategory.objects.get(code="lighting"), data={
        "description": "بلاغ بعد البيانات التجريبية", "city_id": riyadh.pk})
    assert created.pk > Report.objects.exclude(pk=created.pk).order_by("-pk").first().pk
