"""The surveys' tests' world (imported by each test_surveys_*.py: the app's conftest is shared by five parts)."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from musharaka.orgs.models import Role
from musharaka.participation import services, surveys
from musharaka.participation.models import Phase, PhaseKind, Process, ProcessStatus


@dataclass
class SurveyWorld:
    organization: Any
    editor: Any
    resident: Any
    other: Any
    process: Any
    survey: Any
    colour: Any  # single: red / blue / green
    why: Any  # long_text, required, shown only if colour is red
    rating: Any  # scale 1..5


CHOICES = [{"key": "red", "label_ar": "أحمر", "label_en": "Red"},
           {"key": "blue", "label_ar": "أزرق", "label_en": "Blue"},
           {"key": "green", "label_ar": "أخضر", "label_en": "Green"}]


def make_process(organization, region, *, kind=PhaseKind.CONSULTATION, status=ProcessStatus.PUBLISHED) -> Process:
    process = Process.objects.create(organization=organization, region=region, title_ar="تطوير حي النخيل",
                                     title_en="Improving Al-Nakheel", status=status)
    now = timezone.now()
    Phase.objects.create(process=process, kind=kind, starts_at=now - datetime.timedelta(days=1),
                         ends_at=now + datetime.timedelta(days=10))
    return process


@pytest.fixture
def survey_world(make_org, make_member, make_user, region) -> SurveyWorld:
    """A published process in its consultation phase with an open signed survey of three questions."""
    organization = make_org("أمانة المنطقة", name_en="The Municipality")
    editor = make_member(organization, Role.EDITOR, first_name="خالد", last_name="الحربي")
    resident = make_user("resident", first_name="نورة", last_name="القحطاني")
    other = make_user("other-resident")
    process = make_process(organization, region)
    survey = surveys.survey_create(actor=editor, process=process,
                                   data={"title_ar": "استبيان الحدائق", "title_en": "Parks survey"})
    colour = surveys.question_save(actor=editor, survey=survey, data={
        "kind": "single", "label_ar": "ما اللون المفضل؟", "label_en": "Favourite colour?", "required": True,
        "choices": CHOICES})
    why = surveys.question_save(actor=editor, survey=survey, data={
        "kind": "long_text", "label_ar": "لماذا الأحمر؟", "label_en": "Why red?", "required": True,
        "show_if": colour.pk, "show_if_keys": ["red"]})
    rating = surveys.question_save(actor=editor, survey=survey, data={
        "kind": "scale", "label_ar": "قيّم الحدائق", "label_en": "Rate the parks", "minimum": 1, "maximum": 5})
    survey = surveys.survey_set_status(actor=editor, survey=survey, status="open")
    assert services  # the shared services are there
    return SurveyWorld(organization, editor, resident, other, process, survey, colour, why, rating)
