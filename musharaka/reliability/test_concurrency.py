"""Races on real parallel connections: each client runs in its own thread with its own database
connection, and all of them are released together by a barrier, so their requests overlap in the
server. PostgreSQL only (SQLite serialises every write, so it cannot race); each race is repeated
so that a pass is not luck.

  two editors save the same initiative       exactly one 200; the other 409 stale_version (API) or the
                                             translated conflict message with the form kept (page)
  two coordinators approve and reject        exactly one transition; the other 409 (API) or the
                                             translated conflict message (page); one history row
  REPLICATORS organisations replicate        replication_count exact
"""

import json
import threading
from functools import partial

import pytest
from django.conf import settings
from django.db import connections

from musharaka.initiatives.models import Initiative, Status, Transition
from musharaka.initiatives.tests.payloads import initiative_form_data
from musharaka.orgs.models import Role

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
ROUNDS = 3  # each two-client race, through the API and through the pages
REPLICATORS = 8  # parallel clients replicating one experience
REPLICATION_ROUNDS = 3



def parallel(test):
    """PostgreSQL only; a transactional database, since each thread sees only committed rows (the
    migrations' reference data, such as regions, is restored before the test)."""
    test = pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)
    return pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the races run in the PostgreSQL part")(test)


STALE_PAGE_AR = "عدّل شخص آخر هذه المبادرة أثناء تعديلك لها"
CONFLICT_AR = "عدّل شخص آخر هذا السجل قبلك"


