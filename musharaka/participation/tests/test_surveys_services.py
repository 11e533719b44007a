# ruff: noqa: F811 — the fixture survey_world is imported from survey_world.py (the app's conftest is shared)
import pytest

from musharaka.participation import surveys
from musharaka.participation.models import SurveyAnswer, SurveyResponse

from .survey_world import survey_world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_smoke(survey_world):
    w = survey_world
    response = surveys.response_submit(actor=w.resident, survey=w.survey,
                                       answers={w.colour.pk: "red", w.why.pk: "لأنه جميل", w.rating.pk: "4"})
    assert SurveyResponse.objects.get().respondent == w.resident
    assert SurveyAnswer.objects.filter(response=response).count() == 3
