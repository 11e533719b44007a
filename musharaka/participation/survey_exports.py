"""A survey's answers as CSV or XLSX, written by the background worker (`manage.py db_worker`) row by row.

Memory stays bounded whatever the number of responses: the responses are read with `.iterator(chunk_size=…)`,
and for each chunk its answers are fetched by one query over the chunk's range of ids; each row is written at once
(`csv.writer` into a temporary file, openpyxl's write-only workbook), so that only one chunk lives at a time. One row
per response, one column per question; choice keys are written as their Arabic labels (Arabic is the survey's
language: the English labels are optional); an anonymous survey's file has no respondent column.

The file takes its name on the private storage only once complete; a failure marks the export FAILED with its
reason and leaves no file.
"""

import csv
import datetime
import logging
import os
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from itertools import batched
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.permissions import require
from musharaka.core.tasks import enqueue_with_transaction

from .models import (
    CHOICE_KINDS,
    ExportFormat,
    ExportStatus,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyExport,
    SurveyQuestion,
    SurveyResponse,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

logger = logging.getLogger(__name__)

CHUNK = 2000
MAX_UNFINISHED = 3  # exports of one survey waiting or running at once
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ERROR_MAX_LENGTH = 500


def export_request(*, actor: "User", survey: Survey, format: str) -> SurveyExport:
    """Queue an export of the survey's answers (its editors). The task exists exactly when the export row does."""
    require(actor, "participation.export_survey", survey)
    if format not in ExportFormat.values:
        raise InvalidInput(_("Choose CSV or XLSX."), field="format")
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        unfinished = survey.exports.filter(status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]).count()
        if unfinished >= MAX_UNFINISHED:
            raise Conflict(_("%(count)d exports of this survey are being prepared. Wait for one to finish.")
                           % {"count": unfinished}, code="too_many_exports")
        export = SurveyExport.objects.create(survey=survey, requested_by=actor, format=format)
        enqueue_with_transaction(build_survey_export, export_id=export.pk)
    return export


# ---------------------------------------------------------------- the rows


def _safe(value: str) -> str:
    """Text a spreadsheet would not run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _labels(question: SurveyQuestion) -> dict[str, str]:
    return {choice["key"]: choice.get("label_ar") or choice["key"] for choice in question.choices}


def header(survey: Survey, questions: list[SurveyQuestion]) -> list[str]:
    columns = [_("Response"), _("Submitted at"), _("Participant group")]
    if not survey.anonymous:
        columns.append(_("Respondent"))
    return columns + [_safe(question.label_ar) for question in questions]


def _cell(question: SurveyQuestion, labels: dict[str, str], answer: tuple) -> Any:
    _response_id, _question_id, text, number, date, keys, file = answer
    if question.kind in CHOICE_KINDS:
        names = [labels.get(key, key) for key in keys or []]
        if question.kind == QuestionKind.RANKING:
            return _safe(" ؛ ".join(f"{place}. {name}" for place, name in enumerate(names, 1)))
        return _safe(" ؛ ".join(names))
    if question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
        return number.normalize() if isinstance(number, Decimal) else number
    if question.kind == QuestionKind.DATE:
        return date
    if question.kind == QuestionKind.FILE:
        return os.path.basename(file or "")
    return _safe(text or "")


def rows(survey: Survey, questions: list[SurveyQuestion], chunk: int | None = None) -> Iterator[list[Any]]:
    """One list of cells per response, in the order of the header; one chunk of responses in memory at a time."""
    from musharaka.plans.models import ParticipantGroup

    chunk = chunk or CHUNK
    groups = dict(ParticipantGroup.choices)
    columns = {question.pk: index for index, question in enumerate(questions)}
    by_id = {question.pk: question for question in questions}
    labels = {question.pk: _labels(question) for question in questions}
    fields = ["pk", "submitted_at", "group"]
    if not survey.anonymous:
        fields += ["respondent__username", "respondent__first_name", "respondent__last_name"]
    responses = (SurveyResponse.objects.filter(survey=survey).order_by("pk").values_list(*fields)
                 .iterator(chunk_size=chunk))
    for batch in batched(responses, chunk):
        cells: dict[int, list[Any]] = {row[0]: [None] * len(questions) for row in batch}
        answers = (SurveyAnswer.objects.filter(response__survey=survey, response_id__gte=batch[0][0],
                                               response_id__lte=batch[-1][0])
                   .values_list("response_id", "question_id", "text", "number", "date", "keys", "file"))
        for answer in answers:
            row_cells = cells.get(answer[0])
            if row_cells is not None and answer[1] in columns:
                row_cells[columns[answer[1]]] = _cell(by_id[answer[1]], labels[answer[1]], answer)
        for row in batch:
            submitted = timezone.localtime(row[1]).replace(tzinfo=None, microsecond=0)
            start: list[Any] = [row[0], submitted, str(groups.get(row[2], row[2]))]
            if not survey.anonymous:
                name = " ".join(part for part in (row[4], row[5]) if part) or row[3] or ""
                start.append(_safe(name))
            yield start + cells.pop(row[0])


def _text_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def write_csv(survey: Survey, questions: list[SurveyQuestion], handle) -> int:
    writer = csv.writer(handle)
    writer.writerow(header(survey, questions))
    count = 0
    for row in rows(survey, questions):
        writer.writerow([_text_cell(value) for value in row])
        count += 1
    return count


def write_xlsx(survey: Survey, questions: list[SurveyQuestion], path: str) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Answers")[:31])
    sheet.sheet_view.rightToLeft = True
    sheet.append(header(survey, questions))
    count = 0
    for row in rows(survey, questions):
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


def write_export(export: SurveyExport) -> int:
    """Write the export's file (the worker's work): row_count on success."""
    survey = export.survey
    questions = list(survey.questions.order_by("position", "pk"))
    storage = SurveyExport._meta.get_field("file").storage
    suffix = f".{export.format}"
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as temporary:
        path = temporary.name
    try:
        if export.format == ExportFormat.CSV:
            with open(path, "w", newline="", encoding="utf-8-sig") as handle:
                count = write_csv(survey, questions, handle)
        else:
            count = write_xlsx(survey, questions, path)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        name = f"participation/exports/survey-{survey.pk}-{export.pk}-{stamp}{suffix}"
        with open(path, "rb") as handle:
            export.file.name = storage.save(name, File(handle))
    finally:
        os.remove(path)
    return count


@task()
def build_survey_export(*, export_id: int) -> None:
    """PENDING → RUNNING → DONE (or FAILED with the reason)."""
    with transaction.atomic():
        export = (SurveyExport.objects.select_for_update().select_related("survey")
                  .filter(pk=export_id, status=ExportStatus.PENDING).first())
        if export is None:
            logger.warning("Survey export %s is not waiting (taken, finished or removed): left alone", export_id)
            return
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    try:
        count = write_export(export)
    except Exception as error:
        logger.exception("Survey export %s failed", export_id)
        SurveyExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH],
            finished_at=timezone.now())
        return
    SurveyExport.objects.filter(pk=export_id).update(status=ExportStatus.DONE, file=export.file.name,
                                                     row_count=count, finished_at=timezone.now())