def race(*calls, timeout: float = 60) -> list:
    """Run each call in its own thread, all released at once; their results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=timeout)
            results[index] = call()
        except BaseException as error:
            results[index] = error
        finally:
            connections.close_all()  # this thread's connection; the test database is flushed after

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def api(client, method: str, url: str, payload: dict):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def edit_form(initiative, **changes) -> dict:
    return initiative_form_data(initiative, **changes)


PATHS = [path for path in ("api", "page") for _round in range(ROUNDS)]


@parallel
def test_two_editors_saving_at_once_one_wins(make_initiative, make_member, client_for):
    initiative = make_initiative()
    editors = [initiative.created_by, make_member(initiative.lead_organization, Role.EDITOR)]
    clients = [client_for(editor) for editor in editors]
    for round_number, path in enumerate(PATHS):
        initiative.refresh_from_db()
        read = initiative.version  # both opened the same version
        titles = [f"عنوان المحرر {who} في الجولة {round_number}" for who in (1, 2)]
        if path == "api":
            url = f"/api/v1/initiatives/{initiative.pk}"
            calls = [partial(api, c, "patch", url, {"title_ar": t, "version": read})
                     for c, t in zip(clients, titles, strict=True)]
        else:
            url = f"/initiatives/{initiative.pk}/edit/"
            calls = [partial(c.post, url, edit_form(initiative, title_ar=t)) for c, t in zip(clients, titles, strict=True)]
        responses = race(*calls)
        won = [index for index, response in enumerate(responses) if response.status_code in (200, 302) and
               (path == "api" or response.status_code == 302)]
        assert len(won) == 1, [response.status_code for response in responses]
        loser = responses[1 - won[0]]
        if path == "api":
            assert loser.status_code == 409
            assert loser.json()["code"] == "stale_version"
            assert CONFLICT_AR in loser.json()["detail"]
        else:
            assert loser.status_code == 200  # the form again, the person's changes kept, a clear message
            assert STALE_PAGE_AR in loser.text
            assert titles[1 - won[0]] in loser.text
            assert loser.context["conflict"] is True
        initiative.refresh_from_db()
        assert initiative.version == read + 1
        assert initiative.title_ar == titles[won[0]]  # the winner's save, not a mix, not the loser's


@parallel
def test_approve_and_reject_at_once_one_transition(make_initiative, make_coordinator, region, client_for):
    coordinators = [client_for(make_coordinator(region)), client_for(make_coordinator(region))]
    for path in PATHS:
        initiative = make_initiative(status=Status.SUBMITTED)
        read = initiative.version
        history_before = initiative.history.count()
        reason = "أضيفوا مؤشرات قياس واضحة"
        if path == "api":
            base = f"/api/v1/initiatives/{initiative.pk}"
            responses = race(
                partial(api, coordinators[0], "post", f"{base}/approve", {"version": read}),
                partial(api, coordinators[1], "post", f"{base}/reject", {"version": read, "reason": reason}),
            )
            statuses = sorted(response.status_code for response in responses)
            assert statuses == [200, 409], statuses
            loser = next(response for response in responses if response.status_code == 409)
            assert loser.json()["code"] in ("stale_version", "status_changed")
        else:
            base = f"/initiatives/{initiative.pk}/actions"
            responses = race(
                partial(coordinators[0].post, f"{base}/approve/", {"version": read}, follow=True),
                partial(coordinators[1].post, f"{base}/reject/", {"version": read, "reason": reason}, follow=True),
            )
            assert [response.status_code for response in responses] == [200, 200]
            failed = [response for response in responses if CONFLICT_AR in response.text]
            assert len(failed) == 1
        steps = list(Transition.objects.filter(initiative=initiative).exclude(action="submit").values_list("action", flat=True))
        assert len(steps) == 1, steps
        initiative.refresh_from_db()
        assert initiative.status == {"approve": Status.APPROVED, "reject": Status.DRAFT}[steps[0]]
        assert initiative.version == read + 1
        assert initiative.history.count() == history_before + 1


@parallel
def test_replication_count_is_exact_under_parallel_replications(make_initiative, make_org, make_member, client_for):
    source = make_initiative(status=Status.APPROVED)
    replicators = []
    for _number in range(REPLICATORS):
        organization = make_org()
        replicators.append((client_for(make_member(organization, Role.EDITOR)), organization))
    for round_number in range(1, REPLICATION_ROUNDS + 1):
        url = f"/api/v1/initiatives/{source.pk}/replicate"
        responses = race(*[partial(api, c, "post", url, {"organization_id": o.pk}) for c, o in replicators])
        assert [response.status_code for response in responses] == [201] * REPLICATORS
        source.refresh_from_db()
        assert source.replication_count == REPLICATORS * round_number
        assert Initiative.objects.filter(replicated_from=source).count() == REPLICATORS * round_number


# ---------------------------------------------------------------- the same guarantees one after the other (both databases)


def test_an_action_on_a_page_read_before_someone_else_acted_is_a_conflict(make_initiative, make_coordinator, region,
                                                                          client_for):
    """The second coordinator's page was read before the first one approved: not a 403, a clear conflict."""
    initiative = make_initiative(status=Status.SUBMITTED)
    first, second = client_for(make_coordinator(region)), client_for(make_coordinator(region))
    read = initiative.version
    page = second.get(f"/initiatives/{initiative.pk}/")
    assert f'name="version" value="{read}"' in page.text
    assert first.post(f"/initiatives/{initiative.pk}/actions/approve/", {"version": read}).status_code == 302
    late = second.post(f"/initiatives/{initiative.pk}/actions/reject/", {"version": read, "reason": "ناقصة"}, follow=True)
    assert late.status_code == 200
    assert CONFLICT_AR in late.text
    api_late = api(second, "post", f"/api/v1/initiatives/{initiative.pk}/reject", {"version": read, "reason": "ناقصة"})
    assert api_late.status_code == 409
    assert api_late.json()["code"] == "stale_version"
    assert list(Transition.objects.filter(initiative=initiative).values_list("action", flat=True)) == ["submit", "approve"]


# ---------------------------------------------------------------- event registrations: no over-booking

REGISTRANTS = 200  # released together at the last LAST_SEATS seats (scripts/pg-cluster allows 300 connections)
LAST_SEATS = 10


def _people(count: int, prefix: str) -> list:
    from django.contrib.auth.hashers import make_password

    from musharaka.accounts.models import User

    password = make_password(None)
    User.objects.bulk_create([User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org", password=password)
                              for n in range(count)])
    return list(User.objects.filter(username__startswith=prefix).order_by("pk"))


