"""Supports under real concurrency (PostgreSQL; each caller in its own thread and connection, released together by
reliability.test_concurrency.race): 100 people supporting at once are counted exactly; one person supporting 100
times at once supports once; withdrawals while others support keep the kept count equal to the rows. SQLite
serialises writes, so these run in the PostgreSQL part only."""

from functools import partial

import pytest

from musharaka.core.errors import Conflict
from musharaka.participation import ideas
from musharaka.participation.models import Idea, Support
from musharaka.reliability.test_concurrency import POSTGRES, _people, race

from .ideas_world import *  # noqa: F403

SIMULTANEOUS = 100
ROUNDS = 3

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the races run in the PostgreSQL part"),
]


def _support(person, idea):
    try:
        ideas.idea_support(actor=person, idea=idea)
        return "supported"
    except Conflict as error:
        return error.code


def kept(idea: Idea) -> int:
    idea.refresh_from_db()
    assert idea.support_count == Support.objects.filter(idea=idea).count()
    return idea.support_count


def test_100_people_supporting_at_once_are_counted_exactly(ideas_world):
    idea = ideas_world.idea()
    people = _people(SIMULTANEOUS, "crowd_supporter")
    results = race(*[partial(_support, person, idea) for person in people])
    assert results == ["supported"] * SIMULTANEOUS
    assert kept(idea) == SIMULTANEOUS

    other = ideas_world.idea(title="مكتبة عامة في المركز الاجتماعي")
    takers, movers = people[: SIMULTANEOUS // 2], people[SIMULTANEOUS // 2:]
    results = race(*[partial(ideas.idea_unsupport, actor=person, idea=idea) for person in takers],
                   *[partial(_support, person, other) for person in movers])
    assert results[len(takers):] == ["supported"] * len(movers)
    assert kept(idea) == SIMULTANEOUS - len(takers)
    assert kept(other) == len(movers)


def test_one_person_supporting_100_times_at_once_supports_once(ideas_world):
    idea = ideas_world.idea()
    eager = _people(1, "eager_supporter")[0]
    for _round in range(ROUNDS):
        results = race(*[partial(_support, eager, idea) for _ in range(SIMULTANEOUS)])
        assert set(results) <= {"supported", "already_supported"}
    assert Support.objects.filter(idea=idea, user=eager).count() == 1
    assert kept(idea) == 1
