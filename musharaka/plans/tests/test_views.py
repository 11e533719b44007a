"""The plan pages: the list, creating a plan, the plan page and its moves, goals and actions, the lead organisation's
report, versions and their differences, reviews, risks with the heat map, the reports (PDF rendered to PNG, XLSX,
charts), and the plan page's fixed number of queries."""

import dataclasses
import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from musharaka.core.arabic import normalize
from musharaka.core.tests.pdf_arabic import assert_shaped_arabic, assert_title_flush_right
from musharaka.plans import services
from musharaka.plans.models import Action, Plan, PlanStatus, Review, Risk

pytestmark = pytest.mark.django_db


def _another(world, title: str, *, status: str = "draft"):
    """A second plan of the same authority and city (make_plan builds the city's neighbourhoods once)."""
    plan = services.plan_create(actor=world.admin, organization=world.authority, data={
        "title_ar": title, "region": world.plan.region, "city": world.city, "start_year": 2026, "end_year": 2030},
        neighbourhoods=world.neighbourhoods)
    other = dataclasses.replace(world, plan=plan, goals=[], actions=[])
    if status == "consultation":
        other.consult()
    return other


def _approved(make_plan):
    world = make_plan(status="approved")
    world.goals = list(world.plan.goals.all())
    world.actions = list(world.plan.actions.all())
    return world


# ---------------------------------------------------------------- the list


def test_list_shows_public_plans_and_hides_drafts_from_the_public(make_plan, client_for):
    draft = make_plan(title="خطة مسودة لحي الروضة 2026–2030")
    open_plan = _another(draft, "خطة التنمية المحلية لمدينة الدرعية", status="consultation")

    public = client_for(None).get(reverse("plans:list")).content.decode()
    own = client_for(draft.admin).get(reverse("plans:list")).content.decode()

    assert open_plan.plan.title_ar in public and draft.plan.title_ar not in public
    assert draft.plan.title_ar in own


def test_list_filters_by_status_and_year(make_plan, client_for):
    world = make_plan(status="consultation")
    url = reverse("plans:list")
    client = client_for(None)

    assert world.plan.title_ar in client.get(url, {"status": "consultation", "year": 2027}).content.decode()
    assert world.plan.title_ar not in client.get(url, {"status": "approved"}).content.decode()
    assert world.plan.title_ar not in client.get(url, {"year": 2040}).content.decode()
    assert client.get(url, {"region": "x", "year": "نص"}).status_code == 200  # a wrong filter is ignored


def test_list_search_finds_arabic_whatever_the_spelling(make_plan, client_for):
    world = make_plan(status="consultation", title="خطة التنمية المحلية لمدينة الدرعية 2026–2030")
    _another(world, "خطة تطوير الأحياء القديمة", status="consultation")
    url = reverse("plans:list")
    client = client_for(None)

    # Ta marbuta typed as ha and a diacritic differ from the stored title; the other plan is not matched.
    page = client.get(url, {"q": "التنميه الدّرعيه"}).content.decode()
    assert world.plan.title_ar in page and "خطة تطوير الأحياء القديمة" not in page
    assert "خطة تطوير الأحياء القديمة" in client.get(url, {"q": "الاحياء"}).content.decode()  # alef forms
    services.plan_update(actor=world.admin, plan=world.plan, data={"title_ar": "خطة واحة الدرعية"})
    assert world.plan.title_ar not in client.get(url, {"q": "التنمية"}).content.decode()  # the index follows edits


# ---------------------------------------------------------------- create and edit


def test_an_authority_admin_creates_a_plan_for_a_city_and_its_neighbourhoods(make_plan, client_for, region):
    world = make_plan()
    response = client_for(world.admin).post(reverse("plans:create"), {
        "organization": world.authority.pk, "title_ar": "خطة التنمية المحلية لحي النخيل", "region": region.pk,
        "city": world.city.pk, "neighbourhoods": [world.neighbourhoods[1].pk], "start_year": 2027,
        "end_year": 2031, "matrix_share": 60})

    assert response.status_code == 302, response.content.decode()[response.content.decode().find("form-errors"):][:800]
    plan = Plan.objects.get(title_ar="خطة التنمية المحلية لحي النخيل")
    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[plan.pk])
    assert list(plan.neighbourhoods.all()) == [world.neighbourhoods[1]] and plan.matrix_share == 60


def test_a_partner_cannot_create_a_plan(make_plan, client_for):
    world = make_plan()
    assert client_for(world.partner_editor).get(reverse("plans:create")).status_code == 403


