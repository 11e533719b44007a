"""Races on PostgreSQL (each client in its own thread and connection, released together): one scoresheet
submitted by many requests at once is submitted once, with one score per criterion and the round's kept counts
right; one person voting many times at once votes once. SQLite serialises writes, so these run in the PostgreSQL
part of the suite only (as reliability/test_concurrency's); under CI=true that part fails when PostgreSQL is
missing, so they never go unrun."""

import json
from functools import partial

import pytest
from django.test import Client

from musharaka.awards import services
from musharaka.awards.models import Application, Round, Score, Scoresheet, SheetStatus, Vote
from musharaka.reliability.test_concurrency import POSTGRES, race

CLIENTS = 8
ROUNDS = 3

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Skipped before any database is set up.
    pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the races run in the PostgreSQL part"),
]


def _submit(client: Client, sheet_id: int, body: dict):
    return client.post(f"/api/v1/awards/sheets/{sheet_id}/submit", json.dumps(body),
                       content_type="application/json")


def test_parallel_submissions_of_one_sheet_leave_one_submitted_sheet(make_cycle):
    world = make_cycle(judges_per_application=2)
    for _ in range(ROUNDS):
        world.apply()
    world.invite_judges(2)
    world.start_judging()
    first = world.category.rounds.get(number=1)
    sheets = list(Scoresheet.objects.filter(round=first).select_related("judge__user").order_by("pk"))[:ROUNDS]
    for sheet in sheets:
        body = {"scores": [{"criterion_id": criterion.pk, "value": value, "comment": "متميز"}
                           for criterion, value in zip(world.criteria, [9, 7, 5], strict=True)],
                "overall_comment": "مبادرة ذات أثر"}
        clients = []
        for _ in range(CLIENTS):
            client = Client()
            client.force_login(sheet.judge.user)
            clients.append(client)
        answers = race(*[partial(_submit, client, sheet.pk, body) for client in clients])
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200] + [409] * (CLIENTS - 1), [answer.content[:200] for answer in answers]
        assert {answer.json()["code"] for answer in answers if answer.status_code == 409} == {"already_submitted"}
        sheet.refresh_from_db()
        assert sheet.status == SheetStatus.SUBMITTED
        assert Score.objects.filter(sheet=sheet).count() == len(world.criteria)
    first = Round.objects.get(pk=first.pk)
    assert first.submitted_count == ROUNDS == Scoresheet.objects.filter(
        round=first, status=SheetStatus.SUBMITTED).count()
    assert first.sheet_count == Scoresheet.objects.filter(round=first).count() == ROUNDS * 2
    entries = {entry.application_id: entry for entry in first.entries.all()}
    for sheet in sheets:
        # 50×9 + 30×7 + 20×5 = 760 → 76, whatever else the entry's other judge has done
        assert entries[sheet.application_id].judges_submitted >= 1
        assert Scoresheet.objects.get(pk=sheet.pk).total == 76


def test_parallel_votes_of_one_person_count_once(make_cycle, make_user):
    world = make_cycle(people_choice=True)
    applications = [world.apply(), world.apply()]
    world.close_nominations()
    for application in applications:
        services.application_check_eligibility(actor=world.organiser_admin, application=application, eligible=True)
    services.cycle_set_people_choice(actor=world.organiser_admin, cycle=world.cycle, is_open=True)
    voter = make_user()
    clients = []
    for _ in range(CLIENTS):
        client = Client()
        client.force_login(voter)
        clients.append(client)
    for _round in range(ROUNDS):
        answers = race(*[partial(client.post, f"/api/v1/awards/applications/{applications[0].pk}/vote")
                         for client in clients])
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses.count(201) <= 1
        assert set(statuses) <= {201, 409}
    assert Vote.objects.filter(user=voter).count() == 1
    assert Application.objects.get(pk=applications[0].pk).vote_count == 1
    # Many people at once: the exact count.
    people = [make_user() for _ in range(CLIENTS)]
    racers = []
    for person in people:
        client = Client()
        client.force_login(person)
        racers.append(client)
    answers = race(*[partial(client.post, f"/api/v1/awards/applications/{applications[1].pk}/vote")
                     for client in racers])
    assert [answer.status_code for answer in answers] == [201] * CLIENTS
    assert Application.objects.get(pk=applications[1].pk).vote_count == CLIENTS == Vote.objects.filter(
        application=applications[1]).count()
