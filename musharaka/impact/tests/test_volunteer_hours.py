"""The impact link with volunteering (volapi16): an analysis of an initiative takes, as a volunteer-time investment,
the verified hours of the initiative's volunteer opportunities valued at the value of an hour in force (copied at
that moment, the date stated); through the service, the API and the analysis page's button."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from musharaka.core.errors import Conflict, NotPermitted
from musharaka.impact import services
from musharaka.impact.models import Investment, InvestmentKind
from musharaka.volunteering import services as volunteering

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(impact_world, make_user, platform_admin):
    """An initiative whose volunteer opportunity has 7.5 verified hours and 2 pending, a draft analysis of it."""
    world = impact_world()
    today = timezone.localdate()
    opportunity = volunteering.opportunity_create(actor=world.editor, organization=world.organization, data={
        "title_ar": "تشجير حديقة الحي", "description_ar": "زراعة الشتلات مع السكان",
        "region_id": world.initiative.region_id, "initiative_id": world.initiative.pk,
        "starts_on": today - datetime.timedelta(days=10), "ends_on": today + datetime.timedelta(days=10)})
    starts = timezone.now() + datetime.timedelta(days=2)
    shift = volunteering.shift_save(actor=world.editor, opportunity=opportunity, data={
        "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3), "capacity": 5})
    volunteering.opportunity_publish(actor=world.editor, opportunity=opportunity)
    volunteer = make_user()
    application = volunteering.application_create(actor=volunteer, shift=shift)
    volunteering.application_decide(actor=world.admin, application=application, decision="accept")
    for hours, verify in (("4", True), ("3.5", True), ("2", False)):
        entry = volunteering.hours_log(actor=volunteer, opportunity=opportunity, data={
            "date": today - datetime.timedelta(days=1), "hours": hours, "activity": "زراعة الشتلات"})
        if verify:
            volunteering.hours_verify(actor=world.editor, entry=entry)
    volunteering.hour_value_create(actor=platform_admin, data={
        "amount": "40", "basis_ar": "متوسط أجر الساعة الوطني", "effective_from": datetime.date(2020, 1, 1)})
    return world, world.analysis()


def test_investment_from_volunteering_copies_hours_value_and_basis(linked, platform_admin):
    world, analysis = linked
    investment = services.investment_from_volunteering(actor=world.editor, analysis=analysis)
    assert (investment.kind, investment.hours, investment.hourly_value, investment.value) == (
        InvestmentKind.VOLUNTEER_TIME, Decimal("7.50"), Decimal("40.00"), Decimal("300.00"))
    assert timezone.localdate().isoformat() in investment.description_ar
    assert "متوسط أجر الساعة الوطني" in investment.valuation_basis and "القيمة الوطنية" in investment.valuation_basis
    analysis.refresh_from_db()
    assert analysis.total_investment == Decimal("300.00")
    # Taken again after a regional value: the same investment is replaced, never counted twice.
    volunteering.hour_value_create(actor=platform_admin, data={
        "amount": "60", "basis_ar": "متوسط أجر الساعة في المنطقة", "region_id": world.initiative.region_id,
        "effective_from": datetime.date(2021, 1, 1)})
    again = services.investment_from_volunteering(actor=world.editor, analysis=analysis)
    assert again.pk == investment.pk and again.value == Decimal("450.00")
    assert Investment.objects.filter(analysis=analysis).count() == 1


def test_investment_from_volunteering_refusals(linked, impact_world, make_user):
    world, analysis = linked
    with pytest.raises(NotPermitted):
        services.investment_from_volunteering(actor=make_user(), analysis=analysis)
    dollars = world.analysis(title_ar="تحليل بالدولار", currency="USD")
    with pytest.raises(Conflict) as refused:
        services.investment_from_volunteering(actor=world.editor, analysis=dollars)
    assert refused.value.code == "other_currency"
    other = impact_world()
    with pytest.raises(Conflict) as refused:
        services.investment_from_volunteering(actor=other.editor, analysis=other.analysis())
    assert refused.value.code == "no_hours"
    from musharaka.volunteering.models import HourValue

    HourValue.objects.all().delete()
    with pytest.raises(Conflict) as refused:
        services.investment_from_volunteering(actor=world.editor, analysis=analysis)
    assert refused.value.code == "no_hour_value"
    assert not Investment.objects.exists()


def test_volunteer_hours_through_the_api_and_the_page(linked, client_for):
    world, analysis = linked
    path = f"/api/v1/impact/analyses/{analysis.pk}/volunteer-hours"
    answer = client_for(world.editor).post(path, "{}", content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["hours"], answer.json()["value"]) == ("7.50", "300.00")
    assert client_for(None).post(path, "{}", content_type="application/json").status_code == 401
    page = client_for(world.editor).get(reverse("impact:analysis", args=[analysis.pk]))
    assert b'data-testid="take-volunteer-hours"' in page.content
    assert b'data-testid="take-volunteer-hours"' not in client_for(None).get(
        reverse("impact:analysis", args=[analysis.pk])).content
    pressed = client_for(world.editor).post(reverse("volunteering:impact_hours", args=[analysis.pk]), follow=True)
    assert pressed.status_code == 200 and Investment.objects.filter(analysis=analysis).count() == 1
    published = world.published()  # no longer a draft: the state refuses (409), the preparer may not change it
    refused = client_for(world.editor).post(f"/api/v1/impact/analyses/{published.pk}/volunteer-hours", "{}",
                                            content_type="application/json")
    assert refused.status_code == 409 and set(json.loads(refused.content)) == {"detail", "code"}
