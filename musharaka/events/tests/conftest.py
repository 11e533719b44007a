import datetime
import os
import shutil

import pytest
from django.utils import timezone

from musharaka.events import services
from musharaka.events.services import AudienceSpec, GuestSpec
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import Axis

FIVE_AUDIENCES = ["authority", "government", "nonprofit", "private", "academic_expert"]


@pytest.fixture
def zbarimg() -> str:
    """Debian's real QR decoder (zbar-tools, installed by `make test`): missing under CI=true is a failure."""
    path = shutil.which("zbarimg")
    if path is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("zbarimg is missing (apt-get install zbar-tools); under CI=true the QR must be decoded")
        pytest.skip("zbarimg is missing (apt-get install zbar-tools)")
    return path


@pytest.fixture
def organiser(make_org, make_member):
    """An emirate (authority) and one of its editors."""
    org = make_org("إمارة منطقة المدينة المنورة", sector=Sector.AUTHORITY, name_en="Madinah Region Emirate")
    return org, make_member(org, Role.EDITOR)


@pytest.fixture
def make_event(organiser):
    def make(*, capacity=None, audiences=None, published=True, requires_approval=False, days_ahead=10, **data):
        org, editor = organiser
        starts = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days_ahead)
        values = {
            "title_ar": "الملتقى الخامس للمبادرات والتجارب التنموية في إمارات المناطق",
            "title_en": "Fifth Forum of Development Initiatives and Experiences",
            "kind": "forum", "region": org.region, "venue": "مركز الملك سلمان الدولي للمؤتمرات",
            "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1, hours=8),
            "patron_name": "صاحب السمو الملكي الأمير سلمان بن سلطان", "patron_title": "أمير منطقة المدينة المنورة",
            "capacity": capacity, "is_published": published, "requires_approval": requires_approval, **data,
        }
        return services.event_create(
            actor=editor, organization=org, data=values, axes=list(Axis.objects.all()),
            audiences=audiences if audiences is not None else [AudienceSpec(code) for code in [*FIVE_AUDIENCES, "public"]],
            guests=[GuestSpec("معالي نائب وزير الشؤون البلدية والقروية والإسكان", "المهندس عبد الله بن محمد البدير")],
        )

    return make
