# ruff: noqa: F811 — the fixture survey_world is imported from the surveys' tests (the app's conftest is shared)
"""A survey in the browser, in Arabic (issue #17): a resident answers a survey whose conditional question appears
only after the choice that asks for it, then the process's editor reads the results (a chart and its table)."""

from playwright.sync_api import expect

from musharaka.participation.models import SurveyAnswer, SurveyResponse
from musharaka.participation.tests.survey_world import survey_world  # noqa: F401 - the surveys' fixture


def _watch(page, problems: list[str]):
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" or message.text.startswith("Refused to") else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    return page


def test_resident_answers_with_a_conditional_question_and_the_editor_sees_results(
        signed_in_page, survey_world, browser_problems):
    w = survey_world
    problems: list[str] = []
    mine = _watch(signed_in_page(w.resident), problems)
    mine.goto(f"/participation/surveys/{w.survey.pk}/")
    expect(mine.locator("html")).to_have_attribute("dir", "rtl")
    why = mine.locator(f'[data-question="{w.why.pk}"]')
    expect(why).to_be_hidden()  # shown only when the answer is "red"
    mine.get_by_label("أزرق", exact=True).check()
    expect(why).to_be_hidden()
    mine.get_by_label("أحمر", exact=True).check()
    expect(why).to_be_visible()
    mine.locator(f"#q{w.why.pk}").fill("لأن الأحمر يبعث على النشاط")
    mine.locator(f'label[for="q{w.rating.pk}_4"]').click()
    mine.get_by_test_id("submit-answers").click()
    expect(mine.get_by_test_id("already-answered")).to_be_visible()
    response = SurveyResponse.objects.get(survey=w.survey)
    assert SurveyAnswer.objects.get(response=response, question=w.why).text == "لأن الأحمر يبعث على النشاط"

    staff = _watch(signed_in_page(w.editor), problems)
    staff.goto(f"/participation/surveys/{w.survey.pk}/results/")
    expect(staff.get_by_test_id("response-count")).to_contain_text("1")
    first = staff.get_by_test_id("result-1")
    expect(first.locator("canvas")).to_be_visible()
    expect(first.locator("table")).to_contain_text("أحمر")
    expect(staff.get_by_test_id("result-2")).to_contain_text("لأن الأحمر يبعث على النشاط")
    assert problems == []
