"""Done-when of issue #14, in the browser and in Arabic: a local development plan carried through its cycle, from the
public consultation (residents' needs and votes, each with their participant group) through the scoring matrix and
the prioritised list, the vision, goals and actions with an indicator, the approval, an indicator update reported by
the partner that leads the action and approved by another person of the authority, a periodic review that opens a
revision, to version 2, while version 1 stays readable and the differences page shows what changed.

Every step is clicked on the pages; only the starting world is built through the services (the authority and its
staff, the partner association and its editor, the residents, the plan's draft with its neighbourhoods)."""

import re

from django.utils import translation
from playwright.sync_api import expect

from musharaka.plans.models import Need, PlanStatus, PlanVersion
from musharaka.plans.tests.conftest import make_plan  # noqa: F401  (the fixture, shared with the unit tests)
from musharaka.results.models import Update, UpdateStatus

LIGHTING = "نقص الإنارة في الشوارع الداخلية"
PARKS = "قلة الحدائق العامة للأطفال"
VISION = "مدينة مزدهرة بأحياء آمنة ونابضة بالحياة يشارك سكانها في صنع قرارها"
GOAL = "تحسين جودة الحياة في الأحياء"
GOAL_REVISED = "أحياء آمنة ومضاءة لكل السكان"
ACTION = "تركيب إنارة موفرة للطاقة في الشوارع الداخلية"
INDICATOR = "عدد الشوارع المضاءة"


