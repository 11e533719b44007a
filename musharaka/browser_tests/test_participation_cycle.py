"""A participatory process through its phases in the browser, in Arabic (issue #17's Done-when): in the ideas phase a
resident posts an idea and another supports it, the municipality answers it officially; in the consultation phase
the resident answers the survey; in the voting phase two residents vote on the budget; once the vote has ended the
municipality computes the result and publishes it, and the resident reads why each project was funded or not.

Time passes by moving every phase of the process one step back (the phases themselves stay as the organiser set
them: ideas, consultation, voting, implementation)."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from musharaka.orgs.models import Role
from musharaka.participation import budgets, services, surveys
from musharaka.participation.models import Ballot, Feasibility, Idea, IdeaState, Phase, PhaseKind, SurveyResponse

DAY = datetime.timedelta(days=1)
PHASES = (PhaseKind.IDEAS, PhaseKind.CONSULTATION, PhaseKind.VOTING, PhaseKind.IMPLEMENTATION)


def _watch(page, problems: list[str]):
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" or message.text.startswith("Refused to") else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    return page


def _next_phase(process) -> None:
    """A phase's length of time passes: the next phase is the one in force."""
    for phase in Phase.objects.filter(process=process):
        Phase.objects.filter(pk=phase.pk).update(starts_at=phase.starts_at - 2 * DAY, ends_at=phase.ends_at - 2 * DAY)


def test_a_process_runs_through_its_phases(signed_in_page, browser_problems, make_org, make_member, make_user,
                                           region):
    organization = make_org("أمانة منطقة الرياض", name_en="Riyadh Region Municipality")
    editor = make_member(organization, Role.EDITOR, first_name="خالد", last_name="الحربي")
    process = services.process_create(actor=editor, organization=organization, data={
        "title_ar": "حيّنا أجمل: مشاركة سكان حي النخيل", "title_en": "A finer neighbourhood",
        "summary_ar": "أفكار السكان واستبيان الحدائق وميزانية تشاركية", "region_id": region.pk})
    now = timezone.now()
    for step, kind in enumerate(PHASES):
        services.phase_save(actor=editor, process=process, data={
            "kind": kind, "starts_at": now - DAY + 2 * step * DAY, "ends_at": now + DAY + 2 * step * DAY})
    services.process_set_status(actor=editor, process=process, status="published")
    survey = surveys.survey_create(actor=editor, process=process,
                                   data={"title_ar": "استبيان حدائق الحي", "title_en": "Parks survey"})
    surveys.question_save(actor=editor, survey=survey, data={
        "kind": "single", "label_ar": "ما الذي ينقص حديقة الحي؟", "label_en": "What does the park lack?",
        "required": True, "choices": [{"key": "shade", "label_ar": "الظل والأشجار", "label_en": "Shade"},
                                      {"key": "games", "label_ar": "ألعاب الأطفال", "label_en": "Games"}]})
    surveys.survey_set_status(actor=editor, survey=survey, status="open")
    budget = budgets.budget_create(actor=editor, process=process, data={
        "title_ar": "ميزانية حي النخيل", "amount": "100000", "currency": "SAR", "rule": "greedy",
        "ballot_kind": "approval"})
    for title, cost in (("تشجير الممشى", "60000"), ("ملعب للأطفال", "50000"), ("إنارة الحديقة", "30000")):
        project = budgets.project_create(actor=editor, budget=budget, data={"title": title, "cost": cost})
        budgets.project_feasibility(actor=editor, project=project,
                                                      feasibility=Feasibility.FEASIBLE)
    nora, fahd = make_user("nora", first_name="نورة"), make_user("fahd", first_name="فهد")
    problems: list[str] = []

    # Ideas: Nora posts an idea, Fahd supports it.
    mine = _watch(signed_in_page(nora), problems)
    mine.goto(f"/participation/{process.pk}/")
    expect(mine.locator("html")).to_have_attribute("dir", "rtl")
    expect(mine.get_by_test_id("phase-now")).to_contain_text("الأفكار")
    mine.goto(f"/participation/{process.pk}/ideas/new/")
    form = mine.get_by_test_id("idea-form")
    form.locator("#id_title").fill("مظلات وأشجار في حديقة الحي")
    form.locator("#id_description").fill("الحديقة بلا ظل في الصيف، ونقترح مظلات وتشجير الممرات.")
    form.locator("button[type=submit]").click()
    idea = Idea.objects.get(process=process)
    expect(mine).to_have_url(f"{mine.url.split('/participation/')[0]}/participation/ideas/{idea.pk}/")

    theirs = _watch(signed_in_page(fahd), problems)
    theirs.goto(f"/participation/ideas/{idea.pk}/")
    theirs.get_by_test_id("support-button").click()
    expect(theirs.get_by_test_id("support-count")).to_contain_text("1")

    # The municipality answers officially.
    staff = _watch(signed_in_page(editor), problems)
    staff.goto(f"/participation/ideas/{idea.pk}/answer/")
    staff.locator("#id_state").select_option(IdeaState.ACCEPTED)
    staff.locator("#id_text").fill("ستُدرج المظلات في خطة صيانة الحدائق لهذا العام.")
    staff.get_by_test_id("answer-form").locator("button[type=submit]").click()
    expect(staff.get_by_test_id("official-answer")).to_contain_text("ستُدرج المظلات")
    theirs.reload()
    expect(theirs.get_by_test_id("official-answer")).to_contain_text("مقبولة")

    # Consultation: Nora answers the survey.
    _next_phase(process)
    mine.goto(f"/participation/surveys/{survey.pk}/")
    mine.get_by_label("الظل والأشجار").check()
    mine.get_by_test_id("submit-answers").click()
    expect(mine.get_by_test_id("already-answered")).to_be_visible()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1

    # Voting: both vote within the budget.
    _next_phase(process)
    for voter, choices in ((mine, ("تشجير الممشى", "إنارة الحديقة")), (theirs, ("ملعب للأطفال", "إنارة الحديقة"))):
        voter.goto(f"/participation/budgets/{budget.pk}/ballot/")
        for title in choices:
            voter.get_by_label(title).check()
        voter.get_by_test_id("cast").click()
        expect(voter.get_by_test_id("my-ballot")).to_be_visible()
    assert Ballot.objects.filter(budget=budget).count() == 2

    # The vote ends: the municipality computes and publishes; Nora reads why.
    _next_phase(process)
    staff.goto(f"/participation/budgets/{budget.pk}/")
    staff.get_by_test_id("compute").click()
    expect(staff.get_by_test_id("result-table")).to_be_visible()
    staff.get_by_test_id("publish").click()
    mine.goto(f"/participation/budgets/{budget.pk}/result/")
    table = mine.get_by_test_id("result-table")
    # Greedy by votes: the lighting (2 votes, 30,000) first; the playground and the walk have one vote each, the tie
    # goes to the lower cost: the playground (50,000) is funded, and the walk (60,000) no longer fits in the 20,000
    # left.
    def row(title: str):
        return table.locator("tr", has_text=title)

    expect(row("إنارة الحديقة")).to_contain_text("نعم")
    expect(row("ملعب للأطفال")).to_contain_text("نعم")
    expect(row("تشجير الممشى")).to_contain_text("لا")
    assert problems == []
