"""Similar initiatives are computed by the background task and only read by the page and the API."""

import datetime

from django.utils import timezone

from musharaka.initiatives import selectors, services, tasks
from musharaka.initiatives.models import SimilarInitiatives
from musharaka.taxonomy.models import Axis


def twins(make_initiative, make_org, other_region):
    axis = Axis.objects.get(code="sustainability")
    source = make_initiative(status="approved", title_ar="تشجير الأحياء السكنية", summary_ar="زراعة الأشجار",
                             axes=[axis])
    twin = make_initiative(make_org(region=other_region), status="approved", title_ar="تشجير الأحياء في جدة",
                           summary_ar="غرس الأشجار", axes=[axis])
    return source, twin


def test_a_change_the_score_reads_recomputes_the_list_once_committed(make_initiative, make_org, other_region,
                                                                    platform_admin, django_capture_on_commit_callbacks,
                                                                    monkeypatch):
    source, twin = twins(make_initiative, make_org, other_region)
    asked = []
    recompute = services.similar_changed

    def counted(*, initiative):
        asked.append(initiative.pk)
        recompute(initiative=initiative)

    # Counted at the service's own call (other on-commit work, such as the search index version, is not ours).
    monkeypatch.setattr(services, "similar_changed", counted)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_update(actor=platform_admin, initiative=source, data={"budget": 5000}, expected_version=None)
    assert asked == []  # the budget is not part of the score
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_update(actor=platform_admin, initiative=source, data={"title_ar": "تشجير الحدائق والأحياء"},
                                   expected_version=None)
    assert asked == [source.pk]
    stored = SimilarInitiatives.objects.get(initiative=source)
    assert [pk for pk, _score in stored.items] == [twin.pk] and stored.version == source.version + 2


def test_publication_recomputes_and_an_unpublished_one_drops_out_at_once(make_initiative, make_org, other_region,
                                                                       platform_admin,
                                                                       django_capture_on_commit_callbacks):
    source, twin = twins(make_initiative, make_org, other_region)
    tasks.compute_similar.call(initiative_id=source.pk)
    assert [row.pk for row in selectors.similar_rows(initiative=source)] == [twin.pk]
    assert not SimilarInitiatives.objects.filter(initiative=twin).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(actor=platform_admin, initiative=twin, action="cancel")
    assert SimilarInitiatives.objects.filter(initiative=twin).exists()  # its own list: it left publication
    assert selectors.similar_rows(initiative=source) == []  # read, not recomputed: filtered by status


def test_a_list_older_than_a_day_is_shown_and_recomputed(make_initiative, make_org, other_region,
                                                        django_capture_on_commit_callbacks):
    source, twin = twins(make_initiative, make_org, other_region)
    SimilarInitiatives.objects.create(initiative=source, items=[], computed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as asked:
        assert selectors.similar_rows(initiative=source) == []
    assert asked == []  # fresh: no recomputation
    SimilarInitiatives.objects.filter(initiative=source).update(computed_at=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True) as asked:
        assert selectors.similar_rows(initiative=source) == []  # the stored list, as it was
        selectors.similar_rows(initiative=source)
    assert len(asked) == 1  # asked once, however often read
    assert [row.pk for row in selectors.similar_rows(initiative=source)] == [twin.pk]


def test_the_page_and_the_api_never_compute(client, make_initiative, make_org, other_region,
                                           django_assert_num_queries):
    source, twin = twins(make_initiative, make_org, other_region)
    tasks.compute_similar.call(initiative_id=source.pk)
    page = client.get(f"/initiatives/{source.pk}/")
    assert [row.pk for row in page.context["similar"]] == [twin.pk]
    assert [item["id"] for item in client.get(f"/api/v1/initiatives/{source.pk}/similar").json()] == [twin.pk]
    with django_assert_num_queries(2):  # the stored list, its rows
        selectors.similar_rows(initiative=source)