@parallel
def test_parallel_registrations_at_the_last_seats_never_overbook(make_org, make_member):
    import datetime

    from django.utils import timezone

    from musharaka.events import services as events
    from musharaka.events.models import Event, EventAudience, Registration, RegistrationStatus

    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        assert int(cursor.fetchone()[0]) > REGISTRANTS + 20, "start PostgreSQL with max_connections=300 (scripts/pg-cluster)"
    organization = make_org()
    starts = timezone.now() + datetime.timedelta(days=7)
    event = events.event_create(actor=make_member(organization, Role.EDITOR), organization=organization, data={
        "title_ar": "ملتقى وجائزة عزوة للمشاركة المجتمعية", "region": organization.region, "starts_at": starts,
        "ends_at": starts + datetime.timedelta(days=1), "capacity": 30, "is_published": True})
    for person in _people(30 - LAST_SEATS, "early"):
        events.registration_create(actor=person, event=event, category="public")
    racers = _people(REGISTRANTS, "racer")

    results = race(*[partial(events.registration_create, actor=person, event=event, category="public")
                     for person in racers], timeout=120)

    statuses = [registration.status for registration in results]
    assert statuses.count(RegistrationStatus.CONFIRMED) == LAST_SEATS
    assert statuses.count(RegistrationStatus.WAITING) == REGISTRANTS - LAST_SEATS
    confirmed_ids = sorted(r.pk for r in results if r.status == RegistrationStatus.CONFIRMED)
    waiting_ids = sorted(r.pk for r in results if r.status == RegistrationStatus.WAITING)
    # Rows are written under the event's lock, so the ten seats went to the first ten through the lock.
    assert confirmed_ids[-1] < waiting_ids[0]
    event.refresh_from_db()
    audience = EventAudience.objects.get(event=event, category="public")
    actual_confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    actual_waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).count()
    assert (event.confirmed_count, event.waiting_count) == (actual_confirmed, actual_waiting) == (30, 190)
    assert (audience.confirmed_count, audience.waiting_count) == (30, 190)

    # Twenty cancel at once: the first twenty on the waiting list take their seats, in arrival order.
    leaving = [r for r in results if r.status == RegistrationStatus.CONFIRMED] + \
        list(Registration.objects.filter(event=event, user__username__startswith="early").order_by("pk")[:10])
    race(*[partial(events.registration_cancel, actor=r.user, registration=r) for r in leaving], timeout=120)

    promoted = list(Registration.objects.filter(pk__in=waiting_ids, status=RegistrationStatus.CONFIRMED)
                    .order_by("pk").values_list("pk", flat=True))
    assert promoted == waiting_ids[:20]
    event = Event.objects.get(pk=event.pk)
    assert (event.confirmed_count, event.waiting_count) == (30, 170)
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 30


# ---------------------------------------------------------------- audience questions: one vote per person

VOTERS = 40


@parallel
def test_parallel_votes_count_exactly_and_once_per_person(make_org, make_member):
    import datetime

    from django.utils import timezone

    from musharaka.events import questions
    from musharaka.events import services as events
    from musharaka.events.models import Question, QuestionVote

    organization = make_org()
    editor = make_member(organization, Role.EDITOR)
    starts = timezone.now() + datetime.timedelta(days=7)
    event = events.event_create(actor=editor, organization=organization, data={
        "title_ar": "ملتقى المبادرات التنموية", "region": organization.region, "starts_at": starts,
        "ends_at": starts + datetime.timedelta(days=1), "is_published": True})
    session = events.session_create(actor=editor, event=event, data={
        "kind": "dialogue", "title_ar": "جلسة حوارية عن الشراكات", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1)})
    people = _people(VOTERS + 1, "voter")
    for person in people:
        events.registration_create(actor=person, event=event, category="public")
    asker, voters = people[0], people[1:]
    question = questions.question_ask(actor=asker, session=session, text="كيف نقيس أثر الشراكات؟")
    questions.question_moderate(actor=editor, question=question, action="approve")

    # Many people at once: the exact count.
    results = race(*[partial(questions.question_vote, actor=person, question=question) for person in voters])
    assert not [r for r in results if isinstance(r, BaseException)]
    assert Question.objects.get(pk=question.pk).vote_count == VOTERS == QuestionVote.objects.count()

    # One person many times at once (a double tap, two tabs): one vote.
    second = questions.question_ask(actor=voters[0], session=session, text="هل تنشر نتائج الجلسة؟")
    questions.question_moderate(actor=editor, question=second, action="approve")
    for _round in range(ROUNDS):
        results = race(*[partial(questions.question_vote, actor=asker, question=second) for _ in range(8)])
        assert not [r for r in results if isinstance(r, BaseException)]
    assert Question.objects.get(pk=second.pk).vote_count == 1
    assert QuestionVote.objects.filter(question=second).count() == 1

    # Votes taken back while others vote: the counter stays equal to the rows.
    takers, late = voters[:20], _people(5, "late_voter")
    for person in late:
        events.registration_create(actor=person, event=event, category="public")
    results = race(*[partial(questions.question_unvote, actor=person, question=question) for person in takers],
                   *[partial(questions.question_vote, actor=person, question=question) for person in late])
    assert not [r for r in results if isinstance(r, BaseException)]
    remaining = QuestionVote.objects.filter(question=question).count()
    assert Question.objects.get(pk=question.pk).vote_count == remaining == VOTERS - 20 + 5


