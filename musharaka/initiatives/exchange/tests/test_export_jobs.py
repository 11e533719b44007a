import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from musharaka.initiatives.exchange import exports, services
from musharaka.initiatives.exchange.models import ExportJob, ExportStatus
from musharaka.initiatives.exchange.selectors import export_job_get
from musharaka.initiatives.exchange.tasks import build_xlsx_export
from musharaka.initiatives.filters import parse_filters
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db
START = "/initiatives/export.xlsx"
API = "/api/v1/initiatives/exports"


def workbook_ids(content: bytes) -> list[int]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def initiatives(make_initiative, lead_org, editor):
    published = [make_initiative(lead_org, editor=editor, status="approved") for _ in range(3)]
    draft = make_initiative(lead_org, editor=editor, title_ar="مسودة الفريق")
    return published, draft


def test_page_starts_a_job_and_shows_the_download(client_for, editor, initiatives, django_capture_on_commit_callbacks):
    published, _draft = initiatives
    client = client_for(editor)
    form = client.get(START, {"status": "approved"})
    assert form.status_code == 200 and 'data-testid="export-start"' in form.text
    assert ExportJob.objects.count() == 0  # looking at the form starts nothing
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{START}?status=approved")
    job = ExportJob.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/initiatives/exports/{job.pk}/"
    assert (job.requested_by, job.filters["status"], job.status) == (editor, "approved", ExportStatus.DONE)
    assert job.rows_done == job.rows_total == 3
    assert Path(job.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    page = client.get(started["Location"])
    assert 'data-testid="export-download"' in page.text and 'hx-trigger="every 1s"' not in page.text
    assert "الملف جاهز: 3 مبادرات." in page.text and "نزّل ملف إكسل" in page.text
    download = client.get(f"/initiatives/exports/{job.pk}/file")
    assert download.status_code == 200
    assert workbook_ids(body(download)) == [initiative.pk for initiative in published]


def test_rows_are_what_the_person_may_see(client_for, editor, make_user, initiatives, django_capture_on_commit_callbacks):
    published, draft = initiatives
    for person, expected in ((editor, [*published, draft]), (make_user(), published)):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client_for(person).post(API)
        job = client_for(person).get(answer["Location"]).json()
        content = body(client_for(person).get(job["file_url"]))
        assert workbook_ids(content) == sorted(initiative.pk for initiative in expected)


def test_someone_elses_job_is_not_found(client_for, editor, make_user, make_member, lead_org, platform_admin,
                                        initiatives, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job_id = client_for(editor).post(API).json()["id"]
    # A colleague of the same organisation is someone else too.
    for stranger in (make_user(), make_member(lead_org, Role.ADMIN)):
        client = client_for(stranger)
        for path in (f"/initiatives/exports/{job_id}/", f"/initiatives/exports/{job_id}/status",
                     f"/initiatives/exports/{job_id}/file"):
            assert client.get(path).status_code == 404, path
        for path in (f"{API}/{job_id}", f"{API}/{job_id}/file"):
            answer = client.get(path)
            assert answer.status_code == 404 and answer.json()["code"] == "not_found", path
    admin = client_for(platform_admin)
    assert admin.get(f"/initiatives/exports/{job_id}/file").status_code == 200
    assert admin.get(f"{API}/{job_id}").json()["status"] == "done"
    assert client_for(editor).get(f"{API}/00000000-0000-0000-0000-000000000000").status_code == 404


def test_anonymous_visitors_sign_in_first(client):
    assert client.get(START).status_code == 302
    assert client.post(START).status_code == 302
    assert client.post(API).status_code == 401
    assert ExportJob.objects.count() == 0


def test_api_job_lifecycle_and_not_ready_file(client_for, editor, initiatives):
    client = client_for(editor)
    started = client.post(API, QUERY_STRING="region=abc")
    assert started.status_code == 422
    queued = client.post(API)  # no commit in this test: the task never runs, the job waits
    assert queued.status_code == 202
    job = queued.json()
    assert (job["status"], job["rows_done"], job["percent"], job["file_url"]) == ("queued", 0, 0, None)
    assert queued["Location"] == job["url"] == f"{API}/{job['id']}"
    not_ready = client.get(f"{API}/{job['id']}/file")
    assert not_ready.status_code == 409 and not_ready.json()["code"] == "export_not_ready"
    partial = client.get(f"/initiatives/exports/{job['id']}/status")
    assert 'hx-trigger="every 1s"' in partial.text and "<progress" in partial.text
    assert client.get(f"/initiatives/exports/{job['id']}/file").status_code == 404


def test_at_most_three_unfinished_jobs(client_for, editor):
    client = client_for(editor)
    assert [client.post(API).status_code for _ in range(3)] == [202, 202, 202]
    refused = client.post(API)
    assert refused.status_code == 409 and refused.json()["code"] == "too_many_exports"
    page = client.post(START, follow=True)
    assert page.status_code == 200 and ExportJob.objects.count() == 3


def test_a_failing_job_is_failed_and_a_new_one_can_start(client_for, editor, initiatives, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    def broken(job, output, *, on_progress):
        on_progress(0, 3)
        Path(output).write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr("musharaka.initiatives.exchange.tasks.xlsx_export_write", broken)
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        job_id = client.post(API).json()["id"]
    job = ExportJob.objects.get(pk=job_id)
    assert job.status == ExportStatus.FAILED and job.error == "OSError: disk full" and not job.file
    assert not list((Path(settings.PRIVATE_MEDIA_ROOT) / "exports").iterdir())  # no half file left
    page = client.get(f"/initiatives/exports/{job_id}/")
    assert 'data-status="failed"' in page.text and 'hx-trigger' not in page.text
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(API).json()
    assert again["id"] != job_id and client.get(again["url"]).json()["status"] == "done"


def test_a_job_whose_worker_died_reads_failed_and_is_not_run_again(client_for, editor, initiatives):
    client = client_for(editor)
    job_id = client.post(API).json()["id"]
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ExportJob.objects.filter(pk=job_id).update(status=ExportStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago,
                                               rows_total=3, rows_done=1)
    assert client.get(f"{API}/{job_id}").json()["status"] == "failed"
    assert 'data-status="failed"' in client.get(f"/initiatives/exports/{job_id}/status").text
    # The task handed out again (requeue_stalled_tasks) leaves the job alone: a retry is a new job.
    build_xlsx_export.call(job_id=job_id)
    assert ExportJob.objects.get(pk=job_id).rows_done == 1
    result = services.export_jobs_prune()
    assert result.stalled == 1
    job = ExportJob.objects.get(pk=job_id)
    assert job.status == ExportStatus.FAILED and job.error == services.STALLED_ERROR


def test_prune_removes_expired_jobs_their_files_and_stray_files(client_for, editor, initiatives,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old_id = client_for(editor).post(API).json()["id"]
        kept_id = client_for(editor).post(API).json()["id"]
    old = ExportJob.objects.get(pk=old_id)
    path = Path(old.file.path)
    stray = path.with_name("left-by-a-killed-worker.xlsx.part")
    stray.write_bytes(b"x")
    later = timezone.now() + services.KEEP_FOR + datetime.timedelta(minutes=1)
    ExportJob.objects.filter(pk=kept_id).update(expires_at=later + datetime.timedelta(hours=1))
    result = services.export_jobs_prune(now=later)
    assert (result.deleted, result.files) == (1, 2)
    assert not path.exists() and not stray.exists()
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [ExportJob.objects.get(pk=kept_id).pk]
    assert Path(ExportJob.objects.get(pk=kept_id).file.path).exists()


def test_prune_command(editor, capsys):
    from django.core.management import call_command

    call_command("prune_export_jobs")
    assert "0 stalled" in capsys.readouterr().out


def test_export_job_get_only_for_its_owner(editor, make_user, platform_admin):
    job = ExportJob.objects.create(requested_by=editor, language="ar", row_url="http://x/{id}/",
                                   expires_at=timezone.now())
    assert export_job_get(user=editor, job_id=job.pk) == job
    assert export_job_get(user=platform_admin, job_id=job.pk) == job
    with pytest.raises(ExportJob.DoesNotExist):
        export_job_get(user=make_user(), job_id=job.pk)


def test_workbook_is_written_in_the_jobs_language_with_progress(editor, initiatives, tmp_path, monkeypatch):
    monkeypatch.setattr("musharaka.initiatives.exchange.selectors.CHUNK_SIZE", 2)
    job = ExportJob.objects.create(requested_by=editor, language="en", row_url="https://example.org/en/i/{id}/",
                                   filters={}, expires_at=timezone.now())
    progress = []
    from django.utils import translation

    with translation.override("en"):
        exports.xlsx_export_write(job, tmp_path / "out.xlsx", on_progress=lambda done, total: progress.append((done, total)))
    assert progress == [(0, 4), (2, None), (4, None)]
    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "ID (id)" and rows[1][-1] == f"https://example.org/en/i/{rows[1][0]}/"
    assert parse_filters(job.filters).is_empty()
