"""Reads of the surveys: a process's surveys, a survey with its questions, whether someone has answered, the results
(per question aggregates computed in the database or over chunks of keys, cached until the next response), the text
answers page by page, the exports, and the panel of the process page.
"""

import hashlib
import statistics
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Avg, Count, Max, Min, Q, QuerySet

from musharaka.core.permissions import can

from .models import (
    CHOICE_KINDS,
    Process,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyExport,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from .surveys import respondent_key

RESULTS_CACHE_SECONDS = 24 * 60 * 60
TEXT_PAGE_SIZE = 20
KEYS_CHUNK = 2000
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
NUMBER_KINDS = (QuestionKind.NUMBER, QuestionKind.SCALE)


def process_surveys(process: Process, user) -> QuerySet[Survey]:
    """The surveys of a process: its editors see drafts too, everyone else the open and closed ones."""
    surveys = Survey.objects.filter(process=process).order_by("-pk")
    if not can(user, "participation.change_process", process):
        surveys = surveys.exclude(status=SurveyStatus.DRAFT)
    return surveys


def survey_with_questions(survey_id: int) -> Survey | None:
    """A survey with its process (and the process's phases, for the rules) and its questions in order."""
    from django.db.models import Prefetch

    return (Survey.objects.select_related("process__organization")
            .prefetch_related("process__phases",
                              Prefetch("questions", queryset=SurveyQuestion.objects.order_by("position", "pk")))
            .filter(pk=survey_id).first())


def can_see_survey(user, survey: Survey) -> bool:
    """Editors see every survey of their process; others an open or closed survey of a published process."""
    if can(user, "participation.change_process", survey):
        return True
    return survey.status != SurveyStatus.DRAFT and can(user, "participation.view_process", survey.process)


def has_answered(survey: Survey, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return SurveyResponse.objects.filter(survey=survey, respondent_key=respondent_key(survey, user)).exists()


def survey_exports(survey: Survey) -> QuerySet[SurveyExport]:
    return SurveyExport.objects.filter(survey=survey).select_related("requested_by").order_by("-pk")


# ---------------------------------------------------------------- results


def _median(question: SurveyQuestion, count: int) -> Decimal | None:
    if not count:
        return None
    ordered = SurveyAnswer.objects.filter(question=question, number__isnull=False).order_by("number")
    middle = (count - 1) // 2
    values = [value for value in ordered.values_list("number", flat=True)[middle:middle + (2 if count % 2 == 0 else 1)]
              if value is not None]
    return statistics.mean(values) if values else None


def compute_results(survey: Survey, questions: list[SurveyQuestion]) -> dict[int, dict[str, Any]]:
    """{question id: its aggregate}: answered (how many answered it), and by kind — choices: counts per key;
    ranking: Borda points (n − 1 for a first place … 0 for the last) and first places; number and scale: count,
    mean, minimum, maximum, median (a scale also its distribution over its points); date: earliest and latest."""
    results: dict[int, dict[str, Any]] = {}
    answered = dict(SurveyAnswer.objects.filter(question__survey=survey).values("question_id")
                    .annotate(n=Count("pk")).values_list("question_id", "n"))
    for question in questions:
        results[question.pk] = {"answered": answered.get(question.pk, 0)}
    # Choice keys live in a JSON list: counted in Python over chunks of the keys alone (the same on both databases).
    choice_ids = [question.pk for question in questions if question.kind in CHOICE_KINDS]
    counts: dict[int, Counter] = defaultdict(Counter)
    borda: dict[int, Counter] = defaultdict(Counter)
    firsts: dict[int, Counter] = defaultdict(Counter)
    kinds = {question.pk: question.kind for question in questions}
    sizes = {question.pk: len(question.choices) for question in questions}
    if choice_ids:
        rows = (SurveyAnswer.objects.filter(question_id__in=choice_ids).values_list("question_id", "keys")
                .iterator(chunk_size=KEYS_CHUNK))
        for question_id, keys in rows:
            keys = keys or []
            if kinds[question_id] == QuestionKind.RANKING:
                for place, key in enumerate(keys):
                    borda[question_id][key] += sizes[question_id] - 1 - place
                if keys:
                    firsts[question_id][keys[0]] += 1
            else:
                counts[question_id].update(keys)
    number_ids = [question.pk for question in questions if question.kind in NUMBER_KINDS]
    figures = {row["question_id"]: row for row in
               SurveyAnswer.objects.filter(question_id__in=number_ids, number__isnull=False).values("question_id")
               .annotate(count=Count("pk"), mean=Avg("number"), low=Min("number"), high=Max("number"))}
    scale_ids = [question.pk for question in questions if question.kind == QuestionKind.SCALE]
    distribution: dict[int, dict[Decimal, int]] = defaultdict(dict)
    for question_id, number, n in (SurveyAnswer.objects.filter(question_id__in=scale_ids, number__isnull=False)
                                   .values("question_id", "number").annotate(n=Count("pk"))
                                   .values_list("question_id", "number", "n")):
        distribution[question_id][Decimal(number or 0).normalize()] = n
    date_ids = [question.pk for question in questions if question.kind == QuestionKind.DATE]
    dates = {row["question_id"]: row for row in
             SurveyAnswer.objects.filter(question_id__in=date_ids, date__isnull=False).values("question_id")
             .annotate(low=Min("date"), high=Max("date"))}
    for question in questions:
        result = results[question.pk]
        if question.kind in CHOICE_KINDS:
            keys = [choice["key"] for choice in question.choices]
            if question.kind == QuestionKind.RANKING:
                result["points"] = {key: borda[question.pk][key] for key in keys}
                result["firsts"] = {key: firsts[question.pk][key] for key in keys}
            else:
                result["counts"] = {key: counts[question.pk][key] for key in keys}
        elif question.kind in NUMBER_KINDS:
            row: dict = dict(figures.get(question.pk, {}))
            count = row.get("count", 0)
            result.update(count=count, mean=_round(row.get("mean")), minimum=_round(row.get("low")),
                          maximum=_round(row.get("high")), median=_round(_median(question, count)))
            if question.kind == QuestionKind.SCALE and question.minimum is not None and question.maximum is not None:
                points = range(int(question.minimum), int(question.maximum) + 1)
                result["distribution"] = {point: distribution[question.pk].get(Decimal(point), 0)
                                          for point in points}
        elif question.kind == QuestionKind.DATE:
            day: dict = dict(dates.get(question.pk, {}))
            result.update(earliest=day.get("low"), latest=day.get("high"))
    return results


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01")).normalize()


def survey_results(survey: Survey, questions: list[SurveyQuestion]) -> dict[int, dict[str, Any]]:
    """The results, cached until the next response or a change of the questions: the key names the count of
    responses (kept on write) and a digest of what the aggregates depend on (each question's kind, choice keys and
    bounds), so that a question added, retyped or given a choice after answers shows at once."""
    shape = repr([(q.pk, q.kind, [choice.get("key") for choice in q.choices], str(q.minimum), str(q.maximum))
                  for q in questions])
    digest = hashlib.blake2b(shape.encode(), digest_size=8).hexdigest()
    key = f"participation:survey-results:{survey.pk}:{survey.response_count}:{digest}"
    results = cache.get(key)
    if results is None:
        results = compute_results(survey, questions)
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def text_answers(question: SurveyQuestion) -> QuerySet[SurveyAnswer]:
    """A text question's answers, latest first (paginated by the caller, TEXT_PAGE_SIZE a page)."""
    return SurveyAnswer.objects.filter(question=question).exclude(text="").order_by("-response_id").only(
        "pk", "text", "response_id", "question_id")


def latest_texts(questions: list[SurveyQuestion]) -> dict[int, list[str]]:
    """The latest TEXT_PAGE_SIZE answers of each text question."""
    return {question.pk: list(text_answers(question).values_list("text", flat=True)[:TEXT_PAGE_SIZE])
            for question in questions if question.kind in TEXT_KINDS}


# ---------------------------------------------------------------- the process page's panel


def process_panel(process: Process, user) -> dict:
    """Open surveys of the process with a link to answer (and whether the person has); editors: a link to manage."""
    editor = can(user, "participation.change_process", process)
    surveys = list(Survey.objects.filter(process=process).filter(
        Q(status=SurveyStatus.OPEN) | Q(status=SurveyStatus.CLOSED) if not editor else Q())
        .order_by("-pk")[:10])
    answered: set[int] = set()
    if getattr(user, "is_authenticated", False) and surveys:
        keys = {respondent_key(survey, user): survey.pk for survey in surveys}
        answered = {keys[key] for key in SurveyResponse.objects.filter(
            survey__in=surveys, respondent_key__in=list(keys)).values_list("respondent_key", flat=True)}
    return {"surveys_panel": {"surveys": surveys, "answered": answered, "can_manage": editor, "process": process}}
