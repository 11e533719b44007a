import pytest
from django.utils import timezone

from musharaka.core.errors import NotFound
from musharaka.volunteering import selectors, services
from musharaka.volunteering.selectors import OpportunityFilters

from .conftest import opportunity_data

pytestmark = pytest.mark.django_db


def test_public_opportunities_arabic_search_finds_other_spellings(volunteering_world):
    rows = list(selectors.public_opportunities(OpportunityFilters(q="الحدائق")))
    assert [row["id"] for row in rows] == [volunteering_world.opportunity.pk]
    assert [row["id"] for row in selectors.public_opportunities(OpportunityFilters(q="حديقة"))] == [
        volunteering_world.opportunity.pk]
    assert list(selectors.public_opportunities(OpportunityFilters(q="مستشفى"))) == []


def test_public_opportunities_leave_drafts_out_and_filter_open_seats(volunteering_world, region, make_user):
    world = volunteering_world
    services.opportunity_create(actor=world.editor, organization=world.organization, data=opportunity_data(region))
    assert [row["id"] for row in selectors.public_opportunities(OpportunityFilters(open_seats=True))] == [
        world.opportunity.pk]
    services.shift_delete(actor=world.editor, shift=world.evening)
    services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.morning, data={"capacity": 1})
    application = services.application_create(actor=make_user(), shift=world.morning)
    services.application_decide(actor=world.editor, application=application, decision="accept")
    assert list(selectors.public_opportunities(OpportunityFilters(open_seats=True))) == []


def test_get_opportunity_hides_drafts_from_residents(volunteering_world, region):
    world = volunteering_world
    draft = services.opportunity_create(actor=world.editor, organization=world.organization,
                                        data=opportunity_data(region))
    with pytest.raises(NotFound):
        selectors.get_opportunity(world.volunteer, draft.pk)
    assert selectors.get_opportunity(world.editor, draft.pk) == draft


def test_volunteer_profile_by_organisation_and_year(volunteering_world):
    world = volunteering_world
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    services.application_decide(actor=world.editor, application=application, decision="accept")
    today = timezone.localdate()
    verified = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                                  data={"date": today, "hours": "3", "activity": "زراعة"})
    services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                       data={"date": today, "hours": "2", "activity": "ري"})
    services.hours_verify(actor=world.editor, entry=verified)
    profile = selectors.volunteer_profile(world.volunteer)
    assert (profile["verified"], profile["pending"]) == (3, 2)
    assert profile["organizations"][0]["years"] == [(today.year, 3)]


def test_certificate_by_code_ignores_case_and_nonsense(volunteering_world):
    assert selectors.certificate_by_code("x" * 500) is None
    assert selectors.certificate_by_code("") is None


def test_public_opportunities_filter_by_skill(volunteering_world, region):
    from musharaka.volunteering.models import Skill

    world = volunteering_world
    planting = Skill.objects.get(code="tree-planting")
    assert Skill.objects.count() >= 12
    services.opportunity_update(actor=world.editor, opportunity=world.opportunity, data={}, skill_ids=[planting.pk])
    assert [row["id"] for row in selectors.public_opportunities(OpportunityFilters(skill=planting.pk))] == [
        world.opportunity.pk]
    first_aid = Skill.objects.get(code="first-aid")
    assert list(selectors.public_opportunities(OpportunityFilters(skill=first_aid.pk))) == []
