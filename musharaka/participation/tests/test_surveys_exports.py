# ruff: noqa: F811 — the fixture survey_world is imported from survey_world.py (the app's conftest is shared)
"""Exports of a survey's answers: the file's content (CSV and XLSX), anonymity, failure, and bounded memory."""

import csv
import io
import tracemalloc

import pytest
from openpyxl import load_workbook

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.participation import survey_exports, surveys
from musharaka.participation.models import ExportStatus, SurveyAnswer, SurveyExport, SurveyResponse

from .survey_world import survey_world  # noqa: F401

pytestmark = pytest.mark.django_db


def bulk_responses(world, count: int) -> None:
    """`count` responses with an answer to each question, bulk inserted (as the bench does)."""
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=world.survey, respondent_key=f"k{index}") for index in range(count))
    answers = []
    for index, response in enumerate(responses):
        colour = ("red", "blue", "green")[index % 3]
        answers.append(SurveyAnswer(response=response, question=world.colour, keys=[colour]))
        if colour == "red":
            answers.append(SurveyAnswer(response=response, question=world.why, text=f"سبب رقم {index} " * 3))
        answers.append(SurveyAnswer(response=response, question=world.rating, number=1 + index % 5))
    SurveyAnswer.objects.bulk_create(answers, batch_size=2000)


@pytest.fixture
def start_export(django_capture_on_commit_callbacks):
    def start(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return survey_exports.export_request(**kwargs)
    return start


def read(export: SurveyExport) -> list[list]:
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    with export.file.open("rb") as handle:
        data = handle.read()
    if export.format == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    width = len(table[0])
    return [row + [None] * (width - len(row)) for row in table]  # a write-only sheet keeps no trailing empty cell


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_export_content(survey_world, start_export, format):
    w = survey_world
    surveys.response_submit(actor=w.resident, survey=w.survey,
                            answers={w.colour.pk: "red", w.why.pk: "=HYPERLINK(\"x\")", w.rating.pk: 4})
    surveys.response_submit(actor=w.other, survey=w.survey, answers={w.colour.pk: "blue"})
    export = start_export(actor=w.editor, survey=w.survey, format=format)
    table = read(export)
    assert len(table) == 3
    head = table[0]
    assert head[-3:] == ["ما اللون المفضل؟", "لماذا الأحمر؟", "قيّم الحدائق"]
    assert len(head) == 7  # response, submitted, group, respondent + 3 questions
    first, second = table[1], table[2]
    assert first[-3] == "أحمر" and first[-2] == "'=HYPERLINK(\"x\")"
    assert str(first[-1]) == "4"
    assert second[-3] == "أزرق" and second[-2] in ("", None)
    assert "نورة" in str(first[3]), table
    export.refresh_from_db()
    assert export.row_count == 2 and export.finished_at and export.file.name.endswith(format)


def test_anonymous_export_has_no_respondent_column(survey_world, start_export):
    w = survey_world
    w.survey.anonymous = True
    w.survey.save()
    surveys.response_submit(actor=w.resident, survey=w.survey, answers={w.colour.pk: "green"})
    assert SurveyResponse.objects.get().respondent is None
    table = read(start_export(actor=w.editor, survey=w.survey, format="csv"))
    assert len(table[0]) == 6 and "نورة" not in str(table)


def test_export_rules(survey_world):
    w = survey_world
    with pytest.raises(NotPermitted):
        survey_exports.export_request(actor=w.resident, survey=w.survey, format="csv")
    with pytest.raises(InvalidInput):
        survey_exports.export_request(actor=w.editor, survey=w.survey, format="pdf")
    SurveyExport.objects.bulk_create(SurveyExport(survey=w.survey, requested_by=w.editor, format="csv")
                                     for _ in range(3))
    with pytest.raises(Conflict):
        survey_exports.export_request(actor=w.editor, survey=w.survey, format="csv")


def test_failure_is_recorded(survey_world, start_export, monkeypatch):
    w = survey_world

    def broken(export):
        raise OSError("disk full")

    monkeypatch.setattr(survey_exports, "write_export", broken)
    export = start_export(actor=w.editor, survey=w.survey, format="xlsx")
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and "disk full" in export.error and not export.file


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_export_memory_is_bounded(survey_world, format):
    """3,000 responses in chunks of 500: the Python heap's peak stays far below what holding every row would need
    (measured: all 3,000 rows with their answers as model instances take several MB)."""
    w = survey_world
    bulk_responses(w, 3000)
    export = SurveyExport.objects.create(survey=w.survey, requested_by=w.editor, format=format)
    questions = list(w.survey.questions.all())
    tracemalloc.start()
    try:
        everything = [list(response.answers.all()) for response in
                      SurveyResponse.objects.filter(survey=w.survey).prefetch_related("answers")]
        _, loading_all = tracemalloc.get_traced_memory()
        del everything
        tracemalloc.reset_peak()
        start, _ = tracemalloc.get_traced_memory()
        original = survey_exports.CHUNK
        survey_exports.CHUNK = 500
        try:
            count = survey_exports.write_export(export)
        finally:
            survey_exports.CHUNK = original
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert peak - start < loading_all / 3, (peak - start, loading_all)
    assert len(questions) == 3