def test_editing_a_plan_that_ends_before_it_starts_shows_the_error(make_plan, client_for, region):
    world = make_plan()
    response = client_for(world.admin).post(reverse("plans:edit", args=[world.plan.pk]), {
        "title_ar": world.plan.title_ar, "region": region.pk, "start_year": 2030, "end_year": 2026,
        "matrix_share": 70})
    assert response.status_code == 200
    assert "The plan ends before it starts" in response.content.decode() or "قبل" in response.content.decode()


# ---------------------------------------------------------------- the plan page


def test_a_draft_is_not_there_for_the_public(make_plan, client_for):
    world = make_plan()
    assert client_for(None).get(reverse("plans:detail", args=[world.plan.pk])).status_code == 404
    assert client_for(world.coordinator).get(reverse("plans:detail", args=[world.plan.pk])).status_code == 200


def test_the_plan_page_shows_what_stops_approval_and_refuses_the_move(make_plan, client_for):
    world = make_plan(status="consultation")
    client = client_for(world.admin)
    page = client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert 'data-testid="move-approved"' in page and 'data-testid="move-problems"' in page

    response = client.post(reverse("plans:move", args=[world.plan.pk]), {"target": "approved"}, follow=True)

    world.refresh()
    assert world.plan.status == PlanStatus.CONSULTATION
    assert "alert-danger" in response.content.decode()


def test_the_plan_page_moves_to_approval_when_ready_and_shows_version_1(make_plan, client_for):
    world = make_plan(status="consultation")
    world.need()
    world.prepare()
    client = client_for(world.admin)

    client.post(reverse("plans:move", args=[world.plan.pk]), {"target": "approved", "note": "اعتمدت في الورشة"})

    world.refresh()
    assert world.plan.status == PlanStatus.APPROVED and world.plan.versions.get().note == "اعتمدت في الورشة"
    page = client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert reverse("plans:version", args=[world.plan.pk, 1]) in page


def test_a_viewer_of_a_public_plan_cannot_move_it(make_plan, client_for, make_user):
    world = make_plan(status="consultation")
    response = client_for(make_user()).post(reverse("plans:move", args=[world.plan.pk]), {"target": "draft"})
    assert response.status_code == 403


