# ruff: noqa: F811 — the fixture survey_world is imported from survey_world.py (the app's conftest is shared)
"""Results computed in the database (and over chunks of keys), on both databases; cached until the next response."""

from decimal import Decimal

import pytest

from musharaka.participation import surveys
from musharaka.participation import surveys_selectors as selectors
from musharaka.participation.models import Survey

from .survey_world import survey_world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_results(survey_world, make_user, django_assert_max_num_queries):
    w = survey_world
    ranking = surveys.question_save(actor=w.editor, survey=w.survey, data={
        "kind": "ranking", "label_ar": "رتّب", "choices": [{"key": k, "label_ar": k} for k in "abc"]})
    number = surveys.question_save(actor=w.editor, survey=w.survey, data={"kind": "number", "label_ar": "كم؟"})
    day = surveys.question_save(actor=w.editor, survey=w.survey, data={"kind": "date", "label_ar": "متى؟"})
    people = [w.resident, w.other] + [make_user(f"p{i}") for i in range(3)]
    answers = [
        ("red", "لأن", 5, ["a", "b", "c"], "10", "2026-01-05"),
        ("red", "جميل", 4, ["a", "c", "b"], "20", "2026-03-01"),
        ("blue", None, 4, ["b", "a", "c"], "30", None),
        ("green", None, 1, ["c", "b", "a"], "40", None),
        ("blue", None, None, None, None, None),
    ]
    for person, (colour, why, rating, ranked, count, date) in zip(people, answers, strict=True):
        given = {w.colour.pk: colour, w.why.pk: why, w.rating.pk: rating, ranking.pk: ranked, number.pk: count,
                 day.pk: date}
        surveys.response_submit(actor=person, survey=w.survey, answers={k: v for k, v in given.items() if v})
    survey = Survey.objects.get(pk=w.survey.pk)
    questions = list(survey.questions.all())
    with django_assert_max_num_queries(12):
        results = selectors.survey_results(survey, questions)
    assert results[w.colour.pk] == {"answered": 5, "counts": {"red": 2, "blue": 2, "green": 1}}
    assert results[w.why.pk]["answered"] == 2
    rating = results[w.rating.pk]
    assert rating["count"] == 4 and rating["mean"] == Decimal("3.5") and rating["median"] == Decimal("4")
    assert rating["minimum"] == 1 and rating["maximum"] == 5
    assert rating["distribution"] == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    # Borda: 2 points for a first place, 1 for a second.
    assert results[ranking.pk]["points"] == {"a": 2 + 2 + 1 + 0, "b": 1 + 0 + 2 + 1, "c": 0 + 1 + 0 + 2}
    assert results[ranking.pk]["firsts"] == {"a": 2, "b": 1, "c": 1}
    assert results[number.pk]["median"] == Decimal("25") and results[number.pk]["mean"] == Decimal("25")
    assert str(results[day.pk]["earliest"]) == "2026-01-05" and str(results[day.pk]["latest"]) == "2026-03-01"
    with django_assert_max_num_queries(0):  # cached until the next response
        assert selectors.survey_results(survey, questions) == results
    # A choice added after the answers shows at once (the cache's key follows the questions' shape).
    surveys.question_save(actor=w.editor, survey=survey, question=w.colour, data={
        "choices": [*w.colour.choices, {"key": "white", "label_ar": "أبيض"}]})
    questions = list(survey.questions.all())
    assert selectors.survey_results(survey, questions)[w.colour.pk]["counts"]["white"] == 0
    assert selectors.latest_texts([w.why])[w.why.pk] == ["جميل", "لأن"]


def test_process_panel_and_lists(survey_world, django_assert_max_num_queries):
    w = survey_world
    draft = surveys.survey_create(actor=w.editor, process=w.process, data={"title_ar": "مسودة"})
    surveys.response_submit(actor=w.resident, survey=w.survey, answers={w.colour.pk: "blue"})
    panel = selectors.process_panel(w.process, w.resident)["surveys_panel"]
    assert panel["surveys"] == [w.survey] and panel["answered"] == {w.survey.pk} and not panel["can_manage"]
    editor_panel = selectors.process_panel(w.process, w.editor)["surveys_panel"]
    assert draft in editor_panel["surveys"] and editor_panel["can_manage"]
    assert list(selectors.process_surveys(w.process, w.resident)) == [w.survey]
    with django_assert_max_num_queries(3):
        survey = selectors.survey_with_questions(w.survey.pk)
        assert len(survey.questions.all()) == 3 and survey.process.phase_at() is not None
