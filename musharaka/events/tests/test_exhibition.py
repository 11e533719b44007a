"""The exhibition of initiatives (part 7): booths, showcases, likes, moderated comments; pages and API."""

from functools import partial

import pytest
from django.urls import reverse

from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.events import exhibition
from musharaka.events.models import CommentStatus, Showcase, ShowcaseComment, ShowcaseLike
from musharaka.geo.models import City, Neighbourhood
from musharaka.orgs.models import Role
from musharaka.reliability.test_concurrency import ROUNDS, _people, parallel, race

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(make_event, organiser, make_initiative, make_org, make_user):
    """A published forum with two neighbourhood booths and three published initiatives shown, one unpublished."""
    org, editor = organiser
    event = make_event()
    city, _new = City.objects.get_or_create(region=org.region, name_ar="مدينة المعرض")
    north = Neighbourhood.objects.create(city=city, name_ar="حي الشمال", name_en="North")
    south = Neighbourhood.objects.create(city=city, name_ar="حي الجنوب", name_en="South")
    booth_n = exhibition.booth_create(actor=editor, event=event, data={"name_ar": "جناح حي الشمال", "number": "A1",
                                                                       "neighbourhood": north})
    booth_s = exhibition.booth_create(actor=editor, event=event, data={"name_ar": "جناح حي الجنوب", "number": "B2",
                                                                       "neighbourhood": south, "order": 1})
    other = make_org("جمعية البر الأهلية")
    shown = [make_initiative(other, status="active", title_ar=f"مبادرة الحي {n}") for n in range(3)]
    draft = make_initiative(org, status="draft", title_ar="مبادرة لم تنشر بعد")
    showcases = [exhibition.showcase_add(actor=editor, event=event, initiative=i, booth=b)
                 for i, b in zip(shown, (booth_n, booth_n, booth_s), strict=True)]
    hidden = exhibition.showcase_add(actor=editor, event=event, initiative=draft, booth=booth_s)
    return {"event": event, "editor": editor, "booths": (booth_n, booth_s), "showcases": showcases,
            "hidden": hidden, "visitor": make_user("visitor"), "other": make_user("other"), "org": org}


def test_showcase_add_twice_refused_and_outsider_refused(fair, make_user):
    with pytest.raises(Conflict):
        exhibition.showcase_add(actor=fair["editor"], event=fair["event"],
                                initiative=fair["showcases"][0].initiative)
    with pytest.raises(NotPermitted):
        exhibition.booth_create(actor=fair["visitor"], event=fair["event"], data={"name_ar": "جناح"})


def test_showcase_add_initiative_not_visible_to_organiser_not_found(fair, make_initiative, make_org):
    draft_elsewhere = make_initiative(make_org(), status="draft")
    with pytest.raises(NotFound):
        exhibition.showcase_add(actor=fair["editor"], event=fair["event"], initiative=draft_elsewhere)


def test_like_once_per_person_and_unlike(fair):
    showcase, visitor = fair["showcases"][0], fair["visitor"]
    for _ in range(3):
        showcase = exhibition.showcase_like(actor=visitor, showcase=showcase)
    assert showcase.like_count == 1 == ShowcaseLike.objects.filter(showcase=showcase).count()
    exhibition.showcase_like(actor=fair["other"], showcase=showcase)
    showcase = exhibition.showcase_unlike(actor=visitor, showcase=showcase)
    showcase = exhibition.showcase_unlike(actor=visitor, showcase=showcase)
    assert showcase.like_count == 1 == ShowcaseLike.objects.filter(showcase=showcase).count()


