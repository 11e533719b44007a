"""Development media of an event: news posts and the photo gallery with thumbnails; who may write them, who sees
them, their private files, the pages' query counts and the API. (The agreements signed at an event are partnerships':
partnerships/tests/test_event_agreements.py.)"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from musharaka.core.errors import InvalidInput, NotPermitted
from musharaka.events import media
from musharaka.events.models import EventPhoto, NewsPost
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db

BODY = ("واصل الملتقى الأول للمشاركة المجتمعية فعالياته لليوم الثاني بحضور نائب الوزير.\n\n"
        "وشهد اليوم إبرام مذكرات تفاهم مع جهات ذات علاقة.\n<script>alert(1)</script>")


def image_upload(name="photo.jpg", size=(1200, 800), image_format="JPEG", gps=False) -> SimpleUploadedFile:
    output = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (26.0, 17.0, 0.0), 3: "E", 4: (50.0, 12.0, 0.0)}
        options["exif"] = exif.tobytes()
    Image.new("RGB", size, (30, 110, 80)).save(output, image_format, **options)
    return SimpleUploadedFile(name, output.getvalue())


@pytest.fixture
def forum(make_event):
    return make_event(days_ahead=-1)


@pytest.fixture
def draft_forum(make_event):
    return make_event(published=False, title_ar="ملتقى لم ينشر بعد")


@pytest.fixture
def editor(organiser):
    return organiser[1]


@pytest.fixture
def post(forum, editor):
    def make(title="الملتقى يواصل أعماله في يومه الثاني", *, event=None, published=True, **extra):
        return media.news_post_create(actor=editor, event=event or forum, data={
            "title_ar": title, "body_ar": BODY, "is_published": published, **extra})

    return make


# ---------------------------------------------------------------- news posts


def test_news_post_create_publishes_with_a_date_and_keeps_plain_text(post):
    published, draft = post(), post("مسودة خبر", published=False)
    assert published.is_published and published.published_at is not None
    assert not draft.is_published and draft.published_at is None
    assert media.paragraphs(published.body_ar)[1].endswith("</script>")  # kept as text; the page escapes it


def test_news_post_create_refused_to_outsiders_and_viewers(forum, make_user, make_member, organiser):
    for person in (make_user(), make_member(organiser[0], Role.VIEWER)):
        with pytest.raises(NotPermitted):
            media.news_post_create(actor=person, event=forum, data={"title_ar": "خبر", "body_ar": "نص"})
    assert NewsPost.objects.count() == 0


def test_news_post_written_by_the_region_coordinator(forum, make_coordinator):
    coordinator = make_coordinator(forum.region)
    assert media.news_post_create(actor=coordinator, event=forum, data={"title_ar": "خبر", "body_ar": "نص"}).pk


def test_news_post_needs_arabic_title_and_text(forum, editor):
    with pytest.raises(InvalidInput) as error:
        media.news_post_create(actor=editor, event=forum, data={"title_ar": "  ", "body_ar": "نص"})
    assert error.value.field == "title_ar"
    with pytest.raises(InvalidInput) as error:
        media.news_post_create(actor=editor, event=forum, data={"title_ar": "خبر", "body_ar": ""})
    assert error.value.field == "body_ar"


def test_news_post_update_publishes_once_and_keeps_the_first_date(post, editor):
    draft = post(published=False)
    media.news_post_update(actor=editor, post=draft, data={"is_published": True})
    first = draft.published_at
    media.news_post_update(actor=editor, post=draft, data={"title_ar": "عنوان محدث", "is_published": True})
    assert draft.published_at == first and draft.history.count() == 3


def test_news_list_shows_published_posts_escaped_with_constant_queries(client, forum, post):
    post()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:news", args=[forum.pk]))
    for number in range(12):
        post(f"خبر رقم {number}")
    post("خبر لم ينشر", published=False)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("events:news", args=[forum.pk]))
    assert response.status_code == 200
    assert len(many) == len(few)
    text = response.content.decode()
    assert "خبر لم ينشر" not in text and 'dir="rtl"' in text
    assert response.context["page_obj"].paginator.count == 13 and len(response.context["posts"]) == 10
    published = NewsPost.objects.filter(is_published=True).first()
    page = client.get(reverse("events:news_post", args=[forum.pk, published.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert page.count("<p>واصل") == 1 and "<p>وشهد" in page


def test_news_post_draft_is_404_to_the_public_and_shown_to_managers(client, client_for, forum, post, editor):
    draft = post(published=False)
    url = reverse("events:news_post", args=[forum.pk, draft.pk])
    assert client.get(url).status_code == 404
    assert client_for(editor).get(url).status_code == 200


def test_news_of_an_unpublished_event_are_404_to_outsiders(client, client_for, draft_forum, post, make_user, editor):
    item = post(event=draft_forum)
    for url in (reverse("events:news", args=[draft_forum.pk]), reverse("events:news_post", args=[draft_forum.pk, item.pk]),
                f"/api/v1/events/{draft_forum.pk}/news", f"/api/v1/events/{draft_forum.pk}/news/{item.pk}",
                reverse("events:news_feed", args=[draft_forum.pk])):
        assert client.get(url).status_code == 404
        assert client_for(make_user()).get(url).status_code == 404
    assert client_for(editor).get(reverse("events:news_post", args=[draft_forum.pk, item.pk])).status_code == 200


def test_news_image_is_private_stripped_and_cached_only_once_public(client, client_for, forum, post, editor, settings):
    item = post(published=False, cover_image=image_upload("site.jpg", gps=True))
    with Image.open(item.cover_image.path) as stored:
        assert dict(stored.getexif().get_ifd(0x8825)) == {}
    assert item.cover_image.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert client.get(item.cover_url).status_code == 404
    answer = client_for(editor).get(item.cover_url)
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    media.news_post_update(actor=editor, post=item, data={"is_published": True})
    answer = client.get(item.cover_url)
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("public")


def test_news_feed_lists_the_events_published_posts(client, forum, post):
    post("خبر منشور")
    post("خبر غير منشور", published=False)
    response = client.get(reverse("events:news_feed", args=[forum.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "خبر منشور" in body and "خبر غير منشور" not in body


def test_news_pages_of_the_manager_create_edit_and_delete(client_for, forum, editor):
    client = client_for(editor)
    response = client.post(reverse("events:manage_news", args=[forum.pk]), {
        "title_ar": "أمانة الشرقية توقع مذكرة تفاهم", "body_ar": BODY, "is_published": "on"})
    assert response.status_code == 302
    item = NewsPost.objects.get()
    assert item.is_published and item.author == editor
    response = client.post(reverse("events:news_edit", args=[forum.pk, item.pk]), {
        "title_ar": "عنوان محدث", "body_ar": BODY})
    item.refresh_from_db()
    assert response.status_code == 302 and item.title_ar == "عنوان محدث" and not item.is_published
    assert client.post(reverse("events:news_edit", args=[forum.pk, item.pk]), {"delete": "1"}).status_code == 302
    assert NewsPost.objects.count() == 0


# ---------------------------------------------------------------- photos


def test_photos_add_several_with_thumbnails_in_order_without_gps(forum, editor, settings):
    photos = media.photos_add(actor=editor, event=forum, uploads=[image_upload("a.jpg", gps=True),
                                                                  image_upload("b.png", (300, 200), "PNG")],
                              spec=media.PhotoSpec(caption_ar="توقيع مذكرة التفاهم"))
    assert [photo.position for photo in photos] == [1, 2]
    first = photos[0]
    assert (first.width, first.height) == (1200, 800)
    with Image.open(first.thumbnail.path) as small:
        assert max(small.size) <= 480 and small.format == "JPEG"
    with Image.open(first.image.path) as full:
        assert dict(full.getexif().get_ifd(0x8825)) == {}
    assert first.image.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    more = media.photos_add(actor=editor, event=forum, uploads=[image_upload("c.jpg", (50, 50))])
    assert more[0].position == 3


def test_photos_add_refuses_the_lot_when_one_is_not_an_image(forum, editor, settings):
    with pytest.raises(InvalidInput) as error:
        media.photos_add(actor=editor, event=forum, uploads=[
            image_upload("a.jpg"), SimpleUploadedFile("b.jpg", b"%PDF-1.4 not an image")])
    assert error.value.message.startswith("b.jpg: ")
    assert EventPhoto.objects.count() == 0


def test_photos_add_refuses_a_session_of_another_event(forum, draft_forum, editor):
    from musharaka.events import services

    elsewhere = services.session_create(actor=editor, event=draft_forum, data={
        "kind": "signing", "title_ar": "توقيع", "starts_at": draft_forum.starts_at, "ends_at": draft_forum.starts_at})
    with pytest.raises(InvalidInput):
        media.photos_add(actor=editor, event=forum, uploads=[image_upload()], spec=media.PhotoSpec(session=elsewhere))


def test_gallery_is_paginated_with_thumbnails_and_constant_queries(client, forum, editor):
    media.photos_add(actor=editor, event=forum, uploads=[image_upload("a.jpg", (60, 40))])
    url = reverse("events:photos", args=[forum.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    media.photos_add(actor=editor, event=forum, uploads=[image_upload(f"{n}.jpg", (60, 40)) for n in range(19)],
                     spec=media.PhotoSpec(caption_ar="جلسة حوارية"))
    media.photos_add(actor=editor, event=forum, uploads=[image_upload(f"x{n}.jpg", (60, 40)) for n in range(10)])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.status_code == 200 and len(response.context["photos"]) == 24
    text = response.content.decode()
    photo = EventPhoto.objects.order_by("position").first()
    assert photo.thumbnail_url in text and photo.url in text and 'alt="جلسة حوارية"' in text
    second = client.get(url, {"page": 2})
    assert len(second.context["photos"]) == 6


def test_photo_files_follow_the_event_rule(client, client_for, draft_forum, forum, editor, make_user):
    [photo] = media.photos_add(actor=editor, event=draft_forum, uploads=[image_upload()])
    for url in (photo.url, photo.thumbnail_url):
        assert client.get(url).status_code == 404
        assert client_for(make_user()).get(url).status_code == 404
        answer = client_for(editor).get(url)
        assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    [public] = media.photos_add(actor=editor, event=forum, uploads=[image_upload()])
    answer = client.get(public.thumbnail_url)
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("public")
    assert answer["Content-Type"] == "image/jpeg"
    # A photo reached through another event's address does not exist there.
    assert client.get(public.url.replace(f"/{forum.pk}/", f"/{draft_forum.pk}/", 1)).status_code == 404


def test_photo_delete_removes_its_files(forum, editor, django_capture_on_commit_callbacks):
    [photo] = media.photos_add(actor=editor, event=forum, uploads=[image_upload()])
    paths = [photo.image.path, photo.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        media.photo_delete(actor=editor, photo=photo)
    import os

    assert not any(os.path.exists(path) for path in paths)


def test_photo_upload_page_takes_several_files(client_for, forum, editor):
    response = client_for(editor).post(reverse("events:manage_photos", args=[forum.pk]), {
        "images": [image_upload("a.jpg", (40, 40)), image_upload("b.jpg", (40, 40))], "caption_ar": "من الملتقى"})
    assert response.status_code == 302
    assert list(EventPhoto.objects.values_list("caption_ar", flat=True)) == ["من الملتقى", "من الملتقى"]


# ---------------------------------------------------------------- the event page, English, the API


def test_event_page_shows_news_and_photos_in_arabic_and_english(client, forum, post, editor):
    post(title_en="The forum continues")
    [photo] = media.photos_add(actor=editor, event=forum, uploads=[image_upload()],
                               spec=media.PhotoSpec(caption_ar="توقيع المذكرة", caption_en="The signing"))
    arabic = client.get(reverse("events:detail", args=[forum.pk])).content.decode()
    assert "الملتقى يواصل أعماله" in arabic and photo.thumbnail_url in arabic and 'alt="توقيع المذكرة"' in arabic
    english = client.get("/en" + reverse("events:detail", args=[forum.pk])).content.decode()
    assert 'dir="ltr"' in english and "The forum continues" in english and 'alt="The signing"' in english


def test_manage_tabs_link_news_and_photos(client_for, forum, editor):
    text = client_for(editor).get(reverse("events:manage_sessions", args=[forum.pk])).content.decode()
    for name in ("manage_news", "manage_photos"):
        assert reverse(f"events:{name}", args=[forum.pk]) in text
    assert f"/events/{forum.pk}/manage/agreements/" not in text  # the agreements are partnerships' now


def test_api_news_and_photos(client, forum, post, editor):
    item = post(title_en="The forum continues")
    post("مسودة", published=False)
    media.photos_add(actor=editor, event=forum, uploads=[image_upload()], spec=media.PhotoSpec(caption_ar="صورة"))
    news = client.get(f"/api/v1/events/{forum.pk}/news").json()
    assert news["count"] == 1 and news["results"][0]["id"] == item.pk
    one = client.get(f"/api/v1/events/{forum.pk}/news/{item.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert one["title"] == "The forum continues" and one["body"].startswith("واصل")
    photos = client.get(f"/api/v1/events/{forum.pk}/photos").json()
    assert photos["count"] == 1 and client.get(photos["results"][0]["thumbnail_url"]).status_code == 200
    draft = NewsPost.objects.get(is_published=False)
    assert client.get(f"/api/v1/events/{forum.pk}/news/{draft.pk}").status_code == 404
