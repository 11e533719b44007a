import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from musharaka.orgs.models import Role
from musharaka.volunteering import services


@dataclass
class VolunteeringWorld:
    organization: Any
    admin: Any
    editor: Any
    volunteer: Any
    opportunity: Any
    morning: Any  # the first shift (tomorrow, 3 seats)
    evening: Any  # the second shift (in five days, 2 seats)


def shift_times(days: int, hour: int = 8, length: int = 4) -> tuple[datetime.datetime, datetime.datetime]:
    starts = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)
    return starts, starts + datetime.timedelta(hours=length)


def opportunity_data(region, **extra) -> dict:
    today = timezone.localdate()
    return {
        "title_ar": "تشجير الحدائق العامة وتحسين المشهد الحضري في حي النخيل",
        "title_en": "Planting public gardens and improving the urban landscape",
        "description_ar": "يدعو فريق التطوع المتطوعين إلى زراعة الأشجار وتنظيف الأرصفة وإزالة التشوه البصري.",
        "description_en": "Volunteers plant trees, clean pavements and remove visual distortion.",
        "region_id": region.pk, "starts_on": today - datetime.timedelta(days=10),
        "ends_on": today + datetime.timedelta(days=30), **extra,
    }


@pytest.fixture
def volunteering_world(make_org, make_member, make_user, region) -> VolunteeringWorld:
    """An organisation with an admin and an editor, a published opportunity with two shifts, a resident."""
    organization = make_org("جمعية أصدقاء البيئة", name_en="Friends of the Environment")
    admin = make_member(organization, Role.ADMIN, first_name="سارة", last_name="العتيبي")
    editor = make_member(organization, Role.EDITOR, first_name="خالد", last_name="الحربي")
    volunteer = make_user("resident", first_name="نورة", last_name="القحطاني")
    opportunity = services.opportunity_create(actor=editor, organization=organization,
                                              data=opportunity_data(region))
    starts, ends = shift_times(1)
    morning = services.shift_save(actor=editor, opportunity=opportunity,
                                  data={"title": "الفترة الصباحية", "starts_at": starts, "ends_at": ends,
                                        "capacity": 3})
    starts, ends = shift_times(5, hour=16)
    evening = services.shift_save(actor=editor, opportunity=opportunity,
                                  data={"title": "الفترة المسائية", "starts_at": starts, "ends_at": ends,
                                        "capacity": 2})
    opportunity = services.opportunity_publish(actor=editor, opportunity=opportunity)
    return VolunteeringWorld(organization, admin, editor, volunteer, opportunity, morning, evening)
