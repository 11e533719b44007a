# ruff: noqa: F811 — the fixture survey_world is imported from survey_world.py (the app's conftest is shared)
"""The surveys' services: the builder's rules, conditional questions, each kind's validation with hostile values,
anonymity, one response per person, the phase and block rules, status transitions."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.participation import surveys
from musharaka.participation.models import (
    Activity,
    Block,
    PhaseKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from musharaka.participation.rules import forget_blocks

from .survey_world import CHOICES, make_process, survey_world  # noqa: F401

pytestmark = pytest.mark.django_db


def submit(w, answers, actor=None, **kwargs):
    return surveys.response_submit(actor=actor or w.resident, survey=w.survey, answers=answers, **kwargs)


def add(w, **data):
    return surveys.question_save(actor=w.editor, survey=w.survey, data=data)


# ---------------------------------------------------------------- answering and conditions


def test_a_signed_answer_keeps_its_respondent_and_counts(survey_world):
    w = survey_world
    response = submit(w, {w.colour.pk: "red", w.why.pk: "لأنه جميل", w.rating.pk: "4"})
    assert response.respondent == w.resident
    assert response.respondent_key == surveys.respondent_key(w.survey, w.resident) and len(response.respondent_key) == 64
    assert SurveyAnswer.objects.filter(response=response).count() == 3
    assert Survey.objects.get(pk=w.survey.pk).response_count == 1


def test_hidden_required_question_is_not_required_and_its_answer_is_dropped(survey_world):
    w = survey_world
    response = submit(w, {w.colour.pk: "blue", w.why.pk: "this answer is to a hidden question"})
    assert list(response.answers.values_list("question_id", flat=True)) == [w.colour.pk]


def test_shown_required_question_is_required(survey_world):
    w = survey_world
    with pytest.raises(surveys.AnswersInvalid) as caught:
        submit(w, {w.colour.pk: "red"})
    assert set(caught.value.errors) == {w.why.pk}
    with pytest.raises(surveys.AnswersInvalid) as caught:
        submit(w, {})
    assert set(caught.value.errors) == {w.colour.pk}
    assert not SurveyResponse.objects.exists()


def test_a_condition_on_a_hidden_question_hides_too(survey_world):
    w = survey_world
    nested = add(w, kind="single", label_ar="سؤال", choices=[{"key": "a", "label_ar": "أ"}, {"key": "b", "label_ar": "ب"}],
                 show_if=w.colour.pk, show_if_keys=["red"])
    deeper = add(w, kind="short_text", label_ar="أعمق", required=True, show_if=nested.pk, show_if_keys=["a"])
    shown = surveys.shown_questions(list(w.survey.questions.all()), {w.colour.pk: "blue", nested.pk: "a"})
    assert nested not in shown and deeper not in shown


def test_anonymous_survey_keeps_no_respondent(survey_world):
    w = survey_world
    surveys.survey_update(actor=w.editor, survey=w.survey, data={"anonymous": True})
    response = submit(w, {w.colour.pk: "green"})
    assert response.respondent is None and response.respondent_key == surveys.respondent_key(w.survey, w.resident)
    with pytest.raises(Conflict):
        submit(w, {w.colour.pk: "green"})
    with pytest.raises(Conflict):  # anonymity stays once there are answers
        surveys.survey_update(actor=w.editor, survey=w.survey, data={"anonymous": False})


def test_one_response_per_person(survey_world):
    w = survey_world
    submit(w, {w.colour.pk: "blue"})
    with pytest.raises(Conflict) as caught:
        submit(w, {w.colour.pk: "green"})
    assert caught.value.code == "already_answered"
    submit(w, {w.colour.pk: "green"}, actor=w.other)
    assert Survey.objects.get(pk=w.survey.pk).response_count == 2


def test_the_unique_constraint_stops_a_second_response_even_past_the_check(survey_world, monkeypatch):
    w = survey_world
    submit(w, {w.colour.pk: "blue"})
    monkeypatch.setattr(SurveyResponse.objects, "filter", lambda **kw: SurveyResponse.objects.none())
    with pytest.raises(Conflict):
        submit(w, {w.colour.pk: "green"})
    assert Survey.objects.get(pk=w.survey.pk).response_count == 1


@pytest.mark.parametrize("value", [
    "purple", ["red", "blue"], 3, None, {"key": "red"}, ["red", "red"]])
def test_single_choice_refuses_unknown_keys(survey_world, value):
    w = survey_world
    with pytest.raises(InvalidInput):
        submit(w, {w.colour.pk: value})


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e400", "6", "0", "2.5", True, "abc", [1]])
def test_scale_refuses_hostile_numbers(survey_world, value):
    w = survey_world
    with pytest.raises(surveys.AnswersInvalid):
        submit(w, {w.colour.pk: "blue", w.rating.pk: value})


@pytest.mark.parametrize("value", ["NaN", "-inf", "1e13", "99999999999999999999", "101", "-1", "x"])
def test_number_refuses_hostile_values(survey_world, value):
    w = survey_world
    number = add(w, kind="number", label_ar="كم؟", minimum="0", maximum="100")
    with pytest.raises(surveys.AnswersInvalid):
        submit(w, {w.colour.pk: "blue", number.pk: value})
    submit(w, {w.colour.pk: "blue", number.pk: "42.12345"})
    assert str(SurveyAnswer.objects.get(question=number).number) == "42.1235"


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "0001-01-01", "99999-01-01", 20260101, "2026-13-01"])
def test_date_refuses_bad_dates(survey_world, value):
    w = survey_world
    day = add(w, kind="date", label_ar="متى؟")
    with pytest.raises(surveys.AnswersInvalid):
        submit(w, {w.colour.pk: "blue", day.pk: value})


@pytest.mark.parametrize("value", [["a", "a", "b"], ["a", "b"], ["a", "b", "z"], "a", [1, 2, 3]])
def test_ranking_refuses_duplicates_unknown_and_partial(survey_world, value):
    w = survey_world
    ranking = add(w, kind="ranking", label_ar="رتّب", choices=[{"key": k, "label_ar": k} for k in "abc"])
    with pytest.raises(surveys.AnswersInvalid):
        submit(w, {w.colour.pk: "blue", ranking.pk: value})
    submit(w, {w.colour.pk: "blue", ranking.pk: ["c", "a", "b"]})
    assert SurveyAnswer.objects.get(question=ranking).keys == ["c", "a", "b"]


def test_multiple_keeps_the_question_order_and_refuses_duplicates(survey_world):
    w = survey_world
    many = add(w, kind="multiple", label_ar="اختر", choices=CHOICES)
    with pytest.raises(surveys.AnswersInvalid):
        submit(w, {w.colour.pk: "blue", many.pk: ["green", "green"]})
    submit(w, {w.colour.pk: "blue", many.pk: ["green", "red"]})
    assert SurveyAnswer.objects.get(question=many).keys == ["red", "green"]


@pytest.mark.parametrize("value", ["\u0000control", "x" * 501])
def test_short_text_refuses_control_characters_and_overlong(survey_world, value):
    w = survey_world
    short = add(w, kind="short_text", label_ar="اسم الحي")
    with pytest.raises(surveys.AnswersInvalid):
        submit(w, {w.colour.pk: "blue", short.pk: value})


def test_unknown_question_ids_are_refused(survey_world):
    w = survey_world
    with pytest.raises(InvalidInput):
        submit(w, {w.colour.pk: "blue", 999999: "x"})
    with pytest.raises(InvalidInput):
        submit(w, {"not-a-number": "x"})


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_files_are_checked_by_content_and_stored_privately(survey_world):
    w = survey_world
    upload_question = add(w, kind="file", label_ar="أرفق ملفًا")
    for bad in (SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
                SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 100, "application/octet-stream")):
        with pytest.raises(surveys.AnswersInvalid):
            submit(w, {w.colour.pk: "blue"}, files={upload_question.pk: bad})
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (surveys.ANSWER_FILE_MAX_BYTES + 1), "application/pdf")
    with pytest.raises(surveys.AnswersInvalid):
        submit(w, {w.colour.pk: "blue"}, files={upload_question.pk: big})
    submit(w, {w.colour.pk: "blue"}, files={upload_question.pk: SimpleUploadedFile("ok.pdf", PDF, "application/pdf")})
    answer = SurveyAnswer.objects.get(question=upload_question)
    assert answer.file.name.startswith("participation/surveys/")
    assert answer.file.storage.__class__.__name__ == "PrivateFileStorage"
    assert io.BytesIO(answer.file.read()).read().startswith(b"%PDF")


# ---------------------------------------------------------------- permissions and phases


def test_only_in_the_consultation_phase_of_a_published_process(survey_world, region):
    w = survey_world
    ideas = make_process(w.organization, region, kind=PhaseKind.IDEAS)
    survey = Survey.objects.create(process=ideas, title_ar="خارج المرحلة", status="open")
    question = surveys.question_save(actor=w.editor, survey=survey, data={"kind": "short_text", "label_ar": "س"})
    with pytest.raises(NotPermitted):
        surveys.response_submit(actor=w.resident, survey=survey, answers={question.pk: "x"})
    w.process.phases.update(ends_at=timezone.now() - datetime.timedelta(minutes=1),
                            starts_at=timezone.now() - datetime.timedelta(days=2))
    w.survey.process.refresh_from_db()
    survey = Survey.objects.get(pk=w.survey.pk)
    with pytest.raises(NotPermitted):
        surveys.response_submit(actor=w.resident, survey=survey, answers={w.colour.pk: "blue"})


def test_blocked_people_and_closed_surveys_cannot_answer(survey_world):
    w = survey_world
    Block.objects.create(process=w.process, user=w.resident, reason="إساءة", blocked_by=w.editor)
    forget_blocks(w.resident)
    with pytest.raises(NotPermitted):
        submit(w, {w.colour.pk: "blue"})
    stale = Survey.objects.get(pk=w.survey.pk)
    surveys.survey_set_status(actor=w.editor, survey=w.survey, status="closed")
    with pytest.raises(Conflict):  # read open, closed before the answer was written
        surveys.response_submit(actor=w.other, survey=stale, answers={w.colour.pk: "blue"})
    w.survey.refresh_from_db()
    with pytest.raises(NotPermitted):
        submit(w, {w.colour.pk: "blue"}, actor=w.other)


def test_residents_cannot_build(survey_world):
    w = survey_world
    with pytest.raises(NotPermitted):
        surveys.survey_create(actor=w.resident, process=w.process, data={"title_ar": "س"})
    with pytest.raises(NotPermitted):
        surveys.question_save(actor=w.resident, survey=w.survey, data={"kind": "short_text", "label_ar": "س"})
    with pytest.raises(NotPermitted):
        surveys.survey_set_status(actor=w.resident, survey=w.survey, status="closed")


# ---------------------------------------------------------------- status and builder rules


def test_status_transitions_and_activity(survey_world):
    w = survey_world
    assert Activity.objects.filter(kind="survey_opened", process=w.process).count() == 1
    empty = surveys.survey_create(actor=w.editor, process=w.process, data={"title_ar": "فارغ"})
    with pytest.raises(Conflict) as caught:
        surveys.survey_set_status(actor=w.editor, survey=empty, status="open")
    assert caught.value.code == "no_questions"
    with pytest.raises(Conflict):
        surveys.survey_set_status(actor=w.editor, survey=empty, status="closed")
    surveys.survey_set_status(actor=w.editor, survey=w.survey, status="closed")
    with pytest.raises(Conflict):
        surveys.survey_set_status(actor=w.editor, survey=w.survey, status="draft")
    with pytest.raises(InvalidInput):
        surveys.survey_set_status(actor=w.editor, survey=w.survey, status="bogus")
    assert surveys.survey_set_status(actor=w.editor, survey=w.survey, status="open").status == "open"


@pytest.mark.parametrize("choices", [
    [{"key": "a", "label_ar": "أ"}],  # one
    [{"key": "a", "label_ar": "أ"}, {"key": "a", "label_ar": "ب"}],  # duplicate keys
    [{"key": f"k{i}", "label_ar": "ب"} for i in range(31)],  # too many
    [{"key": "", "label_ar": "أ"}, {"key": "b", "label_ar": "ب"}],  # empty key
    [{"key": "a", "label_ar": ""}, {"key": "b", "label_ar": "ب"}],  # no label
    "a,b", [1, 2],
])
def test_choices_are_checked(survey_world, choices):
    w = survey_world
    with pytest.raises(InvalidInput):
        add(w, kind="single", label_ar="س", choices=choices)


@pytest.mark.parametrize("bounds", [{"minimum": 1, "maximum": 11}, {"minimum": 3, "maximum": 3},
                                    {"minimum": 5, "maximum": 1}, {"minimum": "1.5", "maximum": 5},
                                    {"minimum": "NaN", "maximum": 5}])
def test_scale_bounds(survey_world, bounds):
    w = survey_world
    with pytest.raises(InvalidInput):
        add(w, kind="scale", label_ar="س", **bounds)


def test_conditions_must_name_an_earlier_choice_question_and_its_keys(survey_world):
    w = survey_world
    with pytest.raises(InvalidInput):  # not a choice question
        add(w, kind="short_text", label_ar="س", show_if=w.why.pk, show_if_keys=["x"])
    with pytest.raises(InvalidInput):  # unknown key
        add(w, kind="short_text", label_ar="س", show_if=w.colour.pk, show_if_keys=["purple"])
    with pytest.raises(InvalidInput):  # no key
        add(w, kind="short_text", label_ar="س", show_if=w.colour.pk, show_if_keys=[])
    with pytest.raises(InvalidInput):  # itself / later: the colour question cannot depend on a later one
        later = add(w, kind="single", label_ar="لاحق", choices=CHOICES)
        surveys.question_save(actor=w.editor, survey=w.survey, question=w.colour,
                              data={"show_if": later.pk, "show_if_keys": ["red"]})
    other = surveys.survey_create(actor=w.editor, process=w.process, data={"title_ar": "آخر"})
    with pytest.raises(InvalidInput):  # another survey's question
        surveys.question_save(actor=w.editor, survey=other, data={"kind": "short_text", "label_ar": "س",
                                                                  "show_if": w.colour.pk, "show_if_keys": ["red"]})


def test_reorder_keeps_dependants_after_their_question(survey_world):
    w = survey_world
    with pytest.raises(Conflict) as refusal:
        surveys.question_reorder(actor=w.editor, survey=w.survey, question_ids=[w.why.pk, w.colour.pk, w.rating.pk])
    assert refusal.value.code == "condition_order"
    with pytest.raises(Conflict) as refusal:
        surveys.question_reorder(actor=w.editor, survey=w.survey, question_ids=[w.colour.pk, w.why.pk])
    assert refusal.value.code == "not_the_questions"
    with pytest.raises(InvalidInput):
        surveys.question_reorder(actor=w.editor, survey=w.survey,
                                 question_ids=[w.rating.pk, w.rating.pk, w.colour.pk, w.why.pk])
    ordered = surveys.question_reorder(actor=w.editor, survey=w.survey,
                                       question_ids=[w.rating.pk, w.colour.pk, w.why.pk])
    assert [q.pk for q in ordered] == [w.rating.pk, w.colour.pk, w.why.pk]
    surveys.question_move(actor=w.editor, question=w.rating, step=1)
    assert list(w.survey.questions.values_list("pk", flat=True)) == [w.colour.pk, w.rating.pk, w.why.pk]


def test_answered_questions_keep_kind_and_keys_but_labels_may_change(survey_world):
    w = survey_world
    submit(w, {w.colour.pk: "blue"})
    with pytest.raises(Conflict):
        surveys.question_save(actor=w.editor, survey=w.survey, question=w.colour, data={"kind": "multiple"})
    with pytest.raises(Conflict):
        surveys.question_save(actor=w.editor, survey=w.survey, question=w.colour, data={"choices": CHOICES[:2]})
    with pytest.raises(Conflict):
        surveys.question_delete(actor=w.editor, question=w.colour)
    changed = [{**choice, "label_ar": choice["label_ar"] + " فاتح"} for choice in CHOICES]
    changed.append({"key": "white", "label_ar": "أبيض"})
    question = surveys.question_save(actor=w.editor, survey=w.survey, question=w.colour,
                                     data={"label_ar": "ما لونك؟", "choices": changed})
    assert question.label_ar == "ما لونك؟" and len(question.choices) == 4


def test_a_question_others_depend_on_keeps_their_keys(survey_world):
    w = survey_world
    with pytest.raises(Conflict):
        surveys.question_delete(actor=w.editor, question=w.colour)
    with pytest.raises(Conflict):
        surveys.question_save(actor=w.editor, survey=w.survey, question=w.colour, data={"choices": CHOICES[1:]})
    surveys.question_delete(actor=w.editor, question=w.why)
    surveys.question_delete(actor=w.editor, question=w.colour)
    assert list(w.survey.questions.values_list("pk", flat=True)) == [w.rating.pk]