# ---------------------------------------------------------------- budgets17: one ballot per person

BALLOT_VOTERS = 60


@parallel
def test_parallel_ballots_one_per_person_and_exact_counts(make_org, make_member):
    """Sixty people cast at once: sixty ballots, exact vote counts. One person casting different ballots from many
    tabs at once: one ballot, the counts equal to its choices. Changes and withdrawals racing new ballots: the kept
    counts equal the rows."""
    import datetime

    from django.utils import timezone

    from musharaka.participation import budgets
    from musharaka.participation.models import Ballot, BallotChoice, Budget, BudgetProject, Phase, Process

    organization = make_org()
    editor = make_member(organization, Role.EDITOR)
    now, day = timezone.now(), datetime.timedelta(days=1)
    process = Process.objects.create(organization=organization, region=organization.region, status="published",
                                     title_ar="ميزانية الحي التشاركية")
    phase = Phase.objects.create(process=process, kind="ideas", starts_at=now - day, ends_at=now + 5 * day)
    budget = budgets.budget_create(actor=editor, process=process, data={"title_ar": "ميزانية حي النخيل",
                                                                         "amount": "1000"})
    projects = []
    for title, cost in (("حديقة", "300"), ("ممشى", "300"), ("مكتبة", "200"), ("ملعب", "200")):
        project = budgets.project_create(actor=editor, budget=budget, data={"title": title, "cost": cost})
        projects.append(budgets.project_feasibility(actor=editor, project=project, feasibility="feasible"))
    phase.kind = "voting"
    phase.save()
    a, b, c, d = (p.pk for p in projects)

    def counts_match() -> None:
        for project in BudgetProject.objects.filter(budget=budget):
            assert project.vote_count == BallotChoice.objects.filter(project=project).count(), project.title
        assert Budget.objects.get(pk=budget.pk).ballot_count == Ballot.objects.filter(budget=budget).count()

    # Different people at once.
    voters = _people(BALLOT_VOTERS, "ballot")
    choices = [[a, c], [b, d], [a, b, c]]
    race(*[partial(budgets.ballot_cast, actor=person, budget=budget, project_ids=choices[n % 3])
           for n, person in enumerate(voters)], timeout=120)
    assert Ballot.objects.filter(budget=budget).count() == BALLOT_VOTERS
    counts_match()
    assert BudgetProject.objects.get(pk=a).vote_count == 40

    # One person, many different ballots at once (first ballot included): one ballot, its choices counted once.
    for _round in range(ROUNDS):
        [person] = _people(1, f"tabs{_round}-")
        race(*[partial(budgets.ballot_cast, actor=person, budget=budget, project_ids=choices[n % 3])
               for n in range(50)], timeout=120)
        assert Ballot.objects.filter(budget=budget, voter=person).count() == 1
        counts_match()

    # Changes, withdrawals and new ballots together.
    late = _people(10, "late_ballot")
    race(*[partial(budgets.ballot_withdraw, actor=person, budget=budget) for person in voters[:20]],
         *[partial(budgets.ballot_cast, actor=person, budget=budget, project_ids=[d]) for person in voters[20:40]],
         *[partial(budgets.ballot_cast, actor=person, budget=budget, project_ids=[b]) for person in late],
         timeout=120)
    counts_match()
    assert Ballot.objects.filter(budget=budget).count() == BALLOT_VOTERS - 20 + ROUNDS + 10
