import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from musharaka.reliability.test_hostile_input import EXE, HTML, PDF, SVG_WITH_SCRIPT, png_bytes
from musharaka.results.models import Indicator, Period, Result, Update, UpdateEvidence, UpdateStatus

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_result_indicator_and_period_are_made_through_the_pages(results_world, client_for):
    world = results_world()
    http = client_for(world.admin)
    url = reverse("results:result_create", args=["initiative", world.initiative.pk])
    assert 'lang="ar"' in http.get(url).content.decode()
    response = http.post(url, {"level": "output", "title_ar": "تدريب الشباب على المهارات الرقمية"})
    assert response.status_code == 302
    result = Result.objects.get(title_ar="تدريب الشباب على المهارات الرقمية")
    response = http.post(reverse("results:indicator_create", args=[result.pk]), {
        "title_ar": "عدد المتدربين", "measure": "unit", "ascending": "on", "baseline_value": "10",
        "dimensions": [world_dimension("sex").pk]})
    indicator = Indicator.objects.get(result=result)
    assert response.status_code == 302 and response["Location"].endswith(f"/indicator/{indicator.pk}/periods/new/")
    http.post(reverse("results:period_create", args=[indicator.pk]),
              {"start": "2026-01-01", "end": "2026-06-30", "target_value": "110"})
    period = Period.objects.get(indicator=indicator)
    assert period.target_value == 110
    page = client_for(None).get("/en" + reverse("results:indicator", args=[indicator.pk])).content.decode()
    assert 'lang="en"' in page and "Trend: actual against target" in page and 'data-testid="trend-table"' in page
    http.post(reverse("results:period_edit", args=[period.pk]), {"action": "lock"})
    period.refresh_from_db()
    assert period.locked


def world_dimension(code):
    from musharaka.results.models import Dimension

    return Dimension.objects.get(code=code)


def test_update_is_reported_with_a_breakdown_and_approved_by_another_person(results_world, client_for):
    world = results_world()
    indicator = world.indicator(dimensions=("sex",))
    period = indicator.periods.get()
    values = {v.code: v for v in world_dimension("sex").values.all()}
    editor = client_for(world.editor)
    form = editor.get(reverse("results:update_create", args=[period.pk])).content.decode()
    assert f'for="id_part_{values["female"].pk}_value"' in form  # one labelled input per value
    response = editor.post(reverse("results:update_create", args=[period.pk]), {
        "value": "30", f"part_{values['female'].pk}_value": "18", "narrative": "تدريب الدفعة الأولى",
        "evidence": SimpleUploadedFile("report.pdf", PDF, "application/pdf"), "submit": "1"})
    update = Update.objects.get()
    assert response.status_code == 302 and update.status == UpdateStatus.PENDING
    assert update.evidence.count() == 1
    # The author may not approve it (four eyes); the admin does.
    assert editor.post(reverse("results:update", args=[update.pk]), {"action": "approve"}).status_code == 403
    admin = client_for(world.admin)
    assert "data-testid=\"queue\"" in admin.get(reverse("results:queue")).content.decode()
    assert admin.post(reverse("results:update", args=[update.pk]), {"action": "approve"}).status_code == 302
    update.refresh_from_db()
    indicator.refresh_from_db()
    assert update.status == UpdateStatus.APPROVED and indicator.actual_value == 30
    page = client_for(None).get(reverse("results:indicator", args=[indicator.pk])).content.decode()
    assert 'data-testid="breakdown-sex"' in page and 'data-testid="unspecified"' in page  # 12 not specified
    assert "غير مكتمل" in page


def test_returned_update_needs_a_comment_and_goes_back_to_its_author(results_world, client_for):
    world = results_world()
    period = world.indicator().periods.get()
    update = world.report(period, value="5", approve=False)
    admin = client_for(world.admin)
    response = admin.post(reverse("results:update", args=[update.pk]), {"action": "return", "comment": ""})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    admin.post(reverse("results:update", args=[update.pk]), {"action": "return", "comment": "أرفق كشف الحضور"})
    update.refresh_from_db()
    assert update.status == UpdateStatus.RETURNED
    editor = client_for(world.editor)
    response = editor.post(reverse("results:update_edit", args=[update.pk]), {"value": "6", "submit": "1"})
    update.refresh_from_db()
    assert response.status_code == 302 and update.status == UpdateStatus.PENDING and update.value == 6


def test_pending_updates_and_a_draft_initiatives_results_are_not_there_for_the_public(results_world, client_for,
                                                                                         make_user):
    world = results_world()
    period = world.indicator().periods.get()
    update = world.report(period, value="5", approve=False)
    stranger = client_for(make_user())
    assert stranger.get(reverse("results:update", args=[update.pk])).status_code == 404
    assert stranger.get(reverse("results:update_create", args=[period.pk])).status_code == 403
    assert stranger.get(reverse("results:result_edit", args=[world.result.pk])).status_code == 403
    draft = results_world(status="draft")
    indicator = draft.indicator()
    assert stranger.get(reverse("results:indicator", args=[indicator.pk])).status_code == 404
    assert stranger.get(reverse("results:result_create", args=["initiative", draft.initiative.pk])).status_code == 404
    assert stranger.get(reverse("results:result_create", args=["plan", 1])).status_code == 404


@pytest.mark.parametrize(("name", "content"), [
    ("report.pdf", EXE), ("page.pdf", HTML), ("drawing.png", SVG_WITH_SCRIPT), ("script.pdf", b"<script>x</script>"),
])
def test_evidence_upload_refuses_hostile_files(results_world, client_for, name, content):
    world = results_world()
    period = world.indicator().periods.get()
    response = client_for(world.editor).post(reverse("results:update_create", args=[period.pk]), {
        "value": "3", "evidence": SimpleUploadedFile(name, content, "application/pdf")}, **EN)
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert Update.objects.count() == 0 and UpdateEvidence.objects.count() == 0  # all or nothing


def test_evidence_is_served_to_readers_of_the_update_only(results_world, client_for, make_user):
    world = results_world()
    period = world.indicator().periods.get()
    from musharaka.results import services

    update = services.update_create(actor=world.editor, period=period, data={"value": "3"})
    evidence = services.evidence_add(actor=world.editor, update=update,
                                     upload=SimpleUploadedFile("photo.png", png_bytes(), "image/png"))
    services.update_submit(actor=world.editor, update=update)
    name = evidence.file.name.rsplit("/", 1)[-1]
    url = reverse("results:evidence", args=[evidence.pk, name])
    assert client_for(world.admin).get(url).status_code == 200
    assert client_for(make_user()).get(url).status_code == 404  # pending: not yet public
    assert client_for(world.admin).get(reverse("results:evidence", args=[evidence.pk, "other.png"])).status_code == 404
    services.update_approve(actor=world.admin, update=update)
    response = client_for(make_user()).get(url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")


def test_indicator_page_runs_a_fixed_number_of_queries(results_world, client_for):
    world = results_world()
    periods = [(datetime.date(2026, m, 1), datetime.date(2026, m, 28), "10") for m in range(1, 4)]
    indicator = world.indicator(dimensions=("sex", "age_group"), periods=periods)
    http = client_for(world.admin)
    url = reverse("results:indicator", args=[indicator.pk])

    def count():
        http.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert http.get(url).status_code == 200
        return len(queries.captured_queries)

    world.report(indicator.periods.first(), value="1")  # with one update, so that every prefetch runs
    few = count()
    for period in indicator.periods.all():
        for value in ("1", "2", "3"):
            world.report(period, value=value)
        world.report(period, value="4", approve=False)
    assert count() == few
