"""The judge's scoring page in the browser, in Arabic, with the keyboard only: Tab from criterion to criterion, Space
and the arrow keys to choose each score, the autosave saying when it saved (the static script, under the Content
Security Policy), then Enter on "Submit" and the total shown."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.awards import services
from musharaka.awards.models import Cycle, Scoresheet, SheetStatus
from musharaka.orgs.models import Role, Sector

CRITERIA = (("الأثر المجتمعي", 50), ("الاستدامة", 30), ("الابتكار", 20))


@pytest.fixture
def sheet(make_org, make_member, make_user, make_initiative):
    """A cycle in judging with one application and one judge holding its scoresheet."""
    organiser = make_org("إمارة منطقة المدينة المنورة", sector=Sector.AUTHORITY)
    admin = make_member(organiser, Role.ADMIN)
    programme = services.programme_create(actor=admin, organization=organiser, data={
        "name_ar": "جائزة المدينة المنورة للتنمية المحلية"})
    now = timezone.now()
    cycle = services.cycle_create(actor=admin, programme=programme, data={
        "year": 2026, "nominations_open_at": now - datetime.timedelta(days=1),
        "nominations_close_at": now + datetime.timedelta(days=1)})
    category = services.category_create(actor=admin, cycle=cycle, data={
        "name_ar": "أفضل مبادرة تنموية", "judges_per_application": 1})
    for position, (name, weight) in enumerate(CRITERIA):
        services.criterion_create(actor=admin, category=category, data={
            "name_ar": name, "weight": weight, "position": position,
            "levels": {"0": {"ar": "لا يوجد"}, "5": {"ar": "مقبول"}, "10": {"ar": "متميز"}}})
    question = services.question_create(actor=admin, category=category, data={"text_ar": "ما أثر المبادرة في الحي؟"})
    cycle = services.cycle_advance(actor=admin, cycle=cycle)
    society = make_org("جمعية البر بالمدينة")
    editor = make_member(society, Role.EDITOR)
    application = services.application_create(
        actor=editor, category=category, organization=society,
        initiative=make_initiative(society, status="approved", editor=editor, title_ar="مبادرة أنسنة حي قباء"),
        data={}, answers={str(question.pk): "شارك ثلاثمئة من السكان في تصميم الممرات"})
    services.application_submit(actor=editor, application=application)
    user = make_user(first_name="سلمان", last_name="الدوسري")
    judge = services.judge_respond(actor=user, judge=services.judge_invite(actor=admin, cycle=cycle, user=user),
                                   accept=True)
    services.panel_add(actor=admin, round=category.rounds.get(number=1), judge=judge)
    # Nominations close (as if time passed), the application is found eligible, judging starts and assigns.
    Cycle.objects.filter(pk=cycle.pk).update(nominations_close_at=now - datetime.timedelta(seconds=1))
    cycle.refresh_from_db()
    cycle = services.cycle_advance(actor=admin, cycle=cycle)
    services.application_check_eligibility(actor=admin, application=application, eligible=True)
    services.cycle_advance(actor=admin, cycle=cycle)
    return Scoresheet.objects.select_related("judge__user").get(application=application)


def _watch(page) -> list[str]:
    """Console errors, uncaught errors and CSP violations of a page (as the browser_problems fixture does)."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" or message.text.startswith("Refused to") else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Refused to ' + e.violatedDirective + ': ' + (e.blockedURI || 'inline')));")
    return problems


def _tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _choose(page, steps: int) -> None:
    """On the focused radio group: Space checks the first level (0), each ArrowDown the next one."""
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def test_a_judge_scores_with_the_keyboard_autosaves_and_submits(signed_in_page, sheet):
    page = signed_in_page(sheet.judge.user)
    problems = _watch(page)
    criteria = list(sheet.round.category.criteria.order_by("position"))

    page.goto("/awards/judging/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _tab_to(page, "[data-testid=judge-queue] a")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("sheet-title")).to_have_text("مبادرة أنسنة حي قباء")
    expect(page.get_by_test_id("autosave-status")).to_have_text("")

    _tab_to(page, f"#score_{criteria[0].pk}_0")
    _choose(page, 7)
    page.keyboard.press("Tab")  # a radio group is one stop: on to its comment
    page.keyboard.type("أثر واضح في الحي")
    page.keyboard.press("Tab")
    _choose(page, 8)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    _choose(page, 9)

    expect(page.get_by_test_id("autosave-status")).to_contain_text("حُفظ الساعة", timeout=10_000)
    saved = Scoresheet.objects.get(pk=sheet.pk)
    assert saved.status == SheetStatus.DRAFT
    assert dict(saved.scores.values_list("criterion_id", "value")) == {
        criteria[0].pk: 7, criteria[1].pk: 8, criteria[2].pk: 9}
    assert saved.scores.get(criterion=criteria[0]).comment == "أثر واضح في الحي"

    _tab_to(page, "[data-testid=submit-sheet]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("sheet-total")).to_contain_text("77.00")  # (50×7 + 30×8 + 20×9) / 10
    assert Scoresheet.objects.get(pk=sheet.pk).total == Decimal("77.00")
    assert problems == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_judging_pages_have_no_serious_accessibility_violation(signed_in_page, sheet, language):
    """axe-core (as in test_accessibility.py) on the judge's queue and sheet and the organiser's three pages."""
    from musharaka.browser_tests.test_accessibility import AXE, _violations

    prefix = "" if language == "ar" else "/en"
    organiser = sheet.judge.cycle.programme.created_by
    found: list[str] = []
    for user, paths in ((sheet.judge.user, ["/awards/judging/", f"/awards/judging/sheets/{sheet.pk}/"]),
                        (organiser, [f"/awards/cycles/{sheet.judge.cycle_id}/panels/",
                                     f"/awards/cycles/{sheet.judge.cycle_id}/progress/",
                                     f"/awards/rounds/{sheet.round_id}/ranking/"])):
        # bypass_csp: the strict policy would refuse the injected script (the pages themselves are unchanged).
        page = signed_in_page(user, bypass_csp=True)
        page.context.add_init_script(path=str(AXE))
        for path in paths:
            found += _violations(page, prefix + path)
    assert found == [], "\n".join(found)
