"""The impact pages: the owner's hub and its logic model, analyses with their stakeholder groups, investments and
outcomes, the analysis page (value map, totals, sensitivity, comments) in both languages, the workflow buttons,
the public list, the review queue, the reviewers, and the analysis page's fixed number of queries."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from musharaka.impact import services
from musharaka.impact.models import Analysis, AnalysisStatus, Comment, Investment, LogicItem, Outcome, Reviewer
from musharaka.plans.tests.conftest import make_plan  # noqa: F401  (the plan page's actions own hubs too)

pytestmark = pytest.mark.django_db


def _hub(world):
    return reverse("impact:owner", args=["initiative", world.initiative.pk])


def _page(client, analysis, prefix=""):
    return client.get(prefix + reverse("impact:analysis", args=[analysis.pk]))


# ---------------------------------------------------------------- the analysis page


def test_analysis_page_shows_the_value_map_totals_and_sensitivity_in_arabic_right_to_left(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()

    response = _page(client_for(world.editor), analysis)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "1 : 2.26" in html  # the kept ratio 2.2623
    assert "2,488,485.76" in html and "1,100,000.00" in html  # present value and investment
    assert "حصول الشباب على عمل" in html and "متوسط الدخل السنوي لأول وظيفة" in html
    assert "متوسط أجر الساعة في المنطقة" in html  # the volunteer valuation basis
    assert html.count('data-testid="outcome-row"') == 2
    assert 'data-testid="sensitivity-table"' in html and 'id="impact-tornado-chart"' in html
    assert "<script>" not in html  # charts read JSON, no inline script (CSP)


def test_analysis_page_in_english_is_left_to_right(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()

    html = _page(client_for(world.editor), analysis, "/en").content.decode()

    assert 'dir="ltr"' in html and "Value map" in html and "Sensitivity" in html


def test_analysis_chart_data_is_json_with_the_stakeholder_values(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()

    html = _page(client_for(world.editor), analysis).content.decode()

    data = json.loads(re.search(r'<script type="application/json" id="impact-chart-data">(.*?)</script>', html,
                                re.S).group(1))
    assert [row["label"] for row in data["stakeholders"]] == ["الشباب الباحثون عن عمل", "أسر المشاركين"]
    assert abs(sum(row["value"] for row in data["stakeholders"]) - 2488485.76) <= 0.02  # each group rounded
    assert data["base"] == 2.2623 and data["tornado"]


def test_a_draft_is_not_found_for_the_public_and_a_reviewer(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()

    assert _page(client_for(None), analysis).status_code == 404
    assert _page(client_for(world.reviewer), analysis).status_code == 404
    assert _page(client_for(world.admin), analysis).status_code == 200


def test_a_published_analysis_is_read_by_the_public_without_buttons(impact_world, client_for):
    world = impact_world()
    analysis = world.published()

    html = _page(client_for(None), analysis).content.decode()

    assert analysis.title_ar in html
    assert 'data-testid="publish-analysis"' not in html and 'data-testid="edit-analysis"' not in html
    assert 'data-testid="not-reviewed"' not in html


def test_the_problems_that_stop_submission_are_listed(impact_world, client_for):
    world = impact_world()
    analysis = world.analysis()

    html = _page(client_for(world.editor), analysis).content.decode()

    problems = html[html.find('data-testid="analysis-problems"'):]
    assert 'data-testid="analysis-problems"' in html and problems.count("<li>") == 3  # groups, outcomes, investment
    assert 'data-testid="submit-analysis" disabled' in html


def test_analysis_page_queries_stay_fixed_with_30_outcomes(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()
    stakeholder = analysis.stakeholders.first()
    client = client_for(world.editor)
    _page(client, analysis)  # sessions, content types and the like warmed
    with CaptureQueriesContext(connection) as few:
        assert _page(client, analysis).status_code == 200
    for number in range(28):
        services.outcome_save(actor=world.editor, analysis=analysis, stakeholder=stakeholder, data={
            "title_ar": f"نتيجة رقم {number}", "quantity": "10", "proxy": "100", "proxy_source": "دراسة",
            "duration": 3, "drop_off": "10"})
    services.comment_add(actor=world.editor, analysis=analysis, body="راجع الرقم", figure="analysis:discount_rate")

    with CaptureQueriesContext(connection) as many:
        response = _page(client, analysis)

    assert response.status_code == 200 and Outcome.objects.filter(analysis=analysis).count() == 30
    assert len(many) == len(few) and len(many) <= 22, [q["sql"] for q in many.captured_queries]


# ---------------------------------------------------------------- the owner's hub and the logic model


def test_owner_hub_shows_the_chain_and_the_analyses(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()
    model = services.logic_model_save(actor=world.editor, owner=world.initiative, data={"assumptions_ar": "يتوفر التمويل"})
    services.logic_item_save(actor=world.editor, logic_model=model, data={"stage": "input", "text_ar": "منحة البرنامج"})

    html = client_for(world.editor).get(_hub(world)).content.decode()

    assert "منحة البرنامج" in html and "يتوفر التمويل" in html and analysis.title_ar in html
    assert 'data-testid="new-analysis"' in html and 'data-testid="add-output"' in html


def test_owner_hub_hides_drafts_and_buttons_from_the_public(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()

    response = client_for(None).get(_hub(world))

    html = response.content.decode()
    assert response.status_code == 200 and analysis.title_ar not in html and 'data-testid="new-analysis"' not in html


def test_owner_hub_of_an_unknown_kind_is_not_found(impact_world, client_for):
    world = impact_world()

    assert client_for(world.editor).get(reverse("impact:owner", args=["plan", world.initiative.pk])).status_code == 404


def test_editor_adds_a_logic_item_and_another_organisation_may_not(impact_world, client_for, make_org, make_member):
    world = impact_world()
    url = reverse("impact:item_create", args=["initiative", world.initiative.pk])
    outsider = make_member(make_org(), "admin")

    response = client_for(world.editor).post(url, {"stage": "activity", "text_ar": "ورش تدريب أسبوعية"})
    refused = client_for(outsider).post(url, {"stage": "activity", "text_ar": "ورش أخرى"})

    assert response.status_code == 302 and response.url == _hub(world)
    assert list(LogicItem.objects.values_list("text_ar", flat=True)) == ["ورش تدريب أسبوعية"]
    assert refused.status_code == 403


def test_an_indicator_on_an_input_is_refused_on_the_form(impact_world, client_for):
    world = impact_world()
    url = reverse("impact:item_create", args=["initiative", world.initiative.pk])

    response = client_for(world.editor).post(url, {"stage": "input", "text_ar": "منحة", "indicator": "999999"})

    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert not LogicItem.objects.exists()


def test_logic_model_edit_saves_assumptions(impact_world, client_for):
    world = impact_world()
    url = reverse("impact:logic_model_edit", args=["initiative", world.initiative.pk])

    response = client_for(world.editor).post(url, {"assumptions_ar": "استمرار دعم الشركاء",
                                                   "external_factors_ar": "سوق العمل"})

    assert response.status_code == 302
    assert services.logic_model_of(world.initiative).external_factors_ar == "سوق العمل"


def test_item_edit_and_delete(impact_world, client_for):
    world = impact_world()
    model = services.logic_model_save(actor=world.editor, owner=world.initiative, data={})
    item = services.logic_item_save(actor=world.editor, logic_model=model, data={"stage": "output", "text_ar": "مخرج"})
    client = client_for(world.editor)

    client.post(reverse("impact:item_edit", args=[item.pk]), {"stage": "output", "text_ar": "تدريب 120 شابا"})
    item.refresh_from_db()
    assert item.text_ar == "تدريب 120 شابا"
    assert client.post(reverse("impact:item_delete", args=[item.pk])).status_code == 302
    assert not LogicItem.objects.exists()


# ---------------------------------------------------------------- analyses and their figures through forms


def test_editor_creates_an_analysis_and_its_figures_through_the_forms(impact_world, client_for):
    world = impact_world()
    client = client_for(world.editor)

    response = client.post(reverse("impact:analysis_create", args=["initiative", world.initiative.pk]), {
        "title_ar": "العائد الاجتماعي لبرنامج الإرشاد", "kind": "forecast", "currency": "SAR", "discount_rate": "3.5",
        "start_year": 2026, "sensitivity_points": "10", "sensitivity_proxy_percent": "20",
        "sensitivity_rate_low": "0", "sensitivity_rate_high": "7"})
    analysis = Analysis.objects.get()
    assert response.status_code == 302 and response.url == reverse("impact:analysis", args=[analysis.pk])

    client.post(reverse("impact:stakeholder_create", args=[analysis.pk]), {"name_ar": "الشباب", "size": 50})
    client.post(reverse("impact:investment_create", args=[analysis.pk]), {
        "kind": "volunteer_time", "description_ar": "ساعات المرشدين", "hours": "100", "hourly_value": "40",
        "valuation_basis": "متوسط الأجر", "grade": "measured"})
    stakeholder = analysis.stakeholders.get()
    response = client.post(reverse("impact:outcome_create", args=[analysis.pk]), {
        "stakeholder": stakeholder.pk, "title_ar": "حصول الشباب على عمل", "quantity_source": "typed",
        "quantity": "10", "proxy": "1000", "proxy_source": "مسح الأجور", "duration": 1, "deadweight": "0",
        "displacement": "0", "attribution": "0", "drop_off": "0", **{f"{name}_grade": "assumed" for name in (
            "quantity", "proxy", "deadweight", "displacement", "attribution", "drop_off")}})

    assert response.status_code == 302, response.content.decode()[:3000]
    analysis.refresh_from_db()
    assert Investment.objects.get().value == 4000
    assert str(analysis.present_value) == "9661.84"  # 10 000 ÷ 1.035


def test_a_figure_out_of_range_comes_back_on_the_form(impact_world, client_for):
    world = impact_world()
    _analysis, jobs, _ = world.example()

    response = client_for(world.editor).post(reverse("impact:outcome_edit", args=[jobs.pk]), {
        "stakeholder": jobs.stakeholder_id, "title_ar": "حصول الشباب على عمل", "quantity_source": "typed",
        "quantity": "-5", "proxy": "NaN", "duration": 1, "deadweight": "150", "displacement": "0",
        "attribution": "0", "drop_off": "0"})

    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    jobs.refresh_from_db()
    assert jobs.quantity == 120


def test_the_outcome_form_refuses_without_a_stakeholder_group(impact_world, client_for):
    world = impact_world()
    analysis = world.analysis()

    response = client_for(world.editor).get(reverse("impact:outcome_create", args=[analysis.pk]))

    assert response.status_code == 302 and response.url == reverse("impact:analysis", args=[analysis.pk])


def test_a_stakeholder_with_outcomes_is_not_removed(impact_world, client_for):
    world = impact_world()
    analysis, jobs, _ = world.example()

    response = client_for(world.editor).post(reverse("impact:stakeholder_delete", args=[jobs.stakeholder_id]))

    assert response.status_code == 302 and analysis.stakeholders.count() == 2


def test_investment_and_outcome_delete(impact_world, client_for):
    world = impact_world()
    analysis, jobs, _ = world.example()
    client = client_for(world.editor)

    client.post(reverse("impact:outcome_delete", args=[jobs.pk]))
    client.post(reverse("impact:investment_delete", args=[analysis.investments.first().pk]))

    assert analysis.outcomes.count() == 1 and analysis.investments.count() == 2


def test_a_published_analysis_takes_no_change(impact_world, client_for):
    world = impact_world()
    analysis = world.published()
    outcome = analysis.outcomes.first()
    client = client_for(world.editor)

    # its preparers are told why, on the analysis page (the API answers 409); a stranger is refused (403)
    back = reverse("impact:analysis", args=[analysis.pk])
    assert client.get(reverse("impact:analysis_edit", args=[analysis.pk]))["Location"] == back
    assert client.post(reverse("impact:outcome_delete", args=[outcome.pk]))["Location"] == back
    assert Outcome.objects.filter(pk=outcome.pk).exists()
    assert client_for(world.reviewer).post(reverse("impact:outcome_delete", args=[outcome.pk])).status_code == 403


# ---------------------------------------------------------------- the workflow


def test_submit_comment_return_submit_publish_and_revise(impact_world, client_for):
    world = impact_world()
    analysis, jobs, _ = world.example()
    editor, reviewer = client_for(world.editor), client_for(world.reviewer)

    editor.post(reverse("impact:analysis_submit", args=[analysis.pk]))
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.REVIEW
    html = _page(reviewer, analysis).content.decode()
    assert 'data-testid="publish-analysis"' in html and 'data-testid="return-form"' in html

    reviewer.post(reverse("impact:comment_create", args=[analysis.pk]),
                  {"figure": f"outcome:{jobs.pk}:proxy", "body": "ما مصدر متوسط الدخل؟"})
    reviewer.post(reverse("impact:analysis_return", args=[analysis.pk]), {"comment": "وثّق مصدر البديل المالي"})
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DRAFT
    html = _page(editor, analysis).content.decode()
    assert "ما مصدر متوسط الدخل؟" in html and 'data-testid="figure-comments"' in html

    comment = Comment.objects.get(figure=f"outcome:{jobs.pk}:proxy")
    editor.post(reverse("impact:comment_resolve", args=[comment.pk]), {"resolved": "1"})
    comment.refresh_from_db()
    assert comment.resolved

    editor.post(reverse("impact:analysis_submit", args=[analysis.pk]))
    response = reviewer.post(reverse("impact:analysis_publish", args=[analysis.pk]))
    analysis.refresh_from_db()
    assert response.status_code == 302 and analysis.status == AnalysisStatus.PUBLISHED

    response = editor.post(reverse("impact:analysis_revise", args=[analysis.pk]))
    draft = Analysis.objects.get(series=analysis.series, version=2)
    assert response.url == reverse("impact:analysis", args=[draft.pk])
    assert 'data-testid="versions"' in _page(editor, draft).content.decode()


def test_return_without_a_comment_keeps_it_under_review(impact_world, client_for):
    world = impact_world()
    analysis = world.reviewed()

    client_for(world.reviewer).post(reverse("impact:analysis_return", args=[analysis.pk]), {"comment": ""})

    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.REVIEW


def test_the_editor_may_not_publish_nor_the_public_submit(impact_world, client_for):
    world = impact_world()
    analysis = world.reviewed()

    assert client_for(world.editor).post(reverse("impact:analysis_publish", args=[analysis.pk])).status_code == 403
    assert client_for(None).post(reverse("impact:analysis_submit", args=[analysis.pk])).status_code == 302  # sign in
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.REVIEW


def test_submitting_an_incomplete_analysis_says_what_is_missing(impact_world, client_for):
    world = impact_world()
    analysis = world.analysis()

    response = client_for(world.editor).post(reverse("impact:analysis_submit", args=[analysis.pk]), follow=True)

    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DRAFT and response.status_code == 200
    assert 'role="alert"' in response.content.decode() or "alert" in response.content.decode()


def test_delete_a_draft_with_its_figures(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()

    response = client_for(world.editor).post(reverse("impact:analysis_delete", args=[analysis.pk]))

    assert response.status_code == 302 and response.url == _hub(world)
    assert not Analysis.objects.exists() and not Outcome.objects.exists()


# ---------------------------------------------------------------- the list, the queue, the reviewers


def test_public_list_shows_published_analyses_and_filters(impact_world, client_for):
    world = impact_world()
    published = world.published()
    draft = world.analysis(title_ar="تحليل مسودة لم ينشر")
    url = reverse("impact:list")
    client = client_for(None)

    html = client.get(url).content.decode()
    assert published.title_ar in html and draft.title_ar not in html
    assert published.title_ar not in client.get(url, {"kind": "evaluative"}).content.decode()
    assert published.title_ar in client.get(url, {"q": "تمكين الشباب"}).content.decode()
    assert client.get(url, {"organization": "x", "kind": "bad"}).status_code == 200
    assert 'dir="ltr"' in client.get("/en" + url).content.decode()


def test_queue_lists_analyses_for_reviewers_only(impact_world, client_for):
    world = impact_world()
    analysis = world.reviewed()
    url = reverse("impact:queue")

    assert analysis.title_ar in client_for(world.reviewer).get(url).content.decode()
    assert client_for(world.editor).get(url).status_code == 403


def test_platform_staff_add_and_remove_reviewers(impact_world, client_for, make_user):
    world = impact_world()
    staff = make_user(is_staff=True)
    newcomer = make_user()
    client = client_for(staff)

    response = client.post(reverse("impact:reviewers"), {"who": newcomer.email, "note": "خبير تقييم"})
    assert response.status_code == 302 and Reviewer.objects.filter(user=newcomer).exists()
    unknown = client.post(reverse("impact:reviewers"), {"who": "nobody-here"})
    assert unknown.status_code == 200 and 'data-testid="form-errors"' in unknown.content.decode()
    reviewer = Reviewer.objects.get(user=newcomer)
    client.post(reverse("impact:reviewer_remove", args=[reviewer.pk]))
    assert not Reviewer.objects.filter(user=newcomer).exists()
    assert client_for(world.reviewer).get(reverse("impact:reviewers")).status_code == 403


# ---------------------------------------------------------------- the initiative page and the plan page


def test_initiative_page_shows_published_analyses_and_a_link_to_prepare_for_its_staff(impact_world, client_for):
    world = impact_world()
    analysis = world.published()
    url = reverse("initiatives:detail", args=[world.initiative.pk])

    public = client_for(None).get(url).content.decode()
    staff = client_for(world.editor).get(url).content.decode()

    assert 'data-testid="impact-section"' in public and analysis.title_ar in public and "1 : 2.26" in public
    assert _hub(world) in public
    assert _hub(world) in staff and "إعدادها ومتابعتها" in staff


def test_initiative_page_without_analyses_has_no_section_for_the_public(impact_world, client_for):
    world = impact_world()

    html = client_for(None).get(reverse("initiatives:detail", args=[world.initiative.pk])).content.decode()

    assert 'data-testid="impact-section"' not in html


def test_plan_page_links_each_action_to_its_hub(make_plan, client_for):  # noqa: F811
    world = make_plan(status="approved")
    action = world.plan.actions.first()

    html = client_for(world.admin).get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    hub = client_for(world.admin).get(reverse("impact:owner", args=["action", action.pk]))

    assert reverse("impact:owner", args=["action", action.pk]) in html
    assert hub.status_code == 200 and 'data-testid="new-analysis"' in hub.content.decode()


def test_the_footer_links_the_public_list_and_the_list_links_the_queue_for_reviewers(impact_world, client_for):
    world = impact_world()

    home = client_for(None).get(reverse("initiatives:catalogue")).content.decode()
    for_reviewer = client_for(world.reviewer).get(reverse("impact:list")).content.decode()
    for_public = client_for(None).get(reverse("impact:list")).content.decode()

    assert f'href="{reverse("impact:list")}"' in home
    assert 'data-testid="queue-link"' in for_reviewer and 'data-testid="queue-link"' not in for_public


# ---- parity15: the page refuses a comment on a published analysis as the API does (409 there, a message here)
def test_a_comment_on_a_published_analysis_is_refused_with_a_message(impact_world, client_for):
    from django.contrib.messages import get_messages

    world = impact_world()
    analysis = world.published()

    response = client_for(world.editor).post(reverse("impact:comment_create", args=[analysis.pk]),
                                             {"figure": "analysis:discount_rate", "body": "لماذا هذا المعدل؟"})

    assert response.status_code == 302 and response["Location"].endswith("#comments")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert not Comment.objects.filter(analysis=analysis, body="لماذا هذا المعدل؟").exists()
