"""The catalogue's cached counts, first pages and cards follow every write at once, and paging past the
cached pages keeps the same order."""

from musharaka.initiatives import selectors, services
from musharaka.orgs.models import Role


def status_counts(response) -> dict:
    return {item["value"]: item["count"] for item in response.context["facets"]["status"]}


def test_catalogue_counts_and_cards_follow_writes_at_once(client, make_initiative, make_member):
    first = make_initiative(status="approved")
    response = client.get("/initiatives/")
    assert response.context["page_obj"].paginator.count == 1
    assert status_counts(response) == {"approved": 1}

    second = make_initiative(status="approved")
    response = client.get("/initiatives/")
    assert response.context["page_obj"].paginator.count == 2
    assert [row.pk for row in response.context["page_obj"]] == [second.pk, first.pk]

    editor = make_member(first.lead_organization, Role.EDITOR)
    services.initiative_transition(actor=editor, initiative=first, action="activate")
    response = client.get("/initiatives/")
    assert status_counts(response) == {"approved": 1, "active": 1}
    assert response.content.decode().count("status-active") == 1  # the card of `first` was rendered again

    services.initiative_update(actor=editor, initiative=first, expected_version=None, data={"title_ar": "عنوان جديد"})
    assert "عنوان جديد" in client.get("/initiatives/").content.decode()
    assert "عنوان جديد" in client.get(f"/initiatives/organizations/{first.lead_organization_id}/").content.decode()


def test_pages_past_the_cached_ones_keep_the_order(client, make_initiative, monkeypatch):
    monkeypatch.setattr(selectors, "HEAD_ROWS", 3)
    for _ in range(7):
        make_initiative(status="approved")
    whole = client.get("/api/v1/initiatives", {"page_size": 7}).json()
    pages = [client.get("/api/v1/initiatives", {"page_size": 2, "page": number}).json() for number in range(1, 5)]
    assert whole["count"] == 7 and {page["count"] for page in pages} == {7}
    assert [item["id"] for page in pages for item in page["results"]] == [item["id"] for item in whole["results"]]
    assert [len(page["results"]) for page in pages] == [2, 2, 2, 1]


def test_first_page_ids_merged_from_each_published_status_keep_the_newest_order(make_initiative, make_user):
    import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from musharaka.initiatives.models import Initiative
    from musharaka.taxonomy.models import SDG, Axis

    axis, sdg = Axis.objects.first(), SDG.objects.get(number=11)
    made = [make_initiative(status=status, axes=[axis] if n % 2 else [], sdgs=[sdg] if n % 3 else [])
            for n, status in enumerate(["approved", "active", "completed", "draft", "approved", "active", "completed",
                                        "submitted", "active", "approved"])]
    # Ties on the publication time are ordered by id, as the plain query orders them.
    tied = datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC)
    Initiative.objects.filter(pk__in=[made[1].pk, made[4].pk, made[6].pk]).update(published_at=tied)
    for user in (AnonymousUser(), make_user()):
        for filters in (selectors.InitiativeFilters(), selectors.InitiativeFilters(axis=axis.pk),
                        selectors.InitiativeFilters(sdg=11, sort="newest")):
            rows = selectors.InitiativeRows(selectors.initiative_list(user=user, filters=filters), user=user,
                                            filters=filters)
            plain = list(rows.queryset.values_list("pk", flat=True))
            assert len(plain) > 2
            with CaptureQueriesContext(connection) as queries:
                assert rows._first_ids(selectors.HEAD_ROWS) == plain
                assert rows._first_ids(2) == plain[:2]
            assert len(queries.captured_queries) == 2  # one statement each
            assert "UNION ALL" in queries.captured_queries[0]["sql"]
