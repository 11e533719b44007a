"""Faults: the database going away, a process killed halfway, a background task that keeps failing.

  database gone during a request   503 with a translated page (HTML) or {"code": "unavailable"} (API);
                                   the next request works. PostgreSQL: the server really ends the
                                   connection (pg_terminate_backend) mid-request, and refuses new
                                   ones for a while; SQLite: a locked database (OperationalError).
  import killed with SIGKILL       a real import of a large spreadsheet in its own process, killed
                                   while it writes rows: no row of it remains, the database is sound
  a task that keeps failing        retried with backoff by the real worker, then FAILED with its
                                   error (never dropped); a task that recovers succeeds
  worker killed mid-task           the task stays RUNNING, visible, with the worker's id; requeued
                                   with `requeue_stalled_tasks`, it runs again to success
"""

import csv
import os
import signal
import smtplib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.test import Client, override_settings
from django.utils import timezone

from musharaka.initiatives.models import Initiative, Status
from musharaka.orgs.models import Role

ROOT = Path(settings.BASE_DIR)
POSTGRES = connection.vendor == "postgresql"
UNAVAILABLE_AR = "الخدمة غير متاحة مؤقتًا"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_ROWS = 1500
KILL_AFTER_ROWS = 40


def _unavailable(response, *, api: bool) -> None:
    assert response.status_code == 503
    if api:
        assert response.json()["code"] == "unavailable"
        assert response.json()["detail"]
    else:
        assert UNAVAILABLE_AR in response.text
        assert response["Retry-After"] == "5"


# ---------------------------------------------------------------- the database going away


def _terminate(pid: int) -> None:
    """End a server process from a connection of its own, as an administrator or a failover would."""
    admin = connections.create_connection("default")
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        admin.close()


@pytest.mark.skipif(not POSTGRES, reason="the server ending connections is a PostgreSQL case; SQLite's is below")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connection_ended_by_the_server_mid_request_is_a_503_then_service_resumes(make_initiative):
    make_initiative(status=Status.APPROVED)
    from musharaka.initiatives import selectors

    original = selectors.initiative_list

    def list_after_losing_the_connection(**kwargs):
        _terminate(connection.connection.info.backend_pid)  # the request's own connection, mid-request
        return original(**kwargs)

    client = Client(raise_request_exception=False)
    for url, is_api in (("/initiatives/", False), ("/api/v1/initiatives", True)):
        assert client.get(url).status_code == 200
        with mock.patch.object(selectors, "initiative_list", list_after_losing_the_connection):
            _unavailable(client.get(url), api=is_api)
        assert client.get(url).status_code == 200  # a fresh connection, no restart needed


@pytest.mark.skipif(not POSTGRES, reason="the server refusing connections is a PostgreSQL case; SQLite's is below")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_refusing_connections_is_a_503_for_everyone_then_service_resumes(make_user):
    import psycopg

    user = make_user()
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(user)
    anonymous = Client(raise_request_exception=False)
    name = connection.settings_dict["NAME"]
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    params.pop("cursor_factory", None)
    admin = psycopg.connect(**params, autocommit=True)
    try:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        _unavailable(anonymous.get("/initiatives/"), api=False)
        _unavailable(anonymous.get("/api/v1/initiatives"), api=True)
        # Signed in, the first query (the session) runs in the middleware, before any view.
        _unavailable(signed_in.get("/initiatives/"), api=False)
        _unavailable(signed_in.get("/api/v1/initiatives"), api=True)
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()
    assert anonymous.get("/initiatives/").status_code == 200
    assert signed_in.get("/api/v1/initiatives").status_code == 200


@pytest.mark.skipif(POSTGRES, reason="SQLite's case; PostgreSQL really loses its connections above")
def test_a_locked_sqlite_database_is_a_503_then_service_resumes(make_initiative):
    """The app's SQLite waits 20 s for a lock, then fails as below: the error is raised where the query runs."""
    make_initiative(status=Status.APPROVED)
    from musharaka.initiatives import selectors

    client = Client(raise_request_exception=False)
    for url, is_api in (("/initiatives/", False), ("/api/v1/initiatives", True)):
        with mock.patch.object(selectors, "initiative_list", side_effect=OperationalError("database is locked")):
            _unavailable(client.get(url), api=is_api)
        assert client.get(url).status_code == 200


# ---------------------------------------------------------------- a process the subprocess can see


def _database_for_a_subprocess(tmp_path) -> str:
    """DATABASE_URL of this test's committed data: the test database itself on PostgreSQL; on SQLite
    (whose test database lives in memory) a copy of it in a file, written with SQLite's backup API."""
    if POSTGRES:
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    path = tmp_path / "musharaka.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def _count(url: str, table: str, where: str = "") -> int:
    # Table names and conditions are this module's own constants, never input.
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table} {where}")  # noqa: S608
            return cursor.fetchone()[0]
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return db.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]  # noqa: S608


def _environment(url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTEST_XDIST_WORKER", "DEBUG")}
    env.update(DATABASE_URL=url, SECRET_KEY="reliability-tests-only", PYTHONPATH=str(ROOT), CONN_MAX_AGE="0")
    return env


def _wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _server_sessions_gone() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0] == 0


