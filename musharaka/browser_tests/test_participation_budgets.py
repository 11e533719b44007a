"""A participatory budget in the browser, in Arabic (issue #17's Done-when): a resident votes within the budget (the
live total warns before the server refuses), the editor computes and publishes the result once the vote ended, and
the results page explains why each project was or was not funded."""

from playwright.sync_api import expect

from musharaka.participation.models import Ballot, Budget
from musharaka.participation.tests.budget_helpers import editor_of, make_budget, make_process, set_phase


def _watch(page, problems: list[str]):
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" or message.text.startswith("Refused to") else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    return page


def test_resident_votes_and_the_result_explains(signed_in_page, browser_problems, make_org, make_member, make_user):
    process = make_process(make_org("أمانة منطقة الرياض"))
    editor = editor_of(process, make_member)
    budget, (park, walk, library, playground) = make_budget(process, editor, amount="100", rule="equal_shares",
                                                            projects=[("حديقة الحي", "50"), ("ممشى صحي", "50"),
                                                                      ("مكتبة عامة", "40"), ("ملعب للأطفال", "40")])
    from musharaka.participation import budgets

    for _ in range(5):
        budgets.ballot_cast(actor=make_user(), budget=budget, project_ids=[park.pk, walk.pk])
    for _ in range(3):
        budgets.ballot_cast(actor=make_user(), budget=budget, project_ids=[library.pk, playground.pk])
    problems: list[str] = []

    # The resident chooses; the live total warns when the choice goes over the budget.
    resident = _watch(signed_in_page(make_user("resident")), problems)
    resident.goto(f"/participation/budgets/{budget.pk}/ballot/")
    expect(resident.locator("html")).to_have_attribute("dir", "rtl")
    resident.get_by_label("مكتبة عامة").check()
    resident.get_by_label("ملعب للأطفال").check()
    resident.get_by_label("حديقة الحي").check()
    expect(resident.locator("#ballot-warning")).to_have_text("أكثر من الميزانية: أزل مشروعًا.")
    resident.get_by_label("حديقة الحي").uncheck()
    expect(resident.locator("#ballot-warning")).to_have_text("")
    expect(resident.get_by_test_id("ballot-total")).to_contain_text("80")
    resident.get_by_test_id("cast").click()
    expect(resident.get_by_test_id("my-ballot")).to_be_visible()
    assert Ballot.objects.filter(budget=budget).count() == 9

    # The vote ends; the editor computes and publishes.
    set_phase(process, None)
    staff = _watch(signed_in_page(editor), problems)
    staff.goto(f"/participation/budgets/{budget.pk}/")
    staff.get_by_test_id("compute").click()
    expect(staff.get_by_test_id("result-table")).to_be_visible()
    staff.get_by_test_id("publish").click()
    assert Budget.objects.get(pk=budget.pk).result_published

    # Anyone reads why: 9 voters with 11.11 each; the park is paid by its 5 supporters (10 each), the library by
    # the 4 others (10 each); the walk's supporters have 5.56 left, the playground's 4.44.
    resident.goto(f"/participation/budgets/{budget.pk}/result/")
    table = resident.get_by_test_id("result-table")
    expect(table).to_contain_text("مُوِّل في الجولة 1")
    expect(table).to_contain_text("مُوِّل في الجولة 2")
    expect(table).to_contain_text("لم يُموَّل")
    expect(resident.get_by_test_id("rule-explained")).to_contain_text("طريقة الحصص المتساوية")
    expect(resident.get_by_test_id("pb-link")).to_be_visible()
    assert problems == []
