"""A new region or sector withdraws an organisation's verification until a coordinator verifies it again."""

import pytest

from musharaka.core.errors import NotPermitted
from musharaka.notifications.models import Notification
from musharaka.orgs import services
from musharaka.orgs.models import Organization, Role, Sector

pytestmark = pytest.mark.django_db

REASON_AR = "تغيّرت المنطقة أو القطاع: سُحب التوثيق حتى يوثّقها منسّق مرة أخرى"
REASON_EN = "Region or sector changed: no longer verified until a coordinator verifies it again"


@pytest.fixture
def organization(make_org):
    return make_org("جمعية الوفاء للتنمية", sector=Sector.NONPROFIT)


@pytest.fixture
def admin(organization, make_member):
    return make_member(organization, Role.ADMIN)


@pytest.fixture
def coordinators(region, other_region, make_coordinator):
    return {"old": make_coordinator(region), "new": make_coordinator(other_region)}


@pytest.fixture
def verified(organization, coordinators):
    organization = services.organization_set_verified(actor=coordinators["old"], organization=organization, verified=True)
    Notification.objects.all().delete()
    return organization


def page_data(organization, **changes):
    data = {"name_ar": organization.name_ar, "sector": organization.sector, "region": organization.region_id}
    return {**data, **changes}


def notified(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_region_change_on_the_page_withdraws_the_verification(verified, admin, coordinators, other_region, client_for):
    client = client_for(admin)

    response = client.post(f"/organizations/{verified.pk}/edit/", page_data(verified, region=other_region.pk),
                           follow=True)

    verified.refresh_from_db()
    assert (verified.region_id, verified.verified, verified.verified_at) == (other_region.pk, False, None)
    assert "فلم تعد الجهة موثّقة" in response.content.decode()  # the notice after saving
    assert response.context["history"][0].reason == REASON_AR
    assert notified(admin) == ["لم تعد جمعية الوفاء للتنمية موثّقة: تغيّرت منطقتها أو قطاعها"]
    assert notified(coordinators["new"]) == ["غيّرت جمعية الوفاء للتنمية منطقتها أو قطاعها وتنتظر توثيقك"]
    assert notified(coordinators["old"]) == []


def test_sector_change_through_the_api_withdraws_the_verification(verified, admin, coordinators, client_for):
    response = client_for(admin).patch(f"/api/v1/organizations/{verified.pk}", {"sector": Sector.PRIVATE},
                                       content_type="application/json")

    assert response.status_code == 200
    assert (response.json()["sector"], response.json()["verified"]) == (Sector.PRIVATE, False)
    record = verified.history.order_by("-history_id").first()
    assert (record.sector, record.verified, record.history_change_reason) == (Sector.PRIVATE, False, REASON_EN)
    assert len(notified(admin)) == 1
    assert len(notified(coordinators["old"])) == 1  # the region did not change: its coordinators verify again


@pytest.mark.parametrize("entry", ["page", "api"])
def test_unchanged_region_and_sector_keep_the_verification(verified, admin, coordinators, client_for, entry):
    client = client_for(admin)
    if entry == "page":
        response = client.post(f"/organizations/{verified.pk}/edit/", page_data(verified, name_en="Al-Wafa"))
    else:  # the same region and sector sent again
        response = client.patch(f"/api/v1/organizations/{verified.pk}",
                                {"name_en": "Al-Wafa", "sector": verified.sector, "region_id": verified.region_id},
                                content_type="application/json")

    assert response.status_code in (200, 302)
    organization = Organization.objects.get(pk=verified.pk)
    assert (organization.name_en, organization.verified, organization.verified_at) == ("Al-Wafa", True,
                                                                                       verified.verified_at)
    assert organization.history.order_by("-history_id").first().history_change_reason is None
    assert Notification.objects.count() == 0


def test_history_reason_is_shown_in_each_language(verified, admin, other_region, client_for):
    client = client_for(admin)
    client.post(f"/organizations/{verified.pk}/edit/", page_data(verified, region=other_region.pk))

    arabic = client.get(f"/organizations/{verified.pk}/").content.decode()
    english = client.get(f"/en/organizations/{verified.pk}/").content.decode()

    assert f'<span class="history-reason">{REASON_AR}</span>' in arabic
    assert f'<span class="history-reason">{REASON_EN}</span>' in english


def test_coordinator_of_the_new_region_verifies_again(verified, admin, coordinators, other_region):
    moved = services.organization_update(actor=admin, organization=verified, data={"region": other_region})

    with pytest.raises(NotPermitted):
        services.organization_set_verified(actor=coordinators["old"], organization=moved, verified=True)
    again = services.organization_set_verified(actor=coordinators["new"], organization=moved, verified=True)

    assert again.verified and again.verified_at is not None
    # The reason stays with the change that withdrew the verification, not with the next save.
    assert again.history.order_by("-history_id").first().history_change_reason is None


def test_unverified_organisation_moving_region_notifies_nobody(organization, admin, coordinators, other_region):
    moved = services.organization_update(actor=admin, organization=organization, data={"region": other_region})

    assert not moved.verified
    assert moved.history.order_by("-history_id").first().history_change_reason is None
    assert Notification.objects.count() == 0