def test_unpublished_initiative_takes_no_likes_and_is_not_shown(fair, client_for):
    with pytest.raises(NotPermitted):
        exhibition.showcase_like(actor=fair["visitor"], showcase=fair["hidden"])
    with pytest.raises(NotPermitted):
        exhibition.comment_post(actor=fair["visitor"], showcase=fair["hidden"], text="مبادرة رائعة")
    event = fair["event"]
    page = client_for(fair["visitor"]).get(reverse("events:exhibition", args=[event.pk]))
    assert "مبادرة لم تنشر بعد" not in page.content.decode()
    assert page.content.decode().count('data-testid="showcase"') == 3
    assert client_for().get(reverse("events:showcase", args=[event.pk, fair["hidden"].pk])).status_code == 404
    api = client_for().get(f"/api/v1/events/{event.pk}/exhibition").json()
    assert sorted(s["id"] for s in api["showcases"]) == sorted(s.pk for s in fair["showcases"])
    # The organisers see it, marked.
    managed = client_for(fair["editor"]).get(reverse("events:showcase", args=[event.pk, fair["hidden"].pk]))
    assert managed.status_code == 200 and "غير معروضة للجمهور" in managed.content.decode()


def test_comment_cleaned_and_limited(fair):
    showcase = fair["showcases"][0]
    comment = exhibition.comment_post(actor=fair["visitor"], showcase=showcase, text="  \u202eمبادرة مفيدة\u202c  ")
    assert comment.text == "مبادرة مفيدة" and comment.status == CommentStatus.PENDING
    with pytest.raises(InvalidInput):
        exhibition.comment_post(actor=fair["visitor"], showcase=showcase, text="نص\x07مخفي")
    with pytest.raises(InvalidInput):
        exhibition.comment_post(actor=fair["visitor"], showcase=showcase, text=" ا ")
    with pytest.raises(InvalidInput):
        exhibition.comment_post(actor=fair["visitor"], showcase=showcase, text="ا" * 1001)


def test_comment_moderation_counts_and_roles(fair, make_member, make_coordinator, make_org):
    showcase, event = fair["showcases"][0], fair["event"]
    comment = exhibition.comment_post(actor=fair["visitor"], showcase=showcase, text="أتمنى تعميم المبادرة")
    viewer = make_member(fair["org"], Role.VIEWER)
    for outsider in (fair["visitor"], viewer, make_member(make_org(), Role.ADMIN)):
        with pytest.raises(NotPermitted):
            exhibition.comment_moderate(actor=outsider, comment=comment, action="approve")
    exhibition.comment_moderate(actor=fair["editor"], comment=comment, action="approve")
    assert Showcase.objects.get(pk=showcase.pk).comment_count == 1
    with pytest.raises(Conflict):
        exhibition.comment_moderate(actor=fair["editor"], comment=comment, action="approve")
    coordinator = make_coordinator(event.region)
    exhibition.comment_moderate(actor=coordinator, comment=comment, action="hide")
    assert Showcase.objects.get(pk=showcase.pk).comment_count == 0
    pending = exhibition.comment_post(actor=fair["other"], showcase=showcase, text="ممتازة")
    exhibition.comment_moderate(actor=fair["editor"], comment=pending, action="hide")
    assert Showcase.objects.get(pk=showcase.pk).comment_count == 0


def test_exhibition_grouped_by_neighbourhood_and_by_organisation(fair):
    data = exhibition.exhibition(fair["event"])
    assert data["grouping"] == "neighbourhood"
    assert [g.title for g in data["groups"]] == ["حي الشمال", "حي الجنوب"]
    assert [len(b["showcases"]) for g in data["groups"] for b in g.booths] == [2, 1]
    by_org = exhibition.exhibition(fair["event"], grouping="organization")
    assert [g.title for g in by_org["groups"]] == ["جمعية البر الأهلية"]
    assert sum(len(b["showcases"]) for b in by_org["groups"][0].booths) == 3


def test_exhibition_page_query_count_constant(fair, client_for, make_initiative, make_org,
                                              django_assert_max_num_queries):
    event, editor, visitor = fair["event"], fair["editor"], fair["visitor"]
    exhibition.showcase_like(actor=visitor, showcase=fair["showcases"][0])
    client = client_for(visitor)
    url = reverse("events:exhibition", args=[event.pk])
    client.get(url)  # warm the caches (roles, session)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    org = make_org()
    for n in range(8):
        booth = exhibition.booth_create(actor=editor, event=event, data={"name_ar": f"جناح {n}"})
        exhibition.showcase_add(actor=editor, event=event, initiative=make_initiative(org, status="approved"),
                                booth=booth)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('data-testid="showcase"') == 11
    assert client.get(url + "?by=organization").status_code == 200