# ---------------------------------------------------------------- an import killed halfway


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_killed_halfway_leaves_no_row(make_org, make_member, tmp_path):
    organization = make_org()
    editor = make_member(organization, Role.EDITOR)
    sheet = tmp_path / "initiatives.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title_ar", "summary_ar", "lead_organization_id", "region", "budget"])
        for number in range(IMPORT_ROWS):
            writer.writerow([f"مبادرة مستوردة رقم {number}", "مبادرة لتعزيز المشاركة المجتمعية", organization.pk,
                             "SA-01", 1000 + number])
    url = _database_for_a_subprocess(tmp_path)
    table = Initiative._meta.db_table
    history = Initiative.history.model._meta.db_table
    assert _count(url, table) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "musharaka.reliability.import_driver", str(sheet), editor.username],
        cwd=ROOT, env=_environment(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        written = 0
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("row "):
                written += 1
            if written >= KILL_AFTER_ROWS or line.startswith("done"):
                break
        assert written >= KILL_AFTER_ROWS, f"the import wrote {written} rows; stderr: {process.stderr.read()}"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    if POSTGRES:
        _wait_for(_server_sessions_gone, 10, "the server to end the killed import's session")
    else:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Every row it wrote was inside its one transaction: none of them, nor their history, remains.
    assert _count(url, table) == 0
    assert _count(url, history) == 0


# ---------------------------------------------------------------- background tasks


def _run_worker() -> None:
    """The real worker loop of django-tasks-db, in this process, until no task is ready."""
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="reliability-tests", excluded_queue_names=[],
    )
    # It closes stale connections between tasks; inside this test's transaction that would end the test.
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.parametrize("failures", [2, 99])
def test_a_failing_mail_is_retried_with_backoff_then_recorded_as_failed(failures, make_user, mailoutbox, caplog):
    from django_tasks_db.models import DBTaskResult

    from musharaka.notifications import tasks
    from musharaka.notifications.services import notify

    user = make_user()
    notify(users=[user], title_for=lambda: "تذكير بموعد الملتقى", url="/events/1/")
    row = DBTaskResult.objects.get()
    assert row.status == "READY" and row.task_path == "musharaka.notifications.tasks.send_notification_mail"
    attempts = min(failures + 1, tasks.MAIL_ATTEMPTS)
    calls = {"count": 0}
    send_mail = tasks.send_mail

    def flaky_smtp(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] <= failures:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return send_mail(*args, **kwargs)

    delays = []
    with mock.patch.object(tasks, "send_mail", flaky_smtp):
        for attempt in range(1, attempts + 1):
            _run_worker()
            row.refresh_from_db()
            assert len(row.worker_ids) == attempt
            if row.status != "READY":
                break
            assert "SMTPServerDisconnected" in row.traceback  # the last error stays visible while it waits
            delays.append(round((row.run_after - timezone.now()).total_seconds() / 60))
            DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())  # time passes
    assert calls["count"] == attempts
    if failures < tasks.MAIL_ATTEMPTS:
        assert row.status == "SUCCESSFUL"
        assert row.traceback == ""
        assert [message.to for message in mailoutbox] == [[user.email]]
        assert delays == [1, 2]
    else:
        assert row.status == "FAILED"  # kept, with its error: nothing is dropped
        assert row.exception_class_path == "smtplib.SMTPServerDisconnected"
        assert "the mail server went away" in row.traceback
        assert delays == [1, 2, 4, 8, 16]  # minutes
        assert mailoutbox == []
        assert f"failed for good after {tasks.MAIL_ATTEMPTS} attempt(s): smtplib.SMTPServerDisconnected" in caplog.text


@override_settings(TASKS=DATABASE_TASKS)
def test_mail_is_queued_with_the_change_and_not_without_it(make_initiative, make_coordinator, region):
    from django_tasks_db.models import DBTaskResult

    coordinator = make_coordinator(region)
    initiative = make_initiative()
    from musharaka.initiatives import services

    with pytest.raises(ValueError), mock.patch.object(services, "_announce", side_effect=ValueError("boom")):
        services.initiative_transition(actor=initiative.created_by, initiative=initiative, action="submit")
    assert not DBTaskResult.objects.exists()
    services.initiative_transition(actor=initiative.created_by, initiative=initiative, action="submit")
    assert list(DBTaskResult.objects.values_list("args_kwargs__kwargs__to", flat=True)) == [coordinator.email]


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_task_leaves_the_task_visible_and_it_can_be_run_again(tmp_path):
    from django_tasks_db.models import DBTaskResult

    from musharaka.reliability.tasks import wait_for_file

    go = tmp_path / "go"
    result = wait_for_file.enqueue(str(go))
    url = _database_for_a_subprocess(tmp_path)
    table = DBTaskResult._meta.db_table
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1",
         "--worker-id", "doomed-worker", "--verbosity", "0"],
        cwd=ROOT, env=_environment(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(lambda: _count(url, table, "WHERE status = 'RUNNING'") == 1 or worker.poll() is not None, 30,
                  "the worker to claim the task")
        assert worker.poll() is None, worker.stderr.read()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stderr.close()
    if POSTGRES:
        _wait_for(_server_sessions_gone, 10, "the server to end the killed worker's session")
    # Not dropped, not silently retried: the row says who was running it and that it never finished.
    worker_ids = "worker_ids::text" if POSTGRES else "worker_ids"
    running = f"WHERE status = 'RUNNING' AND finished_at IS NULL AND {worker_ids} LIKE '%doomed-worker%'"
    assert _count(url, table, running) == 1
    # The operator's way back (cron): requeue what has been running too long, and a worker runs it again.
    go.touch()
    commands = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('requeue_stalled_tasks', '--older-than', '0'); "
        "call_command('db_worker', '--batch', '--no-reload', '--no-startup-delay', '--worker-id', 'second-worker')"
    )
    env = {**_environment(url), "DJANGO_SETTINGS_MODULE": "musharaka.settings"}
    finished = subprocess.run([sys.executable, "-c", commands], cwd=ROOT, env=env, timeout=60, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert "1 stalled task(s) requeued" in finished.stdout
    done = f"WHERE id = '{result.id.replace('-', '') if not POSTGRES else result.id}' AND status = 'SUCCESSFUL'"
    assert _count(url, table, done) == 1
