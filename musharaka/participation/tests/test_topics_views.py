"""The topic summary's pages and API: Arabic and English, bounded queries, stale summaries queued for a rebuild,
the editors' refresh, 404 for a process one may not see."""

import json

import pytest
from django.urls import reverse

from musharaka.geo.models import Neighbourhood
from musharaka.orgs.models import Role
from musharaka.participation import topic_selectors, topics
from musharaka.participation.models import ProcessStatus, TopicSummary

from .topics_helpers import add_comment, fill, make_process

pytestmark = pytest.mark.django_db
API = "/api/v1/participation"


@pytest.fixture
def world(make_org, make_user, make_member):
    org = make_org()
    process = make_process(org)
    hoods = list(Neighbourhood.objects.filter(city__region=org.region).order_by("pk")[:3])
    resident = make_user()
    made = fill(process, resident, neighbourhoods=[*hoods, None, None, None][:3])
    editor = make_member(org, Role.EDITOR)
    return process, resident, editor, made, hoods


def _built(process):
    process.refresh_from_db()
    return topics.topics_refresh(process)


@pytest.mark.parametrize("prefix,heading,lang", [("", "ملخص المدخلات", "ar"), ("/en", "Summary of input", "en")])
def test_page_in_both_languages(world, client_for, prefix, heading, lang, django_assert_max_num_queries):
    process, resident, _editor, _made, hoods = world
    _built(process)
    client = client_for(resident)
    client.get(f"{prefix}/participation/{process.pk}/topics/")  # warm the session and the caches
    with django_assert_max_num_queries(12):
        answer = client.get(f"{prefix}/participation/{process.pk}/topics/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert f'lang="{lang}"' in page and heading in page
    assert page.count('data-testid="topic"') == 3
    assert 3 * 3 <= page.count('data-testid="representative"') <= 3 * 5
    assert 'id="topics-chart-data"' in page and "chart.umd.min.js" in page
    if hoods:
        assert hoods[0].name_ar in page or hoods[0].name_en in page
    assert "topics_refresh" not in page and "/topics/refresh/" not in page  # residents get no refresh button
    data = json.loads(page.split('id="topics-chart-data">')[1].split("</script>")[0])
    assert sum(data["ideas"]) == 15


def test_stale_summary_is_shown_and_queued(world, client_for, django_capture_on_commit_callbacks):
    process, resident, _editor, made, _hoods = world
    summary = _built(process)
    add_comment(made["parks"][0], resident, "حديقة جميلة للأطفال")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = client_for(None).get(f"/en/participation/{process.pk}/topics/")
    assert answer.status_code == 200
    assert "A newer summary is being prepared" in answer.content.decode()
    assert len(callbacks) == 1 and topics.is_pending(process.pk)
    with django_capture_on_commit_callbacks(execute=False) as again:
        client_for(None).get(f"/en/participation/{process.pk}/topics/")
    assert not again  # one pending rebuild per process
    callbacks[0]()
    fresh = TopicSummary.objects.get(pk=summary.pk)
    process.refresh_from_db()
    assert fresh.input_version == process.input_version and not topics.is_pending(process.pk)


def test_no_summary_yet_page(make_org, client_for, django_capture_on_commit_callbacks):
    process = make_process(make_org())
    with django_capture_on_commit_callbacks(execute=False):
        answer = client_for(None).get(f"/en/participation/{process.pk}/topics/")
    assert answer.status_code == 200 and "No summary has been built yet." in answer.content.decode()


def test_draft_process_is_hidden(make_org, make_member, client_for):
    org = make_org()
    process = make_process(org, status=ProcessStatus.DRAFT)
    assert client_for(None).get(f"/participation/{process.pk}/topics/").status_code == 404
    assert client_for(None).get(f"{API}/processes/{process.pk}/topics").status_code == 404
    editor = make_member(org, Role.EDITOR)
    assert client_for(editor).get(f"/participation/{process.pk}/topics/").status_code == 200
    assert client_for(None).get("/participation/999999/topics/").status_code == 404


def test_refresh_by_editors_only(world, client_for, django_capture_on_commit_callbacks):
    process, resident, editor, _made, _hoods = world
    url = reverse("participation:topics_refresh", args=[process.pk])
    assert client_for(resident).post(url).status_code == 403
    anonymous = client_for(None).post(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client_for(editor).get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(editor).post(url)
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{process.pk}/topics/")
    assert TopicSummary.objects.get(process=process).topics.count() == 3
    page = client_for(editor).get(f"/en/participation/{process.pk}/topics/").content.decode()
    assert "Build a new summary now" in page


def test_api_reads_the_summary(world, client_for):
    process, _resident, _editor, _made, hoods = world
    _built(process)
    answer = client_for(None).get(f"{API}/processes/{process.pk}/topics", headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["stale"] is False and body["pending"] is False and body["post_count"] == 15
    assert len(body["topics"]) == 3 and sum(topic["size"] for topic in body["topics"]) == 15
    groups = {topic["by_group"][0]["key"] for topic in body["topics"]}
    assert groups == {"youth", "women", "elders"}
    first = body["topics"][0]
    assert first["representatives"] and {"kind", "id", "idea_id", "text"} <= set(first["representatives"][0])
    if hoods:
        assert any(row["key"] == str(hoods[0].pk) for topic in body["topics"] for row in topic["by_neighbourhood"])


def test_api_refresh(world, client_for, django_capture_on_commit_callbacks):
    process, resident, editor, _made, _hoods = world
    url = f"{API}/processes/{process.pk}/topics/refresh"
    assert client_for(None).post(url).status_code == 401
    assert client_for(resident).post(url).status_code == 403
    assert client_for(None).post(f"{API}/processes/999999/topics/refresh").status_code in (401, 404)
    with django_capture_on_commit_callbacks(execute=False):
        first = client_for(editor).post(url)
        second = client_for(editor).post(url)
    assert first.status_code == 202 and first.json() == {"queued": True, "pending": True}
    assert second.status_code == 202 and second.json()["queued"] is False


def test_process_panel(world, make_org, client_for, django_assert_max_num_queries):
    process, resident, _editor, _made, _hoods = world
    _built(process)
    process.refresh_from_db()
    with django_assert_max_num_queries(2):
        panel = topic_selectors.process_panel(process, resident)
    assert panel["topics_visible"] and len(panel["topics_top"]) == 3 and not panel["topics_stale"]
    assert panel["topics_url"].endswith(f"/{process.pk}/topics/")
    draft = make_process(make_org(), status=ProcessStatus.DRAFT)
    assert topic_selectors.process_panel(draft, resident) == {"topics_visible": False}



def test_process_panel_partial_renders(world):
    """As the ideas part's process page includes it: `panel_context` holds topics_selectors.process_panel's dict."""
    from django.template.loader import get_template

    from musharaka.participation import topics_selectors

    process, resident, _editor, _made, _hoods = world
    _built(process)
    process.refresh_from_db()
    template = get_template("participation/topics/_process_panel.html")
    html = template.render({"panel_context": topics_selectors.process_panel(process, resident)})
    assert 'data-testid="topics-panel"' in html and f"/{process.pk}/topics/" in html
    assert html.count("<li>") == 3
    assert "topics-panel" not in template.render({"panel_context": {"topics_visible": False}})
