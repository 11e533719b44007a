# ruff: noqa: F811 — the fixture survey_world is imported from survey_world.py (the app's conftest is shared)
"""The survey pages in Arabic and English: list, builder, status, answering (conditions, errors next to fields,
already answered), results, exports and their files; who gets 404 and 403; query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from musharaka.participation import surveys
from musharaka.participation.models import SurveyAnswer, SurveyExport, SurveyResponse

from .survey_world import survey_world  # noqa: F401

pytestmark = pytest.mark.django_db


def path(name, language="ar", **kwargs):
    with translation.override(language):
        return reverse(f"participation:{name}", kwargs=kwargs)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_answer_page_renders_accessibly(survey_world, client_for, language):
    w = survey_world
    page = client_for(w.resident).get(path("survey_answer", language, survey_id=w.survey.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'lang="{language}"' in html and ('dir="rtl"' in html) == (language == "ar")
    assert "<fieldset" in html and "<legend" in html and f'for="q{w.why.pk}"' in html
    assert f'data-show-if="{w.colour.pk}"' in html
    assert ("ما اللون المفضل؟" if language == "ar" else "Favourite colour?") in html
    assert "survey-answer.js" in html


def test_answering_with_a_condition_then_already_answered(survey_world, client_for):
    w = survey_world
    client = client_for(w.resident)
    url = path("survey_answer", survey_id=w.survey.pk)
    page = client.post(url, {f"q{w.colour.pk}": "red", f"q{w.rating.pk}": "3"})
    assert page.status_code == 422
    assert f'data-testid="error-{w.why.pk}"' in page.content.decode()
    assert "هذا السؤال مطلوب" in page.content.decode() or "required" in page.content.decode()
    page = client.post(url, {f"q{w.colour.pk}": "blue", f"q{w.why.pk}": "dropped", f"q{w.rating.pk}": "3"})
    assert page.status_code == 302
    response = SurveyResponse.objects.get()
    assert list(response.answers.values_list("question_id", flat=True)) == [w.colour.pk, w.rating.pk]
    page = client.get(url)
    assert 'data-testid="already-answered"' in page.content.decode()
    assert 'data-testid="answer-form"' not in page.content.decode()


def test_ranking_and_file_through_the_page(survey_world, client_for):
    w = survey_world
    ranking = surveys.question_save(actor=w.editor, survey=w.survey, data={
        "kind": "ranking", "label_ar": "رتّب", "choices": [{"key": k, "label_ar": k} for k in "abc"]})
    upload = surveys.question_save(actor=w.editor, survey=w.survey, data={"kind": "file", "label_ar": "ملف"})
    client = client_for(w.resident)
    url = path("survey_answer", survey_id=w.survey.pk)
    data = {f"q{w.colour.pk}": "blue", f"q{ranking.pk}_a": "2", f"q{ranking.pk}_b": "2", f"q{ranking.pk}_c": "1"}
    assert client.post(url, data).status_code == 422
    data[f"q{ranking.pk}_b"] = "3"
    data[f"q{upload.pk}"] = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert client.post(url, data).status_code == 302
    assert SurveyAnswer.objects.get(question=ranking).keys == ["c", "a", "b"]
    answer = SurveyAnswer.objects.get(question=upload)
    file_url = path("survey_answer_file", answer_id=answer.pk, filename=answer.file.name.split("/")[-1])
    assert client_for(w.editor).get(file_url).status_code == 200
    assert client.get(file_url).status_code == 404
    assert client_for(w.editor).get(file_url + "x").status_code == 404


def test_list_builder_status_and_who_may(survey_world, client_for, django_assert_max_num_queries):
    w = survey_world
    editor = client_for(w.editor)
    for language in ("ar", "en"):
        assert editor.get(path("survey_list", language, process_id=w.process.pk)).status_code == 200
        assert editor.get(path("survey_edit", language, survey_id=w.survey.pk)).status_code == 200
    page = editor.post(path("survey_new", process_id=w.process.pk), {"title_ar": "استبيان جديد"})
    assert page.status_code == 302
    new = w.process.surveys.get(title_ar="استبيان جديد")
    edit = path("survey_edit", survey_id=new.pk)
    page = editor.post(edit, {"action": "question", "kind": "single", "label_ar": "اختر",
                              "choices": "a | أ | A\nb | ب | B"})
    assert page.status_code == 302, page.content.decode()[:3000]
    question = new.questions.get()
    assert question.choices[1] == {"key": "b", "label_ar": "ب", "label_en": "B"}
    page = editor.post(edit, {"action": "question", "kind": "single", "label_ar": "اختر", "choices": "a | أ"})
    assert page.status_code == 422 and 'data-testid="form-errors"' in page.content.decode()
    editor.post(edit, {"action": "question", "kind": "short_text", "label_ar": "لماذا",
                       "show_if": str(question.pk), "show_if_keys": "a"})
    assert new.questions.count() == 2
    second = new.questions.order_by("position").last()
    assert second.show_if_id == question.pk and second.show_if_keys == ["a"]
    assert editor.post(edit, {"action": "up", "question": str(second.pk)}).status_code == 302  # refused: a message
    assert new.questions.order_by("position").first() == question
    assert editor.post(path("survey_status", survey_id=new.pk), {"status": "open"}).status_code == 302
    new.refresh_from_db()
    assert new.status == "open"
    # Residents: no builder (403), no draft (404).
    resident = client_for(w.resident)
    assert resident.get(edit).status_code == 403
    assert resident.post(path("survey_status", survey_id=new.pk), {"status": "closed"}).status_code == 403
    draft = surveys.survey_create(actor=w.editor, process=w.process, data={"title_ar": "مسودة"})
    assert resident.get(path("survey_answer", survey_id=draft.pk)).status_code == 404
    assert resident.get(path("survey_results", survey_id=w.survey.pk)).status_code == 403
    assert resident.get(path("survey_exports", survey_id=w.survey.pk)).status_code == 403
    with django_assert_max_num_queries(12):
        assert resident.get(path("survey_list", process_id=w.process.pk)).status_code == 200


@pytest.mark.parametrize("language", ["ar", "en"])
def test_results_and_exports_pages(survey_world, client_for, make_user, language, django_capture_on_commit_callbacks,
                                   django_assert_max_num_queries):
    w = survey_world
    for index, colour in enumerate(["red", "blue", "blue"]):
        person = make_user(f"r{index}")
        surveys.response_submit(actor=person, survey=w.survey, answers={
            w.colour.pk: colour, w.why.pk: "بسبب الظل" if colour == "red" else "", w.rating.pk: 2 + index})
    editor = client_for(w.editor)
    with django_assert_max_num_queries(20):
        page = editor.get(path("survey_results", language, survey_id=w.survey.pk))
    html = page.content.decode()
    assert page.status_code == 200 and "survey-chart-" in html and "<table" in html and "بسبب الظل" in html
    assert "chart.umd.min.js" in html and "survey-results.js" in html
    more = editor.get(path("survey_results", language, survey_id=w.survey.pk) + f"?question={w.why.pk}")
    assert more.status_code == 200 and "بسبب الظل" in more.content.decode()
    exports = path("survey_exports", language, survey_id=w.survey.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(exports, {"format": "xlsx"}).status_code == 302
    export = SurveyExport.objects.get()
    assert export.status == "done" and export.row_count == 3
    page = editor.get(exports)
    assert 'aria-live="polite"' in page.content.decode() and f'download-{export.pk}' in page.content.decode()
    fragment = editor.get(exports, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    file_url = path("survey_export_file", language, export_id=export.pk, filename=export.file.name.split("/")[-1])
    download = editor.get(file_url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert client_for(w.resident).get(file_url).status_code == 404


def test_closed_survey_results_are_public(survey_world, client_for):
    w = survey_world
    surveys.survey_set_status(actor=w.editor, survey=w.survey, status="closed")
    assert client_for(None).get(path("survey_results", "en", survey_id=w.survey.pk)).status_code == 200
    page = client_for(w.resident).get(path("survey_answer", survey_id=w.survey.pk))
    assert 'data-testid="cannot-answer"' in page.content.decode()
