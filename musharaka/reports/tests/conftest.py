from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

# Al Olaya, Riyadh: the world's neighbourhood is given these coordinates so that coordinates alone place a report.
OLAYA = (Decimal("24.695000"), Decimal("46.685000"))


@dataclass
class ReportsWorld:
    """A municipality routed for lighting in Riyadh, its admin and editor, Riyadh region's coordinator, a resident,
    and a neighbourhood of Riyadh with coordinates."""

    municipality: Any
    admin: Any
    editor: Any
    coordinator: Any
    resident: Any
    region: Any
    city: Any
    neighbourhood: Any
    lighting: Any
    roads: Any
    other: Any

    def report(self, *, actor: Any = "resident", category=None, photo=None, attributes=None, **data):
        from musharaka.reports import services

        data.setdefault("description", "عمود الإنارة أمام المسجد مطفأ منذ أسبوع والشارع مظلم ليلًا")
        data.setdefault("neighbourhood_id", self.neighbourhood.pk)
        return services.report_create(actor=self.resident if actor == "resident" else actor,
                                      category=category or self.lighting, data=data, photo=photo,
                                      attributes=attributes)

    def move(self, report, *statuses, actor=None, note="تمت المعالجة"):
        from musharaka.reports import services

        for status in statuses:
            report = services.report_change_status(actor=actor or self.editor, report=report, status=status,
                                                   note=note)
        return report


@pytest.fixture
def reports_world(make_org, make_member, make_coordinator, make_user, region):
    from musharaka.geo.models import City, Neighbourhood
    from musharaka.orgs.models import Role, Sector
    from musharaka.reports import services
    from musharaka.reports.models import ServiceCategory

    city = City.objects.get(region=region, name_en="Riyadh")
    neighbourhood = Neighbourhood.objects.filter(city=city).order_by("pk").first()
    if neighbourhood is None:
        neighbourhood = Neighbourhood.objects.create(city=city, name_ar="العليا", name_en="Al Olaya")
    neighbourhood.latitude, neighbourhood.longitude = OLAYA
    neighbourhood.save()
    municipality = make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY, city=city)
    admin = make_member(municipality, Role.ADMIN)
    editor = make_member(municipality, Role.EDITOR)
    coordinator = make_coordinator(region)
    resident = make_user()
    staff = make_user(is_staff=True)
    lighting = ServiceCategory.objects.get(code="lighting")
    services.route_save(actor=staff, category=lighting, organization=municipality, city=city)
    return ReportsWorld(municipality=municipality, admin=admin, editor=editor, coordinator=coordinator,
                        resident=resident, region=region, city=city, neighbourhood=neighbourhood, lighting=lighting,
                        roads=ServiceCategory.objects.get(code="roads"),
                        other=ServiceCategory.objects.get(code="other"))
