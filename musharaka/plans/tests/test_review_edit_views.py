"""vol17: correcting a recorded periodic review on its edit page (the service and right of PATCH
/api/v1/plans/reviews/{review_id}): the authority's staff change it, others are refused, bad values are shown on the
form and change nothing; the page works in Arabic and English."""

import datetime

import pytest
from django.urls import reverse

from musharaka.plans import services
from musharaka.plans.models import PlanStatus

pytestmark = pytest.mark.django_db

FINDINGS = "التنفيذ يسير وفق الخطة مع تأخر بسيط في الحدائق"


def _reviewed(make_plan):
    world = make_plan(status="approved")
    goal = world.plan.goals.order_by("position", "pk").first()
    review = services.review_save(actor=world.admin, plan=world.plan, data={
        "kind": "quarterly", "held_on": datetime.date(2027, 3, 1), "findings_ar": FINDINGS},
        ratings={goal.pk: ("on_track", "يسير جيدا")})
    return world, goal, review


def _form(goal, **changes) -> dict:
    return {"kind": "midterm", "held_on": "2027-03-15", "findings_ar": "تقدم جيد في الإنارة وتأخر في الحدائق",
            "decisions_ar": "إعادة جدولة إجراء الحدائق", f"rating_{goal.pk}": "at_risk",
            f"comment_{goal.pk}": "يحتاج تمويلا إضافيا", **changes}


@pytest.mark.parametrize(("prefix", "direction", "heading"), [("", "rtl", "تعديل المراجعة الدورية"),
                                                              ("/en", "ltr", "Edit the periodic review")])
def test_the_edit_page_shows_the_review_in_both_languages(make_plan, client_for, prefix, direction, heading):
    world, _goal, review = _reviewed(make_plan)
    response = client_for(world.editor).get(prefix + reverse("plans:review_edit", args=[review.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'dir="{direction}"' in html and heading in html
    assert FINDINGS in html and "يسير جيدا" in html and 'value="2027-03-01"' in html
    assert 'value="on_track" selected' in html


def test_the_review_page_links_its_staff_to_the_edit_page(make_plan, client_for):
    world, _goal, review = _reviewed(make_plan)
    url = reverse("plans:review", args=[review.pk])
    edit = reverse("plans:review_edit", args=[review.pk])
    assert edit in client_for(world.admin).get(url).content.decode()
    assert edit not in client_for(world.make_user()).get(url).content.decode()
    assert edit not in client_for(None).get(url).content.decode()


def test_the_authority_changes_the_review_and_its_ratings(make_plan, client_for):
    world, goal, review = _reviewed(make_plan)

    response = client_for(world.editor).post(reverse("plans:review_edit", args=[review.pk]), _form(goal))

    assert response.status_code == 302 and response.url == reverse("plans:review", args=[review.pk])
    review.refresh_from_db()
    assert (review.kind, review.held_on, review.decisions_ar) == (
        "midterm", datetime.date(2027, 3, 15), "إعادة جدولة إجراء الحدائق")
    rating = review.ratings.get()
    assert (rating.rating, rating.comment) == ("at_risk", "يحتاج تمويلا إضافيا")
    assert [m.level_tag for m in response.wsgi_request._messages._queued_messages] == ["success"]
    assert world.refresh().plan.status == PlanStatus.APPROVED  # no revision opened


def test_opening_a_revision_from_the_edit_page_moves_the_plan(make_plan, client_for):
    world, goal, review = _reviewed(make_plan)
    client_for(world.admin).post(reverse("plans:review_edit", args=[review.pk]), _form(goal, opens_revision="on"))
    assert world.refresh().plan.status == PlanStatus.REVISED


@pytest.mark.parametrize("role", ["resident", "coordinator", "partner_editor"])
def test_others_are_refused(make_plan, client_for, role):
    world, goal, review = _reviewed(make_plan)
    user = world.make_user() if role == "resident" else getattr(world, role)
    url = reverse("plans:review_edit", args=[review.pk])
    assert client_for(user).get(url).status_code == 403
    assert client_for(user).post(url, _form(goal)).status_code == 403
    anonymous = client_for(None).post(url, _form(goal))
    assert anonymous.status_code == 302 and "login" in anonymous.url
    review.refresh_from_db()
    assert review.kind == "quarterly" and review.ratings.get().rating == "on_track"


@pytest.mark.parametrize("changes", [
    {"findings_ar": ""},
    {"findings_ar": "قصيرة"},  # the service wants ten letters at least
    {"held_on": "2027-02-30"},
    {"kind": "weekly"},
    {"rating_GOAL": "excellent"},
    {"rating_GOAL": ""},  # a rating recorded is changed, never silently kept when emptied
])
def test_bad_values_are_shown_on_the_form_and_change_nothing(make_plan, client_for, changes):
    world, goal, review = _reviewed(make_plan)
    data = _form(goal, **{key.replace("GOAL", str(goal.pk)): value for key, value in changes.items()})

    response = client_for(world.admin).post(reverse("plans:review_edit", args=[review.pk]), data)

    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    review.refresh_from_db()
    assert (review.kind, review.findings_ar, review.held_on) == ("quarterly", FINDINGS, datetime.date(2027, 3, 1))
    assert review.ratings.get().rating == "on_track"


def test_a_refusal_of_the_service_is_shown_in_english(make_plan, client_for):
    world, goal, review = _reviewed(make_plan)
    response = client_for(world.admin).post("/en" + reverse("plans:review_edit", args=[review.pk]),
                                            _form(goal, findings_ar="قصيرة"))
    html = response.content.decode()
    assert 'dir="ltr"' in html and 'data-testid="form-errors"' in html
