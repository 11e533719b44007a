"""Votes for needs under real concurrency (PostgreSQL; each caller in its own thread and connection, released
together by reliability.test_concurrency.race): one person voting 200 times at once leaves one vote; 200 people
voting at once are counted exactly, per participant group, and the kept counts (the need's, the plan's) equal the
ones recomputed from the votes; votes taken back while others vote keep them equal; through the API, one person's
parallel calls answer one 201 and 409s. SQLite serialises writes, so these run in the PostgreSQL part only."""

import json
from functools import partial

import pytest
from django.db.models import Count
from django.test import Client

from musharaka.core.errors import Conflict
from musharaka.plans import services
from musharaka.plans.models import Need, NeedVote, ParticipantGroup, Plan
from musharaka.reliability.test_concurrency import POSTGRES, _people, race

SIMULTANEOUS = 200  # scripts/pg-cluster allows 300 connections
API_CLIENTS = 8
ROUNDS = 3
GROUPS = [group.value for group in ParticipantGroup]

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the races run in the PostgreSQL part"),
]


def kept_equals_recomputed(need: Need) -> dict[str, int]:
    """The need's kept counts against a count of its vote rows (and the plan's against all its votes)."""
    need.refresh_from_db()
    rows = dict(NeedVote.objects.filter(need=need).values("group").annotate(n=Count("pk")).values_list("group", "n"))
    assert need.vote_count == sum(rows.values())
    for group in GROUPS:
        assert need.votes_of(group) == rows.get(group, 0), group
    plan = Plan.objects.get(pk=need.plan_id)
    assert plan.vote_count == NeedVote.objects.filter(need__plan=plan).count()
    return rows


def _vote(person, need, group):
    try:
        services.need_vote(actor=person, need=need, group=group)
        return "voted"
    except Conflict as error:
        return error.code


def test_one_person_voting_200_times_at_once_votes_once(make_plan):
    world = make_plan(status="consultation")
    need = world.need()
    voter = _people(1, "eager_voter")[0]
    for _round in range(ROUNDS):
        results = race(*[partial(_vote, voter, need, "youth") for _ in range(SIMULTANEOUS)])
        assert set(results) <= {"voted", "already_voted"}
    assert NeedVote.objects.filter(need=need, voter=voter).count() == 1
    assert kept_equals_recomputed(need) == {"youth": 1}


def test_200_people_voting_at_once_are_counted_exactly(make_plan):
    world = make_plan(status="consultation")
    need, other = world.need(), world.need(title="نقص الحدائق العامة في الحي")
    people = _people(SIMULTANEOUS, "crowd_voter")
    groups = {person.pk: GROUPS[index % len(GROUPS)] for index, person in enumerate(people)}
    results = race(*[partial(_vote, person, need, groups[person.pk]) for person in people])
    assert results == ["voted"] * SIMULTANEOUS
    rows = kept_equals_recomputed(need)
    assert rows == {group: SIMULTANEOUS // len(GROUPS) for group in GROUPS}

    # Half take their vote back while the other half vote for another need: every kept count stays right.
    takers, movers = people[: SIMULTANEOUS // 2], people[SIMULTANEOUS // 2:]
    results = race(*[partial(services.need_unvote, actor=person, need=need) for person in takers],
                   *[partial(_vote, person, other, groups[person.pk]) for person in movers])
    assert results[len(takers):] == ["voted"] * len(movers)
    assert sum(kept_equals_recomputed(need).values()) == SIMULTANEOUS - len(takers)
    assert sum(kept_equals_recomputed(other).values()) == len(movers)


def test_parallel_api_votes_of_one_person_answer_one_201(make_plan):
    world = make_plan(status="consultation")
    need = world.need()
    voter = _people(1, "api_voter")[0]
    clients = []
    for _ in range(API_CLIENTS):
        client = Client()
        client.force_login(voter)
        clients.append(client)
    url = f"/api/v1/plans/needs/{need.pk}/vote"
    answers = race(*[partial(client.post, url, json.dumps({"group": "women"}), content_type="application/json")
                     for client in clients])
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [409] * (API_CLIENTS - 1)
    assert {answer.json()["code"] for answer in answers if answer.status_code == 409} == {"already_voted"}
    assert kept_equals_recomputed(need) == {"women": 1}
