"""The review workflow under real concurrency (PostgreSQL; each caller in its own thread and connection, released
together by reliability.test_concurrency.race), through the API: 20 simultaneous publish and return attempts on one
analysis under review leave exactly one winner (the others 409, or 403 for the one who sent it); 20 simultaneous
revisions of a published analysis make one new draft. SQLite serialises writes, so these run in the PostgreSQL part
only."""

import json
from functools import partial

import pytest
from django.test import Client

from musharaka.accounts.services import api_token_create
from musharaka.impact.models import Analysis, AnalysisStatus, Comment, Reviewer
from musharaka.reliability.test_concurrency import POSTGRES, _people, race

SIMULTANEOUS = 20

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the races run in the PostgreSQL part"),
]


def _call(key: str, path: str, body: dict | None = None) -> int:
    client = Client(headers={"Authorization": f"Bearer {key}"})
    return client.post(f"/api/v1/impact{path}", json.dumps(body or {}), content_type="application/json").status_code


def test_simultaneous_publish_and_return_attempts_leave_one_winner(impact_world):
    world = impact_world()
    analysis = world.reviewed()
    reviewers = _people(SIMULTANEOUS, "impact_race_reviewer")
    Reviewer.objects.bulk_create([Reviewer(user=person) for person in reviewers])
    keys = [api_token_create(user=person, name="race")[1] for person in reviewers]
    calls = [partial(_call, key, f"/analyses/{analysis.pk}/publish") if index % 2 else
             partial(_call, key, f"/analyses/{analysis.pk}/return", {"comment": "راجعوا الأرقام"})
             for index, key in enumerate(keys)]
    results = race(*calls)
    assert results.count(200) == 1, results
    assert set(results) <= {200, 404, 409}, results  # 404: a reviewer who reads it no longer (returned to draft)
    analysis.refresh_from_db()
    won = results.index(200)
    if won % 2:
        assert analysis.status == AnalysisStatus.PUBLISHED and analysis.published_by_id == reviewers[won].pk
        assert not Comment.objects.filter(analysis=analysis).exists()
    else:
        assert analysis.status == AnalysisStatus.DRAFT
        assert Comment.objects.filter(analysis=analysis).count() == 1


def test_simultaneous_revisions_make_one_new_draft(impact_world):
    world = impact_world()
    published = world.published()
    keys = [api_token_create(user=person, name="race")[1] for person in (world.editor, world.admin)]
    results = race(*[partial(_call, keys[index % 2], f"/analyses/{published.pk}/revise")
                     for index in range(SIMULTANEOUS)])
    assert results.count(201) == 1, results
    assert set(results) <= {201, 409}, results
    drafts = Analysis.objects.filter(series=published.series, status=AnalysisStatus.DRAFT)
    assert [(draft.version, draft.ratio) for draft in drafts] == [(2, published.ratio)]
