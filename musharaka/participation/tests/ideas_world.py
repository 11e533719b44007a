"""The world of the ideas tests: a published process of a municipality for a city of the Riyadh region, with two
neighbourhoods and an ideas phase running now (import the fixtures: `from .ideas_world import *  # noqa`)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

__all__ = ["IdeasWorld", "ideas_world", "png_bytes"]


def png_bytes(size=(8, 8), color=(200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class IdeasWorld:
    process: Any
    organization: Any
    admin: Any
    editor: Any
    coordinator: Any
    city: Any
    neighbourhoods: list
    make_user: Any = field(repr=False)

    def refresh(self):
        self.process.refresh_from_db()
        return self.process

    def set_phase(self, kind: str, *, process=None):
        """Only `kind` runs now (the other phases moved out of the way)."""
        from musharaka.participation.models import Phase

        process = process or self.process
        now = timezone.now()
        process.phases.all().delete()
        Phase.objects.create(process=process, kind=kind, starts_at=now - datetime.timedelta(days=1),
                             ends_at=now + datetime.timedelta(days=10))
        if hasattr(process, "_prefetched_objects_cache"):
            process._prefetched_objects_cache.pop("phases", None)
        return process

    def idea(self, resident=None, *, title="حديقة عامة للأطفال في حي النرجس", **extra):
        from musharaka.participation import ideas

        data = {"title": title, "description": extra.pop("description", f"{title}، مع ممرات للمشي وإنارة ليلية"),
                "neighbourhood_id": self.neighbourhoods[0].pk, **extra}
        return ideas.idea_create(actor=resident or self.make_user(), process=self.process, data=data)


@pytest.fixture
def ideas_world(make_user, make_org, make_member, make_coordinator, region):
    from musharaka.geo.models import City, Neighbourhood
    from musharaka.orgs.models import Sector
    from musharaka.participation import services
    from musharaka.participation.models import Phase

    organization = make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY)
    admin = make_member(organization, "admin")
    editor = make_member(organization, "editor")
    city = City.objects.filter(region=region).first()
    neighbourhoods = [Neighbourhood.objects.get_or_create(city=city, name_ar=name, defaults={"name_en": name_en})[0]
                      for name, name_en in (("النرجس", "Al Narjis"), ("الياسمين", "Al Yasmin"))]
    process = services.process_create(actor=admin, organization=organization, data={
        "title_ar": "مشاركة السكان في تطوير الأحياء", "title_en": "Residents shaping their neighbourhoods",
        "summary_ar": "أفكار السكان لتحسين جودة الحياة", "region_id": region.pk, "city_id": city.pk},
        neighbourhood_ids=[n.pk for n in neighbourhoods])
    now = timezone.now()
    Phase.objects.create(process=process, kind="ideas", starts_at=now - datetime.timedelta(days=1),
                         ends_at=now + datetime.timedelta(days=10))
    process = services.process_set_status(actor=admin, process=process, status="published")
    return IdeasWorld(process=process, organization=organization, admin=admin, editor=editor,
                      coordinator=make_coordinator(region), city=city, neighbourhoods=neighbourhoods,
                      make_user=make_user)