def test_page_like_comment_moderate_flow(fair, client_for):
    event, showcase = fair["event"], fair["showcases"][0]
    visitor = client_for(fair["visitor"])
    like_url = reverse("events:showcase_like", args=[event.pk, showcase.pk])
    answer = visitor.post(like_url, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and 'aria-pressed="true"' in answer.content.decode()
    visitor.post(like_url)  # the second press takes it back
    assert Showcase.objects.get(pk=showcase.pk).like_count == 0
    page_url = reverse("events:showcase", args=[event.pk, showcase.pk])
    assert visitor.post(page_url, {"text": "مبادرة تستحق الدعم"}).status_code == 302
    assert "مبادرة تستحق الدعم" in visitor.get(page_url).content.decode()  # the author's own, waiting
    assert "مبادرة تستحق الدعم" not in client_for().get(page_url).content.decode()
    comment = ShowcaseComment.objects.get()
    manager = client_for(fair["editor"])
    assert manager.get(reverse("events:moderate_exhibit_comments", args=[event.pk])).status_code == 200
    moderate_url = reverse("events:exhibit_comment_moderate", args=[event.pk, showcase.pk, comment.pk])
    answer = manager.post(moderate_url, {"action": "approve"})
    assert answer.status_code == 302
    assert "مبادرة تستحق الدعم" in client_for().get(page_url).content.decode()
    assert visitor.get(reverse("events:moderate_exhibit_comments", args=[event.pk])).status_code == 403
    assert client_for().post(like_url).status_code == 302  # to the sign-in page


def test_manage_tab_searches_registry_adds_assigns_removes(fair, client_for, make_initiative, make_org):
    event, editor = fair["event"], fair["editor"]
    initiative = make_initiative(make_org(), status="active", title_ar="مبادرة إحياء المساجد التاريخية")
    client = client_for(editor)
    url = reverse("events:manage_exhibition", args=[event.pk])
    found = client.get(url, {"q": "المساجد التاريخيه"})  # ه for ة: the registry's Arabic search
    assert "مبادرة إحياء المساجد التاريخية" in found.content.decode()
    booth = fair["booths"][1]
    client.post(reverse("events:showcase_add", args=[event.pk]), {"initiative": initiative.pk, "booth": booth.pk})
    showcase = Showcase.objects.get(event=event, initiative=initiative)
    assert showcase.booth == booth
    client.post(reverse("events:showcase_assign", args=[event.pk, showcase.pk]),
                {"booth": "", "order": "3", "blurb_ar": "\u202eترميم بمشاركة أهل الحي"})
    showcase.refresh_from_db()
    assert showcase.booth is None and showcase.order == 3 and showcase.blurb_ar == "ترميم بمشاركة أهل الحي"
    client.post(reverse("events:booth_delete", args=[event.pk, booth.pk]))
    assert Showcase.objects.filter(event=event).count() == 5  # its initiatives stay
    client.post(reverse("events:showcase_remove", args=[event.pk, showcase.pk]))
    assert not Showcase.objects.filter(pk=showcase.pk).exists()
    assert client.post(url, {"name_ar": "جناح الشركاء", "number": "C3", "order": "2"}).status_code == 302
    assert client_for(fair["visitor"]).get(url).status_code == 403


def test_api_like_comment_moderate(fair, client_for):
    event, showcase = fair["event"], fair["showcases"][1]
    base = f"/api/v1/events/{event.pk}/exhibition/{showcase.pk}"
    visitor = client_for(fair["visitor"])
    assert client_for().post(f"{base}/like").status_code == 401
    for _ in range(2):
        answer = visitor.post(f"{base}/like")
        assert answer.status_code == 200 and answer.json() == {"showcase_id": showcase.pk, "liked": True,
                                                                "like_count": 1}
    assert visitor.delete(f"{base}/like").json()["like_count"] == 0
    answer = visitor.post(f"{base}/comments", {"text": "\u202eفكرة جميلة"}, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["text"] == "فكرة جميلة"
    assert visitor.post(f"{base}/comments", {"text": "a\x00b c"}, content_type="application/json").status_code == 422
    assert visitor.post(f"{base}/comments", {"text": "x", "extra": 1},
                        content_type="application/json").status_code == 422
    comment_id = answer.json()["id"]
    assert client_for().get(f"{base}/comments").json()["count"] == 0
    refused = visitor.post(f"{base}/comments/{comment_id}/moderate", {"action": "approve"},
                           content_type="application/json")
    assert refused.status_code == 403
    approved = client_for(fair["editor"]).post(f"{base}/comments/{comment_id}/moderate", {"action": "approve"},
                                               content_type="application/json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    listed = client_for().get(f"{base}/comments").json()
    assert listed["count"] == 1 and listed["results"][0]["text"] == "فكرة جميلة"
    whole = visitor.get(f"/api/v1/events/{event.pk}/exhibition").json()
    row = next(s for s in whole["showcases"] if s["id"] == showcase.pk)
    assert row["comment_count"] == 1 and row["liked"] is False and len(whole["booths"]) == 2


def test_api_exhibition_of_unpublished_event_not_found(make_event, client_for):
    event = make_event(published=False)
    assert client_for().get(f"/api/v1/events/{event.pk}/exhibition").status_code == 404


# ---------------------------------------------------------------- PostgreSQL: one like per person under concurrency

LIKERS = 30


@parallel
def test_parallel_likes_count_exactly_and_once_per_person(make_org, make_member, make_initiative):
    import datetime

    from django.utils import timezone

    from musharaka.events import services as events

    organization = make_org()
    editor = make_member(organization, Role.EDITOR)
    starts = timezone.now() + datetime.timedelta(days=7)
    event = events.event_create(actor=editor, organization=organization, data={
        "title_ar": "ملتقى مبادرات الأحياء", "region": organization.region, "starts_at": starts,
        "ends_at": starts + datetime.timedelta(days=2), "is_published": True})
    showcase = exhibition.showcase_add(actor=editor, event=event,
                                       initiative=make_initiative(organization, status="active"))
    people = _people(LIKERS, "liker")
    results = race(*[partial(exhibition.showcase_like, actor=person, showcase=showcase) for person in people])
    assert not [r for r in results if isinstance(r, BaseException)]
    assert Showcase.objects.get(pk=showcase.pk).like_count == LIKERS == ShowcaseLike.objects.count()
    # One person pressing many times at once, liking and unliking: the count follows the rows.
    for _round in range(ROUNDS):
        results = race(*[partial(exhibition.showcase_like, actor=people[0], showcase=showcase) for _ in range(6)],
                       *[partial(exhibition.showcase_unlike, actor=people[1], showcase=showcase) for _ in range(2)])
        assert not [r for r in results if isinstance(r, BaseException)]
    assert Showcase.objects.get(pk=showcase.pk).like_count == LIKERS - 1 == ShowcaseLike.objects.count()


# ---------------------------------------------------------------- hostile input in a comment

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize("text", ["a\x00b c", "نص\x1bمخفي", "\ud800 لا", "ا" * 1001, "   \u202e ", "\t\n"])
def test_api_comment_refuses_hostile_text_with_422(fair, client_for, text):
    base = f"/api/v1/events/{fair['event'].pk}/exhibition/{fair['showcases'][0].pk}"
    answer = client_for(fair["visitor"]).post(f"{base}/comments", {"text": text}, content_type="application/json")
    assert answer.status_code == 422
    assert not ShowcaseComment.objects.exists()


def test_comment_with_script_and_bidi_override_is_stored_inert_and_shown_escaped(fair, client_for):
    event, showcase = fair["event"], fair["showcases"][0]
    visitor = client_for(fair["visitor"])
    page_url = reverse("events:showcase", args=[event.pk, showcase.pk])
    assert visitor.post(page_url, {"text": f"\u202e{SCRIPT} رائعة"}).status_code == 302
    comment = ShowcaseComment.objects.get()
    assert comment.text == f"{SCRIPT} رائعة"
    exhibition.comment_moderate(actor=fair["editor"], comment=comment, action="approve")
    html = client_for().get(page_url).content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html
    refused = visitor.post(page_url, {"text": "تعليق\x07"})
    assert refused.status_code == 200 and ShowcaseComment.objects.count() == 1
