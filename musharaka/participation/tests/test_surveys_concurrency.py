# ruff: noqa: F811 — the fixture survey_world is imported from survey_world.py (the app's conftest is shared)
"""One response per person under concurrent submissions (PostgreSQL: SQLite serialises every write, so it cannot
race). 50 threads, each with its own connection, released together by a barrier, submit the same person's answers:
exactly one response is kept, the others are refused with a Conflict, and the kept count is exact."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from musharaka.core.errors import Conflict
from musharaka.participation import surveys
from musharaka.participation.models import Survey, SurveyAnswer, SurveyResponse

from .survey_world import survey_world  # noqa: F401

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
THREADS = 50

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the race runs on PostgreSQL")]


def race(calls, timeout: float = 120) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=timeout)
            results[index] = call()
        except BaseException as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a submission hung"
    return results


@pytest.mark.parametrize("anonymous", [False, True])
def test_fifty_simultaneous_submissions_by_one_person_keep_one(survey_world, anonymous):
    w = survey_world
    if anonymous:
        Survey.objects.filter(pk=w.survey.pk).update(anonymous=True)

    def submit():
        survey = Survey.objects.select_related("process__organization").get(pk=w.survey.pk)
        return surveys.response_submit(actor=w.resident, survey=survey,
                                       answers={w.colour.pk: "red", w.why.pk: "الظل", w.rating.pk: 5})

    results = race([submit] * THREADS)
    kept = [result for result in results if isinstance(result, SurveyResponse)]
    refused = [result for result in results if isinstance(result, Conflict)]
    unexpected = [result for result in results if not isinstance(result, SurveyResponse | Conflict)]
    assert not unexpected, unexpected[:3]
    assert len(kept) == 1 and len(refused) == THREADS - 1
    assert SurveyResponse.objects.filter(survey=w.survey).count() == 1
    assert SurveyAnswer.objects.filter(response__survey=w.survey).count() == 3
    assert Survey.objects.get(pk=w.survey.pk).response_count == 1
    assert (SurveyResponse.objects.get().respondent_id is None) == anonymous
