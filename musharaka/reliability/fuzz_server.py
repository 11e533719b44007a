"""A throwaway Musharaka server for the API fuzz (test_api_fuzz): real HTTP, DEBUG off, demo data.

The server runs in its own processes (gunicorn) against its own database, never the pytest test
database: a SQLite file in a temporary directory, or, when the suite runs on PostgreSQL
(DATABASE_URL=postgres://…), a database `<name>_fuzz_<pid>` created on the same server and dropped
afterwards. It is migrated, seeded with `seed_demo --scale 1` and given the demo administrator, and
each demo person the fuzz acts as gets an API token. Uploads land in temporary directories too.

Migrating and seeding is most of a server's start (20 s on SQLite, more on PostgreSQL), so a test
process does it once (prepared_demo: a seeded template database with its upload folders) and each
server gets a copy of its own (a file copy, or CREATE DATABASE … TEMPLATE): what one run writes never
reaches the next.

`python -m musharaka.reliability.fuzz_server prepare` is the preparing step, run inside the server's
environment; it prints the tokens as JSON on its last line.
"""

import itertools
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# The people the fuzz acts as: the platform administrator (every write path is open to them), a
# region coordinator (approves in one region only) and an organisation administrator.
IDENTITIES = ("admin", "coordinator", "orgadmin")
START_TIMEOUT = 60  # seconds for gunicorn to answer once the database is ready
_databases = itertools.count(1)  # PostgreSQL databases made by this process (names stay unique)
# The suite's second database part: the fuzz and the contract run send fewer generated cases there (every
# operation still gets its boundary-value cases and some generated ones); the cases probe the API's validation,
# which is the same code on both databases.
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@dataclass(frozen=True)
class FuzzServer:
    base_url: str
    tokens: dict[str, str]  # username -> API key (msk_…)
    ids: dict[str, list]  # ids of the demo records, by kind (memberships as [organization id, membership id])
    log_path: Path
    database: str  # "sqlite" or "postgresql", for the report

    def log_tail(self, lines: int = 80) -> str:
        """The end of the server's log (tracebacks of 500s land there), for failure messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _postgres_admin_connection(parsed):  # a dj_database_url config
    import psycopg

    return psycopg.connect(
        host=parsed["HOST"] or "127.0.0.1", port=parsed["PORT"] or 5432, user=parsed["USER"] or None,
        password=parsed["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )


@contextmanager
def fuzz_database(workdir: Path, *, template: str | None = None) -> Iterator[tuple[str, str]]:
    """(DATABASE_URL, vendor) of a fresh database for the server, removed on exit: empty, or a copy of
    the database at `template` (a DATABASE_URL this function gave)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = workdir / "fuzz.sqlite3"
        if template is not None:
            # sqlite3's backup copies a consistent database whatever its journal (WAL) holds.
            source, copy = sqlite3.connect(template.removeprefix("sqlite:///")), sqlite3.connect(path)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        yield f"sqlite:///{path}", "sqlite"
        return
    import dj_database_url
    from psycopg import sql
    from psycopg.errors import ObjectInUse

    parsed = dj_database_url.parse(url)
    name = f"{parsed['NAME']}_fuzz_{os.getpid()}_{next(_databases)}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(dj_database_url.parse(template)["NAME"]))
    with _postgres_admin_connection(parsed) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        for attempt in range(20):
            try:
                connection.execute(create)
                break
            except ObjectInUse:
                # The preparing process has exited; its server backends may take a moment to go.
                if attempt == 19:
                    raise
                time.sleep(0.25)
    try:
        yield _replace_database_name(url, name), "postgresql"
    finally:
        with _postgres_admin_connection(parsed) as connection:
            # FORCE: the server's pooled connections may outlive its processes by a moment.
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _replace_database_name(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_environment(workdir: Path, database_url: str, secret_key: str | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="musharaka.settings",
        DATABASE_URL=database_url,
        DEBUG="0",  # errors are real 500s, not debug pages
        # A copy of a prepared database keeps the key it was prepared under (keyed codes stay valid).
        SECRET_KEY=secret_key or secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # The throttle stays in the path of every request, with room for a fuzz from one address.
        API_RATE_TOKEN="1000000/min",
        API_RATE_USER="1000000/min",
        API_RATE_ANON="1000000/min",
        LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    return env


def _python() -> str:
    return sys.executable


def prepare(env: dict[str, str], log) -> dict:
    """Migrate, seed and make tokens in the server's database (one Django start-up for all of it).

    Returns {"tokens": {username: key}, "ids": {kind: [ids]}}.
    """
    result = subprocess.run(
        [_python(), "-m", "musharaka.reliability.fuzz_server", "prepare"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True, timeout=300, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"preparing the fuzz database failed (exit {result.returncode}):\n{result.stdout[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _gunicorn() -> str:
    return str(Path(sys.executable).with_name("gunicorn"))


@dataclass(frozen=True)
class PreparedDemo:
    """A migrated and seeded database, left unused as a template, with its uploads and tokens."""

    database_url: str
    workdir: Path  # holds the template's media/ and private/ upload folders
    secret_key: str
    prepared: dict  # prepare()'s answer: {"tokens": …, "ids": …}


@contextmanager
def prepared_demo(workdir: Path) -> Iterator[PreparedDemo]:
    """Migrate, seed and make tokens once; running_server(…, demo=) starts servers on copies of it."""
    workdir.mkdir(parents=True, exist_ok=True)
    with fuzz_database(workdir) as (database_url, _vendor), (workdir / "prepare.log").open("a") as log:
        env = server_environment(workdir, database_url)
        prepared = prepare(env, log)
        yield PreparedDemo(database_url=database_url, workdir=workdir, secret_key=env["SECRET_KEY"], prepared=prepared)


@contextmanager
def running_server(workdir: Path, demo: PreparedDemo | None = None) -> Iterator[FuzzServer]:
    """A server on a database of its own: a copy of `demo`, or (without it) one prepared here."""
    if demo is None:
        with prepared_demo(workdir / "demo") as demo, running_server(workdir, demo) as server:
            yield server
        return
    workdir.mkdir(parents=True, exist_ok=True)
    for folder in ("media", "private"):
        if (demo.workdir / folder).exists():
            shutil.copytree(demo.workdir / folder, workdir / folder, dirs_exist_ok=True)
    log_path = workdir / "server.log"
    with fuzz_database(workdir, template=demo.database_url) as (database_url, vendor), log_path.open("a") as log:
        env = server_environment(workdir, database_url, demo.secret_key)
        prepared = demo.prepared
        process = subprocess.Popen(
            [
                _gunicorn(), "musharaka.wsgi", "--bind", "127.0.0.1:0", "--workers", "1",
                "--timeout", "60", "--graceful-timeout", "5",
                # No limit on the request line: past gunicorn's 4094 bytes it answers 414 in HTML before the
                # application sees the request (a deployment sets its own limit in front); the fuzz and the
                # contract run are about the application, whose generated queries can be longer.
                "--limit-request-line", "0",
                "--access-logfile", "-", "--access-logformat",
                '%(m)s %(U)s%(q)s %(s)s %(L)ss',
            ],
            cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
        )
        try:
            base_url = _wait_until_listening(process, log_path)
            yield FuzzServer(
                base_url=base_url, tokens=prepared["tokens"], ids=prepared["ids"], log_path=log_path, database=vendor
            )
        finally:
            _stop(process)


def _wait_until_listening(process: subprocess.Popen, log_path: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    base_url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the fuzz server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        if base_url is None:
            found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log_path.read_text(errors="replace"))
            base_url = found.group(1) if found else None
        if base_url is not None:
            try:
                with urllib.request.urlopen(f"{base_url}/api/v1/openapi.json", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return base_url
            except (urllib.error.URLError, OSError):
                pass
        time.sleep(0.2)
    raise RuntimeError(f"the fuzz server did not answer within {START_TIMEOUT} s:\n{log_path.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    # The group holds the gunicorn arbiter and its worker, both started here.
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def _prepare_here() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.accounts.services import api_token_create
    from musharaka.events.models import (
        QUESTION_SESSION_KINDS,
        Event,
        EventAudience,
        NewsPost,
        Question,
        Recommendation,
        Registration,
        Session,
        Showcase,
        ShowcaseComment,
    )
    from musharaka.geo.models import City, Region
    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative
    from musharaka.orgs.models import Membership, Organization
    from musharaka.taxonomy.models import Axis, TargetGroup

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", scale=1, verbosity=0, stdout=sys.stderr)
    call_command("ensure_demo_admin", stdout=sys.stderr)
    # The organisation administrator's organisation has the other two as editors, so that one import
    # sheet (test_api_contract) is valid for each of them.
    orgadmin_membership = Membership.objects.filter(user__username="orgadmin").order_by("pk").first()
    if orgadmin_membership is not None:
        for username in ("admin", "coordinator"):
            Membership.objects.get_or_create(
                organization_id=orgadmin_membership.organization_id, user=User.objects.get(username=username),
                defaults={"role": "editor"},
            )
    tokens = {}
    for username in IDENTITIES:
        _token, key = api_token_create(user=User.objects.get(username=username), name="fuzz")
        tokens[username] = key
    ids: dict[str, Any] = {
        "organization": list(Organization.objects.order_by("pk").values_list("pk", flat=True)),
        "initiative": list(Initiative.objects.order_by("pk").values_list("pk", flat=True)),
        "membership": [list(pair) for pair in Membership.objects.order_by("pk").values_list("organization_id", "pk")],
        "region": list(Region.objects.order_by("pk").values_list("pk", flat=True)),
        "city": list(City.objects.order_by("pk").values_list("pk", flat=True)),
        "event": list(Event.objects.order_by("pk").values_list("pk", flat=True)),
        "recommendation": list(Recommendation.objects.order_by("pk").values_list("pk", flat=True)[:500]),
        # An update of a recommendation is dated today or before (the server's day).
        "today": timezone.localdate().isoformat(),
        # Registrations as [event id, registration id], like memberships.
        "registration": [list(pair) for pair in Registration.objects.order_by("pk").values_list("event_id", "pk")[:500]],
        # Questions as [event id, session id, question id]; sessions that take questions as [event id, session id].
        "question": [list(row) for row in Question.objects.order_by("pk").values_list(
            "session__event_id", "session_id", "pk")[:500]],
        "session": [list(row) for row in Session.objects.filter(kind__in=QUESTION_SESSION_KINDS).order_by("pk")
                    .values_list("event_id", "pk")[:500]],
        # Initiatives shown at published events, published themselves (they take likes and comments), as
        # [event id, showcase id]; comments on them as [event id, showcase id, comment id].
        "showcase": [list(row) for row in Showcase.objects.filter(
            event__is_published=True, initiative__status__in=PUBLISHED_STATUSES).order_by("pk")
            .values_list("event_id", "pk")[:500]],
        "exhibit_comment": [list(row) for row in ShowcaseComment.objects.filter(
            showcase__event__is_published=True, showcase__initiative__status__in=PUBLISHED_STATUSES).order_by("pk")
            .values_list("showcase__event_id", "showcase_id", "pk")[:500]],
        # Published news posts of published events as [event id, post id].
        "news_post": [list(row) for row in NewsPost.objects.filter(is_published=True, event__is_published=True)
                      .order_by("pk").values_list("event_id", "pk")[:500]],
        # event id -> the audience categories it takes (a valid registration names one of them)
        "event_categories": {
            str(event_id): [] for event_id in Event.objects.order_by("pk").values_list("pk", flat=True)
        },
        # For the contract run: a valid case names a city of its region, a region by its code, a person
        # who exists.
        "city_region": [list(pair) for pair in City.objects.order_by("pk").values_list("pk", "region_id")],
        "region_code": list(Region.objects.order_by("pk").values_list("code", flat=True)),
        "username": list(User.objects.order_by("pk").values_list("username", flat=True)[:50]),
        "axis_code": list(Axis.objects.order_by("pk").values_list("code", flat=True)),
        "target_group_code": list(TargetGroup.objects.order_by("pk").values_list("code", flat=True)),
        # username -> an organisation they may create initiatives for (the platform administrator: any)
        "edits": {
            username: Membership.objects.filter(user__username=username, role__in=["admin", "editor"])
            .order_by("pk").values_list("organization_id", flat=True).first() or Organization.objects.order_by("pk")
            .values_list("pk", flat=True).first()
            for username in IDENTITIES
        },
    }
    for event_id, category in EventAudience.objects.order_by("pk").values_list("event_id", "category"):
        ids["event_categories"][str(event_id)].append(category)
    ids.update(_partnership_ids())  # issue #12 (api)
    ids.update(_award_ids())  # issue #13 (api)
    ids.update(_results_ids())  # issue #14 (results)
    ids.update(_plan_ids())  # issue #14 (api14)
    ids.update(_impact_ids())  # issue #15 (fuzz15)
    ids.update(_volapi16_ids())  # issue #16 (volapi16)
    ids.update(_o31116_ids())  # issue #16 (o31116: the reports API)
    ids.update(_ideas17_ids())  # ---- ideas17 (issue #17: processes, phases, ideas, comments)
    ids.update(_mod17_ids())  # issue #17 (moderation17)
    ids.update(_surveys17_ids())  # issue #17 (surveys17)
    ids.update(_topics17_ids())  # issue #17 (topics17: the topic summary)
    ids.update(_budgets17_ids())  # issue #17 (budgets17)
    print(json.dumps({"tokens": tokens, "ids": ids}))


# ---- partnerships (issue #12, api)
def _partnership_ids() -> dict[str, Any]:
    """Ids of agreements, their parties and commitments (as [agreement id, id]); a few agreements are made when
    the demo has none (its partnerships part comes with issue #12's demo)."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.events.models import Event
    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative
    from musharaka.orgs.models import Membership, Organization
    from musharaka.partnerships import services
    from musharaka.partnerships.models import Agreement, AgreementParty, Commitment, PartyRole, Stage

    if not Agreement.objects.exists():
        admin = User.objects.get(username="admin")
        keeper_id = Membership.objects.filter(user__username="orgadmin").order_by("pk").values_list(
            "organization_id", flat=True).first()
        organizations = list(Organization.objects.order_by("pk")[:6])
        keeper = Organization.objects.get(pk=keeper_id) if keeper_id else organizations[0]
        others = [org for org in organizations if org.pk != keeper.pk]
        today = timezone.localdate()
        for number, stage in enumerate((Stage.SIGNED, Stage.SIGNED, Stage.DRAFT)):
            agreement = services.agreement_create(actor=admin, organization=keeper, data={
                "title_ar": f"مذكرة تفاهم للتعاون رقم {number + 1}", "stage": stage,
                "signed_on": today - datetime.timedelta(days=200) if stage == Stage.SIGNED else None,
                "starts_on": today - datetime.timedelta(days=200), "ends_on": today + datetime.timedelta(days=500),
                "is_published": stage == Stage.SIGNED,
            }, parties=[services.PartySpec(organization=keeper, role=PartyRole.FIRST_PARTY),
                        services.PartySpec(organization=others[number], role=PartyRole.SECOND_PARTY),
                        services.PartySpec(name_ar="شركة معارف", role=PartyRole.IMPLEMENTER)])
            for party in agreement.parties.all():
                services.commitment_create(actor=admin, agreement=agreement, party=party, data={
                    "title_ar": "تنظيم حملات التوعية", "due_on": today - datetime.timedelta(days=number * 30)})
    return {
        "agreement": list(Agreement.objects.order_by("pk").values_list("pk", flat=True)[:500]),
        "agreement_party": [list(row) for row in AgreementParty.objects.order_by("pk")
                            .values_list("agreement_id", "pk")[:2000]],
        "commitment": [list(row) for row in Commitment.objects.order_by("pk").values_list("agreement_id", "pk")[:500]],
        # What every caller may link to: published events and initiatives.
        "published_event": list(Event.objects.filter(is_published=True).order_by("pk").values_list("pk", flat=True)),
        "published_initiative": list(Initiative.objects.filter(status__in=PUBLISHED_STATUSES).order_by("pk")
                                     .values_list("pk", flat=True)[:500]),
    }


# ---- awards (issue #13, api)
def _award_ids() -> dict[str, Any]:
    """A programme of the organisation administrator's organisation (the three demo people are its staff: each
    organises) with a cycle being prepared, one taking nominations (residents apply alone, no initiative needed)
    and one in judging where the platform administrator is a judge; always made here, whatever the demo holds, so
    that what a valid case may name is known."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.awards import services
    from musharaka.awards.models import (
        Application,
        Category,
        Criterion,
        Cycle,
        Judge,
        JudgeStatus,
        Programme,
        Question,
        Round,
        Scoresheet,
    )
    from musharaka.orgs.models import Membership, Organization

    admin = User.objects.get(username="admin")
    organiser_id = Membership.objects.filter(user__username="orgadmin").order_by("pk").values_list(
        "organization_id", flat=True).first() or Organization.objects.order_by("pk").values_list("pk", flat=True)[0]
    organiser = Organization.objects.get(pk=organiser_id)
    now = timezone.now()
    programme = services.programme_create(actor=admin, organization=organiser, data={
        "name_ar": "جائزة التجربة للتنمية المحلية", "name_en": "Fuzz Development Award"})

    def cycle(year: int, *, stage: str, closes_in: datetime.timedelta) -> tuple[Cycle, Category]:
        made = services.cycle_create(actor=admin, programme=programme, data={
            "year": year, "title_ar": f"دورة {year}", "nominations_open_at": now - datetime.timedelta(days=30),
            "nominations_close_at": now + closes_in})
        category = services.category_create(actor=admin, cycle=made, data={
            "name_ar": "أفضل فريق تطوعي", "kind": "volunteer_team", "needs_initiative": False,
            "allows_residents": True, "judges_per_application": 2})
        for name, weight in (("الأثر", 60), ("الاستدامة", 40)):
            services.criterion_create(actor=admin, category=category, data={
                "name_ar": name, "weight": weight, "levels": {"0": {"ar": "ضعيف"}, "10": {"ar": "متميز"}}})
        services.question_create(actor=admin, category=category, data={"text_ar": "ما الذي أنجزه الفريق؟",
                                                                        "required": False})
        if stage != "draft":
            made = services.cycle_advance(actor=admin, cycle=made)
        return made, category

    cycle(2031, stage="draft", closes_in=datetime.timedelta(days=400))
    open_cycle, open_category = cycle(2032, stage="nominations", closes_in=datetime.timedelta(days=3650))
    judging, judging_category = cycle(2033, stage="nominations", closes_in=datetime.timedelta(days=1))
    people = list(User.objects.exclude(username__in=("admin", "coordinator", "orgadmin")).exclude(
        memberships__organization=organiser).filter(is_active=True).order_by("pk")[:6])
    for number, person in enumerate(people[:4]):
        application = services.application_create(actor=person, category=judging_category, data={
            "title_ar": f"فريق الحي التطوعي رقم {number + 1}"})
        services.application_submit(actor=person, application=application)
        if number < 2:  # drafts in the open cycle too: theirs, so others' calls reach the permission checks
            services.application_create(actor=person, category=open_category, data={
                "title_ar": f"مسودة فريق الحي رقم {number + 1}"})
    first = judging_category.rounds.get(number=1)
    for person in (admin, *people[4:6]):
        judge = services.judge_invite(actor=admin, cycle=judging, user=person, expertise="التطوع")
        judge = services.judge_respond(actor=person, judge=judge, accept=True)
        services.panel_add(actor=admin, round=first, judge=judge)
    services.judge_invite(actor=admin, cycle=open_cycle, user=admin)  # an invitation still to answer
    for other in Cycle.objects.filter(programme=programme).exclude(pk=judging.pk):  # a juror to seat in every cycle
        services.judge_respond(actor=people[4], judge=services.judge_invite(actor=admin, cycle=other, user=people[4]),
                               accept=True)
    Cycle.objects.filter(pk=judging.pk).update(nominations_close_at=now - datetime.timedelta(seconds=1))
    judging.refresh_from_db()
    judging = services.cycle_advance(actor=admin, cycle=judging)
    for application in judging.applications.all():
        services.application_check_eligibility(actor=admin, application=application, eligible=True)
    services.cycle_advance(actor=admin, cycle=judging)
    mine = Programme.objects.filter(pk=programme.pk)
    # round id → the judges of its cycle who accepted (a panel takes no other)
    round_judges = {str(round_id): list(Judge.objects.filter(cycle_id=cycle_id, status=JudgeStatus.ACCEPTED)
                                        .order_by("pk").values_list("pk", flat=True))
                    for round_id, cycle_id in Round.objects.filter(category__cycle__programme__in=mine).values_list(
                        "pk", "category__cycle_id")}
    sheet_criteria = {str(sheet_id): list(Criterion.objects.filter(category_id=category_id).order_by("pk")
                                          .values_list("pk", flat=True))
                      for sheet_id, category_id in Scoresheet.objects.filter(judge__user=admin).values_list(
                          "pk", "round__category_id")}
    return {
        "award_programme": [programme.pk],
        "award_cycle": list(Cycle.objects.filter(programme__in=mine).order_by("pk").values_list("pk", flat=True)),
        "award_category": list(Category.objects.filter(cycle__programme__in=mine).order_by("pk")
                               .values_list("pk", flat=True)),
        "award_open_category": [open_category.pk],
        "award_criterion": list(Criterion.objects.filter(category__cycle__programme__in=mine).order_by("pk")
                                .values_list("pk", flat=True)),
        "award_question": list(Question.objects.filter(category__cycle__programme__in=mine).order_by("pk")
                               .values_list("pk", flat=True)),
        "award_application": list(Application.objects.filter(cycle__programme__in=mine).order_by("pk")
                                  .values_list("pk", flat=True)),
        "award_judge": list(Judge.objects.filter(cycle__programme__in=mine, user=admin).order_by("pk")
                            .values_list("pk", flat=True)),
        "award_accepted_judge": list(Judge.objects.filter(cycle__programme__in=mine, status=JudgeStatus.ACCEPTED)
                                     .order_by("pk").values_list("pk", flat=True)),
        "award_round": list(Round.objects.filter(category__cycle__programme__in=mine).order_by("pk")
                            .values_list("pk", flat=True)),
        "award_round_judges": round_judges,
        "award_sheet": sorted(int(pk) for pk in sheet_criteria),
        "award_sheet_criteria": sheet_criteria,
    }


# ---- results (issue #14, results)
def _results_ids() -> dict[str, Any]:
    """A result of a published initiative (made by the platform administrator, who may approve their own updates)
    with an indicator by sex over two half-years, an approved, a pending and a draft update; the ids a valid case
    may name."""
    import datetime

    from musharaka.accounts.models import User
    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative
    from musharaka.results import services
    from musharaka.results.models import Dimension, DimensionValue, Indicator, Period, Result, Update

    admin = User.objects.get(username="admin")
    initiative = Initiative.objects.filter(status__in=PUBLISHED_STATUSES).order_by("pk").first()
    if initiative is None:
        return {}
    sex = Dimension.objects.get(code="sex")
    result = services.result_create(actor=admin, owner=initiative, data={"title_ar": "تحسين خدمات الحي"})
    indicator = services.indicator_create(actor=admin, result=result, data={
        "title_ar": "عدد المستفيدين", "unit_ar": "مستفيد"}, dimensions=[sex])
    first = services.period_create(actor=admin, indicator=indicator, data={
        "start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 6, 30), "target_value": "100"})
    services.period_create(actor=admin, indicator=indicator, data={
        "start": datetime.date(2026, 7, 1), "end": datetime.date(2026, 12, 31), "target_value": "150"})
    female = sex.values.get(code="female")
    approved = services.update_create(actor=admin, period=first, data={"value": "40"},
                                      breakdown={female.pk: {"value": "25"}}, submit=True)
    services.update_approve(actor=admin, update=approved)
    services.update_create(actor=admin, period=first, data={"value": "5"}, submit=True)
    services.update_create(actor=admin, period=first, data={"value": "3"})
    mine = Result.objects.filter(pk=result.pk)
    return {
        "results_owner": [initiative.pk],
        "results_result": list(mine.values_list("pk", flat=True)),
        "results_indicator": list(Indicator.objects.filter(result__in=mine).values_list("pk", flat=True)),
        "results_period": list(Period.objects.filter(indicator__result__in=mine).order_by("pk")
                               .values_list("pk", flat=True)),
        "results_update": list(Update.objects.filter(period__indicator__result__in=mine).order_by("pk")
                               .values_list("pk", flat=True)),
        "results_dimension": [sex.pk],
        "results_dimension_value": list(DimensionValue.objects.filter(dimension=sex).values_list("pk", flat=True)),
    }


# ---- plans (issue #14, api14)
def _plan_ids() -> dict[str, Any]:
    """Plans of the organisation administrator's organisation (the three demo people are its staff): a draft, one in
    consultation with voted needs, one approved with a goal, an action, a review and a risk; always made here,
    whatever the demo holds, so that what a valid case may name is known (and whose plan each record is)."""
    import datetime

    from musharaka.accounts.models import User
    from musharaka.geo.models import City
    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative
    from musharaka.orgs.models import Membership, Organization
    from musharaka.plans import services
    from musharaka.plans.models import Alignment, NeedCategory

    admin = User.objects.get(username="admin")
    owner_id = Membership.objects.filter(user__username="orgadmin").order_by("pk").values_list(
        "organization_id", flat=True).first() or Organization.objects.order_by("pk").values_list("pk", flat=True)[0]
    owner = Organization.objects.get(pk=owner_id)
    city = City.objects.order_by("pk").first()
    assert city is not None  # the demo's geography is loaded before its plans
    categories = list(NeedCategory.objects.order_by("pk").values_list("pk", flat=True))
    residents = list(User.objects.exclude(username__in=("admin", "coordinator", "orgadmin")).order_by("pk")[:3])

    def plan(title: str):
        return services.plan_create(actor=admin, organization=owner, data={
            "title_ar": title, "region": city.region, "city": city, "start_year": 2026, "end_year": 2030})

    def need(made, resident, index: int):
        return services.need_submit(actor=resident, plan=made, data={
            "title": f"احتياج الحي رقم {index}", "description": "وصف الاحتياج كما كتبه أحد السكان",
            "category": categories[index % len(categories)], "people_affected": 100 * index})

    plan("خطة تنمية في مرحلة الإعداد")
    consulted = services.plan_move(actor=admin, plan=plan("خطة تنمية في مرحلة التشاور"), target="consultation")
    for index, resident in enumerate(residents, start=1):
        voted = need(consulted, resident, index)
        services.need_vote(actor=admin, need=voted, group="youth")
    services.goal_save(actor=admin, plan=consulted, data={"title_ar": "تحسين الخدمات في الأحياء"})
    # Goals only the DELETE operation names: a goal a valid case names elsewhere must still be there.
    spare_goals = [services.goal_save(actor=admin, plan=consulted, data={"title_ar": f"هدف احتياطي للحذف {n}"}).pk
                   for n in range(3)]
    # What only the replication names: a goal and published experiences of another region that no other operation
    # acts on (the initiatives' operations name the ids listed before this world was made).
    replicate_goal = services.goal_save(actor=admin, plan=consulted, data={"title_ar": "هدف لتكرار التجارب"}).pk
    elsewhere = Organization.objects.exclude(region=city.region).order_by("pk").first() or owner
    proven = [Initiative.objects.create(
        title_ar=f"تجربة ناجحة في منطقة أخرى {n}", summary_ar="مبادرة منشورة تكررها الخطط", lead_organization=elsewhere,
        region=elsewhere.region, status="completed", is_success_story=True).pk for n in range(3)]
    approved = services.plan_move(actor=admin, plan=plan("خطة تنمية معتمدة"), target="consultation")
    first = need(approved, residents[0], 9)
    need(approved, residents[-1], 10)
    services.plan_set_vision(actor=admin, plan=approved, data={"vision_ar": "أحياء آمنة نابضة بالحياة"})
    goal = services.goal_save(actor=admin, plan=approved, data={"title_ar": "شوارع آمنة ومضاءة"}, needs=[first])
    action = services.action_save(actor=admin, goal=goal, data={"title_ar": "تركيب إنارة موفرة",
                                                                "lead_organization": owner})
    approved = services.plan_move(actor=admin, plan=approved, target="approved")
    services.review_save(actor=admin, plan=approved, data={
        "kind": "quarterly", "held_on": datetime.date(2026, 4, 1), "findings_ar": "التنفيذ يسير وفق الخطة"})
    services.risk_save(actor=admin, plan=approved, data={
        "title": "تأخر التمويل", "category": "financial", "likelihood": 3, "impact": 4, "owner": "المالية",
        "action": action})
    plans = owner.plans.order_by("pk")
    from musharaka.plans.models import Action, Goal, Need, PriorityCriterion, Review, Risk

    def pairs(model) -> list[list[int]]:  # [plan id, record id]
        return [list(row) for row in model.objects.filter(plan__in=plans).order_by("pk").values_list("plan_id", "pk")]

    return {
        "plan": list(plans.values_list("pk", flat=True)),
        "plan_need": pairs(Need), "plan_criterion": pairs(PriorityCriterion),
        "plan_goal": [pair for pair in pairs(Goal) if pair[1] not in (*spare_goals, replicate_goal)],
        "plan_action": pairs(Action), "plan_review": pairs(Review), "plan_risk": pairs(Risk),
        "plan_spare_goal": [pair for pair in pairs(Goal) if pair[1] in spare_goals],
        "plan_replicate_goal": [pair for pair in pairs(Goal) if pair[1] == replicate_goal],
        "plan_proven_initiative": proven,
        "plan_category": categories,
        "plan_alignment": list(Alignment.objects.order_by("pk").values_list("pk", flat=True)),
        # The last published ones: the initiatives' own operations act on the first ones (and may cancel them).
        "plan_published_initiative": sorted(Initiative.objects.filter(status__in=PUBLISHED_STATUSES).order_by("-pk")
                                            .values_list("pk", flat=True)[:20]),
        "plan_owner": owner.pk,
    }


# ---- impact (issue #15, fuzz15)
def _impact_ids() -> dict[str, Any]:
    """Initiatives of the organisation administrator's organisation (the three demo people are its staff, the
    platform administrator reviews), each with a logic model whose outputs name an indicator of its results, and
    analyses in every state: drafts with stakeholders, investments, outcomes and comments; ready drafts only
    submission names; analyses under review (sent by the organisation administrator, so the platform administrator
    may publish or return them); published ones to revise; and records only a DELETE names, so that what other
    valid cases name stays. Three owners share what the operations create (each owner and record has its limits)."""
    from musharaka.accounts.models import User
    from musharaka.impact import services
    from musharaka.initiatives.models import Initiative
    from musharaka.orgs.models import Membership, Organization
    from musharaka.results import services as results

    admin, orgadmin = User.objects.get(username="admin"), User.objects.get(username="orgadmin")
    owner_id = Membership.objects.filter(user=orgadmin, role="admin").order_by("pk").values_list(
        "organization_id", flat=True).first()
    if owner_id is None:
        return {}
    organization = Organization.objects.get(pk=owner_id)
    world: dict[str, Any] = {key: [] for key in (
        "impact_owner", "impact_item", "impact_spare_item", "impact_draft", "impact_ready", "impact_review",
        "impact_published", "impact_spare_analysis", "impact_stakeholder", "impact_spare_stakeholder",
        "impact_investment", "impact_spare_investment", "impact_outcome", "impact_spare_outcome", "impact_comment",
        "impact_spare_reviewer")}
    world.update(impact_indicators={}, impact_stakeholders={}, impact_analysis_owner={})

    def figures(analysis, n: int, *, spare: bool) -> None:
        kept = services.stakeholder_save(actor=orgadmin, analysis=analysis, data={
            "name_ar": f"الشباب الباحثون عن عمل {n}", "size": 120})
        other = services.stakeholder_save(actor=orgadmin, analysis=analysis, data={"name_ar": "أسر المشاركين"})
        cash = services.investment_save(actor=orgadmin, analysis=analysis, data={
            "kind": "cash", "description_ar": "منحة البرنامج", "amount": "900000"})
        services.investment_save(actor=orgadmin, analysis=analysis, data={
            "kind": "volunteer_time", "description_ar": "ساعات المرشدين المتطوعين", "hours": "2000",
            "hourly_value": "25", "valuation_basis": "متوسط أجر الساعة في المنطقة"})
        outcome = {"title_ar": "حصول الشباب على عمل", "quantity": "120", "proxy": "18000",
                   "proxy_source": "متوسط الدخل السنوي لأول وظيفة", "duration": 3, "deadweight": "25",
                   "displacement": "10", "attribution": "20", "drop_off": "30"}
        jobs = services.outcome_save(actor=orgadmin, analysis=analysis, stakeholder=kept, data=outcome)
        income = services.outcome_save(actor=orgadmin, analysis=analysis, stakeholder=other, data=outcome)
        world["impact_stakeholders"][str(analysis.pk)] = [kept.pk, other.pk]
        if spare:
            world["impact_stakeholder"] += [[analysis.pk, kept.pk], [analysis.pk, other.pk]]
            world["impact_investment"].append([analysis.pk, cash.pk])
            world["impact_outcome"].append([analysis.pk, jobs.pk])
            world["impact_spare_outcome"].append(income.pk)
            world["impact_spare_stakeholder"] += [services.stakeholder_save(
                actor=orgadmin, analysis=analysis, data={"name_ar": f"فئة احتياطية للحذف {m}"}).pk for m in range(3)]
            world["impact_spare_investment"] += [services.investment_save(actor=orgadmin, analysis=analysis, data={
                "kind": "in_kind", "description_ar": "قاعات التدريب", "amount": "1500"}).pk for _m in range(3)]

    for n in range(3):
        initiative = Initiative.objects.create(
            title_ar=f"مبادرة قياس الأثر الاجتماعي {n}", summary_ar="مبادرة معتمدة يقاس عائدها الاجتماعي",
            lead_organization=organization, region=organization.region, status="approved")
        world["impact_owner"].append(initiative.pk)
        result = results.result_create(actor=admin, owner=initiative, data={"title_ar": "تمكين الشباب من العمل"})
        indicators = [results.indicator_create(actor=admin, result=result, data={
            "title_ar": title, "unit_ar": "شاب"}).pk for title in ("عدد المتدربين", "عدد من حصلوا على عمل")]
        world["impact_indicators"][str(initiative.pk)] = indicators
        model = services.logic_model_save(actor=orgadmin, owner=initiative, data={
            "assumptions_ar": "سوق العمل يستوعب المتدربين"})
        from musharaka.results.models import Indicator
        for stage, text, indicator in (("input", "منحة البرنامج", None), ("activity", "دورات تدريبية", None),
                                       ("output", "شباب متدربون", indicators[0]),
                                       ("outcome", "شباب يعملون", indicators[1]), ("impact", "أسر مستقرة", None)):
            item = services.logic_item_save(actor=orgadmin, logic_model=model, data={"stage": stage, "text_ar": text},
                                            indicator=Indicator.objects.get(pk=indicator) if indicator else None)
            world["impact_item"].append([initiative.pk, item.pk])
        world["impact_spare_item"] += [services.logic_item_save(
            actor=orgadmin, logic_model=model, data={"stage": "activity", "text_ar": f"نشاط احتياطي {m}"},
            indicator=None).pk for m in range(3)]

        def analysis(title: str, owner=initiative):
            made = services.analysis_create(actor=orgadmin, owner=owner, data={
                "title_ar": title, "kind": "forecast", "currency": "SAR", "discount_rate": "3.5",
                "start_year": 2026})
            world["impact_analysis_owner"][str(made.pk)] = owner.pk
            return made

        for m in range(2):
            draft = analysis(f"العائد الاجتماعي لبرنامج التمكين {n}-{m}")
            figures(draft, m, spare=True)
            services.comment_add(actor=orgadmin, analysis=draft, body="راجعوا مصدر الوكيل المالي",
                                 figure="analysis:discount_rate")
            world["impact_draft"].append(draft.pk)
        ready = analysis(f"تحليل جاهز للإرسال {n}")
        figures(ready, 0, spare=False)
        world["impact_ready"].append(ready.pk)
        for m in range(2):
            sent = analysis(f"تحليل قيد المراجعة {n}-{m}")
            figures(sent, m, spare=False)
            sent = services.analysis_submit(actor=orgadmin, analysis=sent)
            services.comment_add(actor=admin, analysis=sent, body="ما مصدر نسبة الإسناد؟", figure="")
            world["impact_review"].append(sent.pk)
        published = analysis(f"تحليل منشور {n}")
        figures(published, 0, spare=False)
        services.analysis_publish(actor=admin, analysis=services.analysis_submit(actor=orgadmin, analysis=published))
        world["impact_published"].append(published.pk)
        world["impact_spare_analysis"] += [analysis(f"مسودة احتياطية للحذف {n}-{m}").pk for m in range(3)]
    from musharaka.impact.models import Comment

    world["impact_comment"] = list(Comment.objects.filter(analysis_id__in=world["impact_draft"] + world[
        "impact_review"]).order_by("pk").values_list("pk", flat=True))
    people = list(User.objects.filter(is_active=True).exclude(username__in=("admin", "coordinator", "orgadmin"))
                  .order_by("pk").values_list("pk", flat=True)[:20])
    world["impact_user"] = people
    world["impact_spare_reviewer"] = [services.reviewer_add(actor=admin, user=User.objects.get(pk=pk),
                                                            note="محلل معتمد").pk for pk in people[:5]]
    return world


# ---- reports (issue #16, o31116)
O31116_CATEGORIES = ("visual-distortion", "lighting", "cleanliness")  # anonymous allowed, no required question


def _o31116_ids() -> dict[str, Any]:
    """Reports the organisation administrator sent in its organisation's region, routed to that organisation (the
    three demo people are its staff): `o31116_report` (path reports: status moves, photos), `o31116_original` (only
    ever named as the original of a duplicate, so they stay open), spare routes of other regions for DELETE and
    spare API keys to revoke; the categories a valid new report names, and the region that places it."""
    from musharaka.accounts.models import User
    from musharaka.geo.models import Region
    from musharaka.orgs.models import Membership, Organization
    from musharaka.reports import keys
    from musharaka.reports import services as reports
    from musharaka.reports.models import ServiceCategory

    admin, orgadmin = User.objects.get(username="admin"), User.objects.get(username="orgadmin")
    owner_id = Membership.objects.filter(user=orgadmin, role="admin").order_by("pk").values_list(
        "organization_id", flat=True).first()
    if owner_id is None:
        return {}
    organization = Organization.objects.get(pk=owner_id)
    region = organization.region
    categories = {code: ServiceCategory.objects.get(code=code) for code in O31116_CATEGORIES}
    for category in categories.values():
        reports.route_save(actor=admin, category=category, organization=organization, region=region)
    world: dict[str, Any] = {"o31116_report": [], "o31116_original": [], "o31116_route": [], "o31116_key": [],
                             "o31116_category": list(O31116_CATEGORIES), "o31116_region": region.pk}
    texts = ("كتابات مشوهة على جدار المدرسة", "لوحة إعلانية مهملة ومكسورة", "واجهة مبنى متهالكة في الشارع العام")
    for n in range(24):
        report = reports.report_create(actor=orgadmin, category=categories["visual-distortion"], data={
            "description": f"{texts[n % 3]} ({n})", "region_id": region.pk})
        world["o31116_original" if n % 4 == 0 else "o31116_report"].append(report.pk)
    others = [pk for pk in Region.objects.exclude(pk=region.pk).order_by("pk").values_list("pk", flat=True)][:6]
    parks = ServiceCategory.objects.get(code="parks")
    for other in others:
        world["o31116_route"].append(reports.route_save(actor=admin, category=parks, organization=organization,
                                                        region=Region.objects.get(pk=other)).pk)
    for n in range(8):
        key, _raw = keys.api_key_issue(actor=admin, organization=organization, label=f"تطبيق الرصد {n}")
        world["o31116_key"].append(key.pk)
    return world


# ---- volunteering (issue #16, volapi16)
def _volapi16_ids() -> dict[str, Any]:
    """Published opportunities of the organisation administrator's organisation (the three demo people are its
    staff) from a month ago to a year ahead, each with questions (none required), shifts ahead of today on which the
    three demo people are accepted (so they log hours), pending hours of theirs, applications of others to decide,
    and records only a DELETE names (drafts, shifts without applications, questions, values of an hour), so that
    what other valid cases name stays. Certificates of verified hours for the public verification."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.orgs.models import Membership, Organization
    from musharaka.volunteering import services
    from musharaka.volunteering.models import Skill

    people = {name: User.objects.get(username=name) for name in IDENTITIES}
    orgadmin = people["orgadmin"]
    owner_id = Membership.objects.filter(user=orgadmin, role="admin").order_by("pk").values_list(
        "organization_id", flat=True).first()
    if owner_id is None:
        return {}
    organization = Organization.objects.get(pk=owner_id)
    today = timezone.localdate()
    world: dict[str, Any] = {key: [] for key in (
        "vol_opportunity", "vol_spare_opportunity", "vol_shift", "vol_spare_shift", "vol_question",
        "vol_spare_question", "vol_application", "vol_entry", "vol_spare_hour_value", "vol_certificate",
        "vol_user")}
    world.update(vol_questions={}, vol_shift_opportunity={}, vol_skill=list(
        Skill.objects.order_by("pk").values_list("pk", flat=True)), vol_organization=organization.pk,
        vol_today=today.isoformat(), vol_shift_day=(today + datetime.timedelta(days=10)).isoformat(),
        vol_starts_on=(today - datetime.timedelta(days=30)).isoformat(),
        vol_ends_on=(today + datetime.timedelta(days=365)).isoformat())
    others = list(User.objects.filter(is_active=True).exclude(username__in=IDENTITIES).order_by("pk")[:12])
    world["vol_user"] = [person.pk for person in [*people.values(), *others]]
    data = {"description_ar": "زراعة الشتلات وتنظيف الأرصفة مع السكان", "region_id": organization.region_id,
            "starts_on": today - datetime.timedelta(days=30), "ends_on": today + datetime.timedelta(days=365)}
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)

    def shift(opportunity, days: int, capacity: int = 40):
        begins = starts + datetime.timedelta(days=days)
        made = services.shift_save(actor=orgadmin, opportunity=opportunity, data={
            "starts_at": begins, "ends_at": begins + datetime.timedelta(hours=3), "capacity": capacity})
        world["vol_shift_opportunity"][str(made.pk)] = opportunity.pk
        return made

    for n in range(3):
        opportunity = services.opportunity_create(actor=orgadmin, organization=organization, data={
            **data, "title_ar": f"حملة تطوعية لتحسين المشهد الحضري {n}"}, questions=[
            {"text_ar": "ما خبرتك السابقة؟"}, {"text_ar": "هل لديك سيارة؟"}])
        questions = list(opportunity.questions.order_by("pk").values_list("pk", flat=True))
        world["vol_questions"][str(opportunity.pk)] = questions
        world["vol_question"] += questions
        kept = [shift(opportunity, days) for days in range(3)]
        spare = [shift(opportunity, 10 + days) for days in range(3)]
        services.opportunity_publish(actor=orgadmin, opportunity=opportunity)
        world["vol_opportunity"].append(opportunity.pk)
        world["vol_shift"] += [made.pk for made in kept]
        world["vol_spare_shift"] += [made.pk for made in spare]
        world["vol_spare_question"] += [services.question_save(actor=orgadmin, opportunity=opportunity, data={
            "text_ar": f"سؤال احتياطي للحذف {m}"}).pk for m in range(3)]
        for person in people.values():
            accepted = services.application_create(actor=person, shift=kept[0])
            decider = orgadmin if person == people["admin"] else people["admin"]  # never on one's own
            services.application_decide(actor=decider, application=accepted, decision="accept")
            for hours in ("2", "3"):
                world["vol_entry"].append(services.hours_log(actor=person, opportunity=opportunity, data={
                    "date": today - datetime.timedelta(days=1), "hours": hours, "activity": "زراعة الشتلات"}).pk)
        for person in others[:6]:
            world["vol_application"].append(services.application_create(actor=person, shift=kept[1]).pk)
        world["vol_spare_opportunity"].append(services.opportunity_create(actor=orgadmin, organization=organization,
                                                                          data={**data, "title_ar": f"مسودة {n}"}).pk)
    for person in people.values():
        entry = services.hours_log(actor=person, opportunity=opportunity, data={
            "date": today - datetime.timedelta(days=3), "hours": "4", "activity": "تنظيف الأرصفة"})
        services.hours_verify(actor=people["admin"] if person != people["admin"] else orgadmin, entry=entry)
        world["vol_certificate"].append(services.certificate_issue(
            actor=person, volunteer=person, organization=organization).pk)
    world["vol_spare_hour_value"] = [services.hour_value_create(actor=people["admin"], data={
        "amount": "40", "basis_ar": "متوسط أجر الساعة", "effective_from": datetime.date(2000 + m, 1, 1)}).pk
        for m in range(5)]
    return world


# ---- participatory budgets (issue #17, budgets17)
def _budgets17_ids() -> dict[str, Any]:
    """A published process of the organisation administrator's organisation (the three demo people are its staff)
    in its voting phase, with budgets of feasible projects (ballots go to them), and a process in its ideas phase
    whose budgets and projects may still change (PATCH, feasibility, new projects)."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.orgs.models import Membership, Organization
    from musharaka.participation import budgets
    from musharaka.participation.models import Phase, Process

    orgadmin = User.objects.get(username="orgadmin")
    owner_id = Membership.objects.filter(user=orgadmin, role="admin").order_by("pk").values_list(
        "organization_id", flat=True).first()
    if owner_id is None:
        return {}
    organization = Organization.objects.get(pk=owner_id)
    now, day = timezone.now(), datetime.timedelta(days=1)
    world: dict[str, Any] = {"b17_process": [], "b17_budget": [], "b17_project": [], "b17_open_process": [],
                             "b17_open_budget": [], "b17_open_project": []}
    for n, (key, kind) in enumerate((("b17", "voting"), ("b17_open", "ideas"))):
        process = Process.objects.create(organization=organization, region=organization.region, status="published",
                                         title_ar=f"ميزانية تشاركية للحي {n}")
        phase = Phase.objects.create(process=process, kind="ideas", starts_at=now - day, ends_at=now + 300 * day)
        world[f"{key}_process"].append(process.pk)
        for m in range(3):
            budget = budgets.budget_create(actor=orgadmin, process=process, data={
                "title_ar": f"ميزانية الحي {m}", "amount": "100000", "rule": ("greedy", "equal_shares")[m % 2]})
            world[f"{key}_budget"].append(budget.pk)
            for title in ("حديقة", "ممشى", "مكتبة", "ملعب", "إنارة"):
                project = budgets.project_create(actor=orgadmin, budget=budget, data={"title": title, "cost": "9000"})
                if kind == "voting":
                    budgets.project_feasibility(actor=orgadmin, project=project, feasibility="feasible")
                world[f"{key}_project"].append(project.pk)
        phase.kind = kind
        phase.save()
    return world


# ---- ideas17 (issue #17): participatory processes, phases, ideas, supports, answers, comments
def _ideas17_ids() -> dict[str, Any]:
    """A published process of the organisation administrator's organisation in its ideas phase (for years, so that
    every operation may act), with spare later phases for PATCH and DELETE, ideas of the organisation administrator
    (the author may change them; the staff answer them) and comments to reply to."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.orgs.models import Membership, Organization
    from musharaka.participation import ideas, services
    from musharaka.participation.models import Phase

    orgadmin = User.objects.get(username="orgadmin")
    owner_id = Membership.objects.filter(user=orgadmin, role="admin").order_by("pk").values_list(
        "organization_id", flat=True).first()
    if owner_id is None:
        return {}
    organization = Organization.objects.get(pk=owner_id)
    now = timezone.now()
    process = services.process_create(actor=orgadmin, organization=organization, data={
        "title_ar": "مشاركة السكان في تطوير الأحياء", "region_id": organization.region_id})
    Phase.objects.create(process=process, kind="ideas", starts_at=now - datetime.timedelta(days=1),
                         ends_at=now + datetime.timedelta(days=3650))
    process = services.process_set_status(actor=orgadmin, process=process, status="published")
    world: dict[str, Any] = {"ideas17_process": [process.pk], "ideas17_phase": [], "ideas17_idea": [],
                             "ideas17_comment": []}
    for n in range(6):
        starts = now + datetime.timedelta(days=4000 + 40 * n)
        world["ideas17_phase"].append(Phase.objects.create(
            process=process, kind="evaluation", starts_at=starts, ends_at=starts + datetime.timedelta(days=30)).pk)
    texts = ("حديقة عامة للأطفال في الحي", "إنارة الشوارع الداخلية", "مكتبة عامة في المركز الاجتماعي")
    for n in range(12):
        idea = ideas.idea_create(actor=orgadmin, process=process, data={
            "title": f"{texts[n % 3]} ({n})", "description": f"{texts[n % 3]} لخدمة سكان الحي ({n})"})
        world["ideas17_idea"].append(idea.pk)
        world["ideas17_comment"].append(ideas.comment_create(actor=orgadmin, idea=idea, body="فكرة مفيدة").pk)
    return world


# ---- topics17
def _topics17_ids() -> dict[str, Any]:
    """Processes whose topic summary the API reads (the demo's, published first), for `{process_id}` of the topic
    paths."""
    from musharaka.participation.models import Process

    published = list(Process.objects.filter(status="published").order_by("pk").values_list("pk", flat=True)[:50])
    others = list(Process.objects.exclude(status="published").order_by("pk").values_list("pk", flat=True)[:10])
    return {"topics17_process": published + others} if published or others else {}


# ---- moderation17
def _mod17_ids() -> dict[str, Any]:
    """Participation moderation (issue #17): a published, pre-moderated process of the organisation administrator's
    organisation in its ideas phase, with visible and pending ideas and comments by residents of the demo, open abuse
    reports, blocks of residents and follows of the three fuzz people, so that the moderation API's valid cases reach
    its services (the platform administrator moderates every process, the organisation administrator this one)."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.orgs.models import Membership, Organization
    from musharaka.participation import moderation
    from musharaka.participation import services as participation
    from musharaka.participation.models import AbuseReport, Comment, Idea, Visibility

    people = {name: User.objects.get(username=name) for name in IDENTITIES}
    orgadmin = people["orgadmin"]
    owner_id = Membership.objects.filter(user=orgadmin, role="admin").order_by("pk").values_list(
        "organization_id", flat=True).first()
    if owner_id is None:
        return {}
    organization = Organization.objects.get(pk=owner_id)
    residents = list(User.objects.exclude(username__in=IDENTITIES).filter(is_staff=False)
                     .exclude(pk__in=Membership.objects.filter(organization=organization).values("user_id"))
                     .order_by("pk")[:6])
    if len(residents) < 3:
        return {}
    process = participation.process_create(actor=orgadmin, organization=organization, data={
        "title_ar": "مقترحات السكان لتحسين الحي", "region_id": organization.region_id, "premoderation": True})
    now = timezone.now()
    participation.phase_save(actor=orgadmin, process=process, data={
        "kind": "ideas", "starts_at": now - datetime.timedelta(days=1), "ends_at": now + datetime.timedelta(days=365)})
    process = participation.process_set_status(actor=orgadmin, process=process, status="published")
    ideas, pending_ideas, comments, reports, blocks = [], [], [], [], []
    for index in range(12):
        author = residents[index % 3]
        visible = index % 3 != 2
        idea = Idea.objects.create(process=process, author=author, title=f"مقترح لتحسين الحي رقم {index + 1}",
                                   description="نقترح تحسين الأرصفة وزراعة الأشجار وإنارة الطرق",
                                   visibility=Visibility.VISIBLE if visible else Visibility.PENDING)
        if visible:
            participation.bump(type(process), process.pk, idea_count=1)
            participation.index_idea(idea)
            ideas.append(idea.pk)
            comment = Comment.objects.create(idea=idea, author=residents[(index + 1) % 3], body="أؤيد هذا المقترح")
            participation.bump(type(process), process.pk, comment_count=1)
            participation.bump(Idea, idea.pk, comment_count=1)
            comments.append(comment.pk)
            Comment.objects.create(idea=idea, author=author, body="تعليق ينتظر الموافقة",
                                   visibility=Visibility.PENDING)
            reports.append(AbuseReport.objects.create(process=process, idea=idea, reporter=residents[(index + 2) % 3],
                                                      reason="spam").pk)
        else:
            pending_ideas.append(idea.pk)
    for resident in residents[3:]:
        blocks.append(moderation.block_create(actor=orgadmin, process=process, user=resident,
                                              reason="إساءة متكررة").pk)
    follows = {name: moderation.follow_create(actor=person, kind="idea", target_id=ideas[0])[0].pk
               for name, person in people.items()}
    return {"mod17_process": [process.pk], "mod17_idea": ideas, "mod17_pending_idea": pending_ideas,
            "mod17_comment": comments, "mod17_report": reports, "mod17_block": blocks,
            "mod17_resident": [resident.pk for resident in residents[:3]], "mod17_follow": follows}


# ---- surveys17 (issue #17): surveys of a participatory process in its consultation phase
def _surveys17_ids() -> dict[str, Any]:
    """A published process of the organisation administrator's organisation (the three demo people are its staff)
    in its consultation phase for a year, with open surveys (no required question, so any valid answer or none is
    accepted once per person), each with questions of every kind; spare questions only a DELETE names; a finished
    CSV export of each survey."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.orgs.models import Membership, Organization
    from musharaka.participation import survey_exports, surveys
    from musharaka.participation.models import Phase, Process

    orgadmin = User.objects.get(username="orgadmin") if "orgadmin" in IDENTITIES else None
    owner_id = Membership.objects.filter(user=orgadmin, role="admin").order_by("pk").values_list(
        "organization_id", flat=True).first() if orgadmin else None
    if orgadmin is None or owner_id is None:
        return {}
    organization = Organization.objects.get(pk=owner_id)
    now = timezone.now()
    process = Process.objects.create(organization=organization, region_id=organization.region_id, status="published",
                                     title_ar="استشارة السكان (اختبار المتانة)")
    Phase.objects.create(process=process, kind="consultation", starts_at=now - datetime.timedelta(days=1),
                         ends_at=now + datetime.timedelta(days=365))
    world: dict[str, Any] = {"s17_process": [process.pk], "s17_survey": [], "s17_question": [],
                             "s17_spare_question": [], "s17_export": [], "s17_choice_keys": ["a", "b", "c"]}
    choices = [{"key": key, "label_ar": label} for key, label in (("a", "نعم"), ("b", "لا"), ("c", "ربما"))]
    for index in range(3):
        survey = surveys.survey_create(actor=orgadmin, process=process, data={"title_ar": f"استبيان الحي {index}"})
        for kind in ("single", "multiple", "ranking", "scale", "number", "date", "short_text", "long_text"):
            question = surveys.question_save(actor=orgadmin, survey=survey, data={
                "kind": kind, "label_ar": f"سؤال {kind}", "choices": choices if kind in (
                    "single", "multiple", "ranking") else []})
            world["s17_question"].append(question.pk)
        for _spare in range(4):
            world["s17_spare_question"].append(surveys.question_save(
                actor=orgadmin, survey=survey, data={"kind": "short_text", "label_ar": "سؤال احتياطي"}).pk)
        surveys.survey_set_status(actor=orgadmin, survey=survey, status="open")
        export = survey_exports.export_request(actor=orgadmin, survey=survey, format="csv")
        survey_exports.build_survey_export.call(export_id=export.pk)
        world["s17_survey"].append(survey.pk)
        world["s17_export"].append(export.pk)
    return world


if __name__ == "__main__":
    if sys.argv[1:] != ["prepare"]:
        sys.exit("usage: python -m musharaka.reliability.fuzz_server prepare")
    _prepare_here()