def watch(page, problems: list[str]):
    """Collect the console errors, uncaught errors and CSP violations of `page` (as the browser_problems fixture does
    for the anonymous page; here every person has their own context)."""
    page.on("console", lambda m: problems.append(f"{page.url} console {m.type}: {m.text}")
            if m.type == "error" or m.text.startswith("Refused to") else None)
    page.on("pageerror", lambda error: problems.append(f"{page.url} uncaught error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Refused to ' + e.violatedDirective + ': ' + (e.blockedURI || 'inline') + ' (securitypolicyviolation)'));"
    )
    return page


def arabic(label) -> str:
    """The Arabic the pages show for a msgid (or a lazy label)."""
    with translation.override("ar"):
        return translation.gettext(label) if isinstance(label, str) else str(label)


def submit_need(page, plan, world, *, title, description, people, group, neighbourhood):
    """A resident opens the public needs page, follows "submit a need" and sends the form."""
    page.goto(f"/plans/{plan.pk}/needs/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_test_id("needs-nav").locator(f'a[href="/plans/{plan.pk}/needs/submit/"]').click()
    # Typing asks for similar needs (htmx, after a pause): wait for each answer, so that none is still running when
    # the form is sent.
    similar = re.compile(rf"/plans/{plan.pk}/needs/similar/")
    with page.expect_response(similar):
        page.locator("#id_title").fill(title)
    with page.expect_response(similar):
        page.locator("#id_description").fill(description)
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_neighbourhood").select_option(str(neighbourhood.pk))
    page.locator("#id_people_affected").fill(str(people))
    page.locator("#id_group").select_option(group)
    page.get_by_test_id("need-form").locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/plans/needs/\d+/$"))
    return Need.objects.get(plan=plan, title=title)


def vote(page, plan, need, group):
    """A resident votes for a need on the public list, saying which participant group they vote as."""
    page.goto(f"/plans/{plan.pk}/needs/")
    page.locator(f"#group-{need.pk}").select_option(group)
    page.locator(f'form[action="/plans/needs/{need.pk}/vote/"]').get_by_test_id("vote").click()
    expect(page.locator(f'form[action="/plans/needs/{need.pk}/vote/"]').get_by_test_id("unvote")).to_be_visible()


def move(page, plan, target):
    """The staff move the plan from its page (the move's form, with no problem left)."""
    page.goto(f"/plans/{plan.pk}/")
    form = page.get_by_test_id(f"move-{target}")
    expect(form.get_by_test_id("move-problems")).to_have_count(0)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("plan-status")).to_have_text(arabic(PlanStatus(target).label))


def test_a_plan_in_arabic_from_consultation_to_a_second_version(signed_in_page, make_plan, make_user):  # noqa: F811
    world = make_plan()
    plan = world.plan
    rawdah, nakheel = world.neighbourhoods
    problems: list[str] = []

    # The authority's staff open the consultation from the plan page.
    staff = watch(signed_in_page(world.admin), problems)
    staff.goto(f"/plans/{plan.pk}/")
    expect(staff.locator("html")).to_have_attribute("dir", "rtl")
    move(staff, plan, PlanStatus.CONSULTATION)

    # Residents submit needs on the public page and vote, each with their participant group.
    hala, omar, salma = (watch(signed_in_page(make_user(first_name=name)), problems)
                         for name in ("هالة", "عمر", "سلمى"))
    lighting = submit_need(hala, plan, world, title=LIGHTING, description="الشوارع الداخلية مظلمة ليلا ويخشى السكان المشي",
                           people=1200, group="women", neighbourhood=rawdah)
    parks = submit_need(omar, plan, world, title=PARKS, description="لا يجد الأطفال حديقة قريبة يلعبون فيها بأمان",
                        people=800, group="youth", neighbourhood=nakheel)
    vote(hala, plan, lighting, "women")
    vote(omar, plan, lighting, "youth")
    vote(salma, plan, parks, "elders")
    lighting.refresh_from_db()
    parks.refresh_from_db()
    assert (lighting.vote_count, lighting.votes_women, lighting.votes_youth) == (2, 1, 1)
    assert (parks.vote_count, parks.votes_elders) == (1, 1)

    # The team scores the matrix (every criterion: 5 for the lighting, 2 for the parks) and reads the priorities.
    staff.goto(f"/plans/{plan.pk}/")
    staff.get_by_role("link", name=arabic("Scoring matrix")).click()
    grid = staff.get_by_test_id("score-grid")
    for need, score in ((lighting, "5"), (parks, "2")):
        selects = grid.locator(f'select[name^="score-{need.pk}-"]')
        for index in range(selects.count()):
            selects.nth(index).select_option(score)
    grid.locator("button[type=submit]").click()
    grid = staff.get_by_test_id("score-grid")
    expect(grid.locator("tr", has=staff.locator(f"#need-{lighting.pk}"))).to_contain_text("100.00")
    expect(grid.locator("tr", has=staff.locator(f"#need-{parks.pk}"))).to_contain_text("40.00")
    staff.get_by_test_id("needs-nav").locator(f'a[href="/plans/{plan.pk}/priorities/"]').click()
    ranked = staff.get_by_test_id("ranked-need")
    expect(ranked).to_have_count(2)
    expect(ranked.first).to_contain_text(LIGHTING)
    expect(ranked.first).to_contain_text("100")  # matrix 100 and vote score 100: priority 100
    expect(ranked.nth(1)).to_contain_text(PARKS)
    expect(staff.get_by_test_id("group-women")).to_contain_text(LIGHTING)
    expect(staff.get_by_test_id("group-elders")).to_contain_text(PARKS)

    # The staff write the vision, add a goal answering the lighting need and an action led by the partner.
    staff.goto(f"/plans/{plan.pk}/")
    staff.get_by_test_id("plan-vision-edit").click()
    staff.locator("#id_vision_ar").fill(VISION)
    staff.get_by_test_id("save").click()
    expect(staff.get_by_test_id("plan-vision")).to_have_text(VISION)
    staff.get_by_test_id("goal-create").click()
    staff.locator("#id_title_ar").fill(GOAL)
    staff.get_by_test_id("goal-form").get_by_label(LIGHTING).check()
    staff.get_by_test_id("save").click()
    goal = staff.get_by_test_id("goal")
    expect(goal).to_contain_text(GOAL)
    expect(goal).to_contain_text(LIGHTING)
    goal.get_by_test_id("action-create").click()
    staff.locator("#id_title_ar").fill(ACTION)
    staff.locator("#id_lead_organization").select_option(str(world.partner.pk))
    staff.locator("#id_budget").fill("250000")
    staff.locator("#id_funding_source").select_option(index=1)
    staff.locator("#id_start_date").fill("2026-01-01")
    staff.locator("#id_end_date").fill("2026-12-31")
    staff.get_by_test_id("save").click()
    action_box = staff.get_by_test_id("action")
    expect(action_box).to_contain_text(ACTION)
    expect(action_box).to_contain_text(world.partner.name_ar)

    # An indicator with a period and its target, through the results pages, from the action's results section.
    action_box.get_by_test_id("add-result").click()
    staff.locator("#id_level").select_option("output")
    staff.locator("#id_title_ar").fill("شوارع داخلية مضاءة")
    staff.get_by_test_id("save").click()
    action_box = staff.get_by_test_id("action")
    action_box.get_by_role("link", name=re.compile(arabic("Add an indicator"))).click()
    staff.locator("#id_title_ar").fill(INDICATOR)
    staff.locator("#id_measure").select_option("unit")
    staff.locator("#id_unit_ar").fill("شارع")
    staff.get_by_test_id("save").click()
    staff.locator("#id_start").fill("2026-01-01")
    staff.locator("#id_end").fill("2026-12-31")
    staff.locator("#id_target_value").fill("40")
    staff.get_by_test_id("save").click()
    expect(staff.locator("h1")).to_contain_text(INDICATOR)

    # The staff approve the plan from its page: version 1.
    move(staff, plan, PlanStatus.APPROVED)
    expect(staff.get_by_test_id("versions")).to_contain_text("1")
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)) == [1]

    # The partner's editor reports an update of the action's indicator and submits it.
    partner = watch(signed_in_page(world.partner_editor), problems)
    partner.goto(f"/plans/{plan.pk}/")
    partner.get_by_test_id("action").get_by_role("link", name=re.compile(arabic("Report an update"))).click()
    partner.locator("#id_value").fill("10")
    partner.locator("#id_narrative").fill("أضيئت عشرة شوارع في حي الروضة")
    partner.get_by_test_id("update-form").get_by_test_id("submit").click()
    expect(partner.get_by_test_id("status")).to_have_text(arabic(UpdateStatus.PENDING.label))
    update = Update.objects.get()
    assert update.author == world.partner_editor

    # Another person of the authority (four eyes) approves it from the approval queue.
    reviewer = watch(signed_in_page(world.editor), problems)
    reviewer.goto("/results/queue/")
    reviewer.get_by_test_id("queue").locator(f'a[href="/results/update/{update.pk}/"]').click()
    reviewer.locator("#id_comment").fill("معتمد بعد مراجعة الصور")
    reviewer.get_by_test_id("approve").click()
    expect(reviewer.get_by_test_id("status")).to_have_text(arabic(UpdateStatus.APPROVED.label))
    update.refresh_from_db()
    assert update.reviewed_by == world.editor

    # The plan page shows the progress: 10 of 40 streets, 25% for the action, its goal and the plan.
    staff.goto(f"/plans/{plan.pk}/")
    expect(staff.get_by_test_id("action").locator("progress.results-progress")).to_have_attribute("value", "25")
    expect(staff.get_by_test_id("goal-progress-table")).to_contain_text("25")

    # A periodic review at a workshop that opens a revision.
    staff.get_by_test_id("review-create").click()
    staff.locator("#id_kind").select_option("quarterly")
    staff.locator("#id_held_on").fill("2026-04-15")
    staff.locator("#id_findings_ar").fill("تقدم بطيء في الإنارة وحاجة السكان إلى الأمان أوسع من الإنارة وحدها")
    staff.locator("#id_decisions_ar").fill("توسيع الهدف ليشمل أمان الأحياء")
    staff.locator("#id_opens_revision").check()
    staff.get_by_test_id("rating-row").locator("select").select_option("at_risk")
    staff.get_by_test_id("save").click()
    expect(staff).to_have_url(re.compile(r"/plans/reviews/\d+/$"))
    staff.goto(f"/plans/{plan.pk}/")
    expect(staff.get_by_test_id("plan-status")).to_have_text(arabic(PlanStatus.REVISED.label))

    # They change the goal and approve again: version 2.
    staff.get_by_test_id("goal").get_by_role("link", name=arabic("Edit the goal")).click()
    staff.locator("#id_title_ar").fill(GOAL_REVISED)
    staff.get_by_test_id("save").click()
    expect(staff.get_by_test_id("goal")).to_contain_text(GOAL_REVISED)
    move(staff, plan, PlanStatus.APPROVED)
    assert list(PlanVersion.objects.filter(plan=plan).order_by("number").values_list("number", flat=True)) == [1, 2]

    # Version 1 is still readable, with the goal as it was; the differences page shows the change.
    versions = staff.get_by_test_id("versions")
    expect(versions.locator("li")).to_have_count(2)
    versions.locator(f'a[href="/plans/{plan.pk}/versions/1/"]').click()
    expect(staff.get_by_test_id("version-vision")).to_have_text(VISION)
    expect(staff.get_by_test_id("version-goal")).to_contain_text(GOAL)
    expect(staff.get_by_test_id("version-goal")).not_to_contain_text(GOAL_REVISED)
    staff.goto(f"/plans/{plan.pk}/")
    staff.locator("#versions").locator(f'a[href="/plans/{plan.pk}/versions/diff/"]').click()
    expect(staff.get_by_test_id("diff-between")).to_be_visible()
    changed = staff.locator("del", has_text=GOAL)
    expect(changed).to_be_visible()
    expect(staff.locator("ins", has_text=GOAL_REVISED)).to_be_visible()

    assert problems == [], "\n".join(problems)