def test_the_plan_page_in_english_is_left_to_right_and_arabic_right_to_left(make_plan, client_for):
    world = _approved(make_plan)
    client = client_for(None)
    arabic = client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    english = client.get("/en" + reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert 'dir="rtl"' in arabic and "الرؤية" in arabic
    assert 'dir="ltr"' in english and "Vision" in english


def test_the_plan_page_lists_the_top_needs_by_priority(make_plan, client_for):
    world = make_plan(status="consultation")
    quiet = world.need(title="نقص المساحات الخضراء في الحي")
    loud = world.need(title="ازدحام المدارس في الحي الشمالي")
    world.vote(loud, 3, group="women")

    page = client_for(None).get(reverse("plans:detail", args=[world.plan.pk])).content.decode()

    assert page.index(loud.title) < page.index(quiet.title)


# ---------------------------------------------------------------- vision, partners, goals, actions


def test_vision_partners_goal_and_action_through_the_pages(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    client = client_for(world.admin)
    plan = world.plan

    client.post(reverse("plans:vision", args=[plan.pk]), {"vision_ar": "أحياء آمنة نابضة بالحياة يشارك سكانها"})
    client.post(reverse("plans:partners", args=[plan.pk]), {"partners": [world.partner.pk]})
    client.post(reverse("plans:goal_create", args=[plan.pk]), {"title_ar": "شوارع آمنة ومضاءة", "needs": [need.pk],
                                                                "position": 0})
    goal = plan.goals.get()
    response = client.post(reverse("plans:action_create", args=[goal.pk]), {
        "goal": goal.pk, "title_ar": "تركيب إنارة موفرة للطاقة", "lead_organization": world.partner.pk,
        "partners": [world.authority.pk], "budget": "120000", "currency": "sar", "funding_source": "municipal",
        "start_date": "2026-02-01", "end_date": "2026-11-30", "status": "planned", "position": 0})

    plan.refresh_from_db()
    action = plan.actions.get()
    assert response.status_code == 302
    assert plan.vision_ar.startswith("أحياء") and list(plan.partners.all()) == [world.partner]
    assert list(goal.needs.all()) == [need]
    assert (action.lead_organization, action.currency, action.end_date) == (world.partner, "SAR",
                                                                            datetime.date(2026, 11, 30))
    client.post(reverse("plans:goal_edit", args=[goal.pk]), {"title_ar": "شوارع آمنة ومضاءة للجميع", "position": 0})
    goal.refresh_from_db()
    assert goal.title_ar == "شوارع آمنة ومضاءة للجميع"


def test_an_action_ending_before_it_starts_is_refused_on_the_form(make_plan, client_for):
    world = make_plan()
    goal = world.goal()
    response = client_for(world.admin).post(reverse("plans:action_create", args=[goal.pk]), {
        "goal": goal.pk, "title_ar": "تركيب إنارة موفرة للطاقة", "lead_organization": world.partner.pk,
        "currency": "SAR", "funding_source": "municipal", "start_date": "2026-05-01", "end_date": "2026-01-01",
        "status": "planned"})
    assert response.status_code == 200 and not Action.objects.exists()


def test_goal_and_action_delete_on_a_draft(make_plan, client_for):
    world = make_plan()
    goal = world.goal()
    action = world.action(goal)
    client = client_for(world.admin)
    client.post(reverse("plans:action_delete", args=[action.pk]))
    assert not Action.objects.filter(pk=action.pk).exists()
    client.post(reverse("plans:goal_delete", args=[goal.pk]))
    assert not world.plan.goals.exists()


def test_an_approved_plan_offers_no_goal_editing(make_plan, client_for):
    world = _approved(make_plan)
    response = client_for(world.admin).post(reverse("plans:goal_create", args=[world.plan.pk]),
                                            {"title_ar": "هدف جديد بعد الاعتماد", "position": 0})
    assert response.status_code == 200 and world.plan.goals.count() == 1  # the conflict is shown on the form


def test_the_lead_organisation_reports_its_action_and_others_cannot(make_plan, client_for, make_org, make_member):
    world = _approved(make_plan)
    action = world.actions[0]
    url = reverse("plans:action_report", args=[action.pk])

    response = client_for(world.partner_editor).post(url, {"status": "in_progress"})
    outsider = make_member(make_org("جمعية أخرى"), "editor")

    action.refresh_from_db()
    assert response.status_code == 302 and action.status == "in_progress"
    assert client_for(outsider).post(url, {"status": "completed"}).status_code == 403


# ---------------------------------------------------------------- versions and differences


def test_a_revision_keeps_version_1_readable_and_the_differences_show_the_change(make_plan, client_for):
    world = _approved(make_plan)
    goal = world.goals[0]
    services.plan_move(actor=world.admin, plan=world.plan, target="revised")
    world.refresh()
    services.goal_save(actor=world.admin, plan=world.plan, goal=goal, data={"title_ar": "أحياء آمنة ومضاءة"})
    client = client_for(None)

    version = client.get(reverse("plans:version", args=[world.plan.pk, 1])).content.decode()
    current = client.get(reverse("plans:diff", args=[world.plan.pk])).content.decode()

    assert "تحسين جودة الحياة في الأحياء" in version and "أحياء آمنة ومضاءة" not in version
    assert "تحسين جودة الحياة في الأحياء" in current and "أحياء آمنة ومضاءة" in current
    assert 'data-testid="diff-change"' in current

    services.plan_move(actor=world.admin, plan=world.plan, target="approved")
    between = client.get(reverse("plans:diff", args=[world.plan.pk]), {"a": 1, "b": 2}).content.decode()
    same = client.get(reverse("plans:diff", args=[world.plan.pk]), {"a": 2, "b": 2}).content.decode()
    assert "أحياء آمنة ومضاءة" in between and 'data-testid="diff-empty"' in same
    assert client.get(reverse("plans:version", args=[world.plan.pk, 3])).status_code == 404


def test_the_differences_of_a_plan_never_approved_are_not_found(make_plan, client_for):
    world = make_plan(status="consultation")
    assert client_for(None).get(reverse("plans:diff", args=[world.plan.pk])).status_code == 404


# ---------------------------------------------------------------- reviews


def _workshop(world):
    from django.utils import timezone

    from musharaka.events import services as events

    starts = timezone.now() - datetime.timedelta(days=3)
    return events.event_create(actor=world.admin, organization=world.authority, data={
        "title_ar": "ورشة المراجعة النصفية للخطة المحلية", "kind": "workshop", "region": world.plan.region,
        "venue": "مركز الحي", "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=5)})


def test_a_review_rates_each_goal_and_opens_a_revision(make_plan, client_for):
    world = _approved(make_plan)
    goal = world.goals[0]
    event = _workshop(world)
    data = {"kind": "midterm", "held_on": "2027-06-15", "findings_ar": "تقدم جيد في الإنارة وتأخر في الحدائق",
            "decisions_ar": "إعادة جدولة إجراء الحدائق", "opens_revision": "on", f"rating_{goal.pk}": "at_risk",
            f"comment_{goal.pk}": "يحتاج تمويلا إضافيا"}
    data["event"] = event.pk

    response = client_for(world.admin).post(reverse("plans:review_create", args=[world.plan.pk]), data)

    review = Review.objects.get()
    world.refresh()
    assert response.status_code == 302 and response.url == reverse("plans:review", args=[review.pk])
    assert world.plan.status == PlanStatus.REVISED and world.plan.version == 2
    assert review.ratings.get().rating == "at_risk"
    page = client_for(None).get(reverse("plans:review", args=[review.pk])).content.decode()
    assert "يحتاج تمويلا إضافيا" in page and "1449" in page  # the Hijri date beside the Gregorian one
    assert review.event == event and "ورشة المراجعة النصفية" in page


def test_a_review_of_a_plan_not_yet_approved_is_refused_on_the_form(make_plan, client_for):
    world = make_plan(status="consultation")
    response = client_for(world.admin).post(reverse("plans:review_create", args=[world.plan.pk]), {
        "kind": "quarterly", "held_on": "2026-03-01", "findings_ar": "لم تعتمد الخطة بعد ولا مراجعة"})
    assert response.status_code == 200 and not Review.objects.exists()


# ---------------------------------------------------------------- risks and the heat map


def test_risks_are_created_edited_and_counted_on_the_heat_map(make_plan, client_for):
    world = _approved(make_plan)
    client = client_for(world.admin)
    form = {"title": "تأخر التمويل البلدي", "category": "financial", "likelihood": 4, "impact": 5,
            "owner": "إدارة الميزانية", "status": "open", "action": world.actions[0].pk}

    client.post(reverse("plans:risk_create", args=[world.plan.pk]), form)
    risk = Risk.objects.get()
    client.post(reverse("plans:risk_edit", args=[risk.pk]), {**form, "likelihood": 3})
    page = client_for(None).get(reverse("plans:risks", args=[world.plan.pk])).content.decode()

    risk.refresh_from_db()
    assert (risk.score, risk.level) == (15, "high")
    cell = page[page.index('data-testid="heat-cell-5-3"'):][:400]
    assert "heat-high" in page[page.index('data-testid="heat-cell-5-3"') - 40:][:80]
    assert ">1<" in cell and "<table" in page and "<caption>" in page
    client.post(reverse("plans:risk_delete", args=[risk.pk]))
    assert not Risk.objects.exists()


def test_a_resident_cannot_add_a_risk(make_plan, client_for, make_user):
    world = _approved(make_plan)
    assert client_for(make_user()).get(reverse("plans:risk_create", args=[world.plan.pk])).status_code == 403


# ---------------------------------------------------------------- reports


def _plan_with_everything(world):
    services.risk_save(actor=world.admin, plan=world.plan, data={
        "title": "ضعف مشاركة الشباب", "category": "social", "likelihood": 3, "impact": 3, "owner": "فريق الخطة"})
    world.indicator(world.goals[0])
    return world


def test_the_plan_pdf_first_page_renders_arabic_that_reads_back(make_plan, client_for, tmp_path):
    from PIL import Image

    if not shutil.which("pdftoppm"):
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("pdftoppm is missing (apt-get install poppler-utils); under CI=true the page must be drawn")
        pytest.skip("poppler-utils (pdftoppm) is not installed")

    world = _plan_with_everything(_approved(make_plan))
    response = client_for(None).get(reverse("plans:pdf", args=[world.plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))

    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    [png] = list(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > image.width * image.height * 0.005  # text was drawn, the page is not blank
    assert_title_flush_right(png)  # right to left: the title against the right margin
    assert_shaped_arabic(pdf)  # joined letters: the page draws them in their contextual forms, in an Arabic font
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # pdftotext garbles some ligatures and gives RTL runs in visual order: compare normalised words either way.
    words = set(normalize(text).split()) | {word[::-1] for word in normalize(text).split()}
    assert {normalize("الدرعية"), normalize("مزدهرة")} <= words


def test_the_plan_xlsx_has_a_sheet_per_part(make_plan, client_for):
    world = _plan_with_everything(_approved(make_plan))
    response = client_for(None).get(reverse("plans:xlsx", args=[world.plan.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.sheetnames) == 7
    actions = workbook.worksheets[2]
    assert actions.cell(2, 2).value == world.actions[0].title_ar
    risks = workbook.worksheets[5]
    assert risks.cell(2, 1).value == "ضعف مشاركة الشباب" and risks.cell(2, 5).value == 9


def test_a_draft_plan_s_reports_are_not_there_for_the_public(make_plan, client_for):
    world = make_plan()
    for name in ("plans:pdf", "plans:xlsx", "plans:charts", "plans:risks", "plans:versions"):
        assert client_for(None).get(reverse(name, args=[world.plan.pk])).status_code == 404, name


def test_the_charts_have_their_data_tables_and_no_inline_script(make_plan, client_for):
    world = _plan_with_everything(_approved(make_plan))
    page = client_for(None).get(reverse("plans:charts", args=[world.plan.pk])).content.decode()
    assert 'data-testid="goal-progress-table"' in page and 'data-testid="indicator-trend"' in page
    assert '<script type="application/json" id="plan-chart-data">' in page
    scripts = [chunk.split(">", 1)[0] for chunk in page.split("<script")[1:]]
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)


# ---------------------------------------------------------------- queries


def _grow(world, *, needs: int, goals: int, actions: int):
    """Needs with votes, goals answering them, actions with indicators, risks and partners."""
    made = [world.need(title=f"حاجة رقم {index} في الحي إلى خدمات أفضل") for index in range(needs)]
    for need in made[:3]:
        world.vote(need, 1, group="youth")
    for index in range(goals):
        world.goal(title=f"هدف تنموي رقم {index}", needs=made[index:index + 2])
    for index in range(actions):
        goal = world.goals[index % goals]
        action = world.action(goal, title=f"إجراء تنفيذي رقم {index}")
        services.action_save(actor=world.admin, goal=goal, action=action, data={}, partners=[world.authority])
        if index % 10 == 0:
            world.indicator(action)
    services.risk_save(actor=world.admin, plan=world.plan, data={
        "title": "تأخر التمويل", "category": "financial", "likelihood": 2, "impact": 4, "owner": "الأمانة"})


@pytest.mark.parametrize("reader", ["public", "admin"])
def test_the_plan_page_runs_a_fixed_number_of_queries_with_100_needs_and_30_actions(make_plan, client_for, reader):
    small = make_plan(status="consultation")
    large = _another(small, "خطة ثانية للمدينة 2026", status="consultation")
    _grow(small, needs=5, goals=2, actions=3)
    _grow(large, needs=100, goals=6, actions=30)
    assert (large.plan.needs.count(), large.plan.actions.count()) == (100, 30)

    def count(world) -> int:
        client = client_for(world.admin if reader == "admin" else None)
        url = reverse("plans:detail", args=[world.plan.pk])
        client.get(url)  # warm the caches (content types, the Hijri texts)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    assert count(small) == count(large)
    assert count(large) <= 40


def test_each_goal_and_action_shows_its_results_section(make_plan, client_for):
    world = _approved(make_plan)
    world.indicator(world.actions[0])
    page = client_for(world.admin).get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert page.count('data-testid="results-section"') == 2  # one goal, one action
    assert "عدد الشوارع المضاءة" in page


# ---- parity14: deleting a draft plan and a review on pages (as the API's DELETE operations do)
def test_plan_delete_removes_a_draft_from_its_page(make_plan, client_for):
    world = make_plan()
    client = client_for(world.admin)
    assert 'data-testid="plan-delete"' in client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()

    response = client.post(reverse("plans:delete", args=[world.plan.pk]))

    assert response.status_code == 302 and response.url == reverse("plans:list")
    assert not Plan.objects.filter(pk=world.plan.pk).exists()


def test_plan_delete_of_a_plan_in_consultation_is_refused_with_a_message(make_plan, client_for):
    world = make_plan(status="consultation")
    client = client_for(world.admin)
    assert 'data-testid="plan-delete"' not in client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()

    response = client.post(reverse("plans:delete", args=[world.plan.pk]))

    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[world.plan.pk])
    assert Plan.objects.filter(pk=world.plan.pk).exists()
    assert [m.level_tag for m in response.wsgi_request._messages._queued_messages] == ["error"]


def test_review_delete_by_the_authority_and_refused_to_a_resident(make_plan, client_for):
    world = _approved(make_plan)
    review = services.review_save(actor=world.admin, plan=world.plan, data={
        "kind": "quarterly", "held_on": datetime.date(2027, 3, 1), "findings_ar": "التنفيذ يسير وفق الخطة"})
    url = reverse("plans:review_delete", args=[review.pk])
    assert client_for(world.make_user()).post(url).status_code == 403
    assert 'data-testid="review-delete"' in client_for(world.admin).get(
        reverse("plans:review", args=[review.pk])).content.decode()

    response = client_for(world.admin).post(url)

    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[world.plan.pk])
    assert not Review.objects.filter(pk=review.pk).exists()
