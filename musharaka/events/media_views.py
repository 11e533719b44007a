"""Pages of an event's development media: its news (list, post, Atom feed), its photo gallery, their private files,
and the managers' pages for both. (The agreements signed at an event are partnerships' pages.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from musharaka.core.errors import DomainError
from musharaka.core.files import is_named_in_url, protected_file_response
from musharaka.core.i18n import localized
from musharaka.core.permissions import can

from . import media
from .forms import NewsPostForm, PhotoEditForm, PhotoUploadForm
from .models import Event, EventPhoto, NewsPost
from .views import EVENT_RULE_FIELDS, _form_error, _managed, _visible_or_404

NEWS_PAGE_SIZE = 10
PHOTOS_PAGE_SIZE = 24
MANAGE_PAGE_SIZE = 25


def _event(request, event_id: int) -> Event:
    return _visible_or_404(request.user, event_id, lambda events: events.select_related("organization", "region"))


def _page(request, rows, size: int):
    return Paginator(rows, size).get_page(request.GET.get("page"))


# ---------------------------------------------------------------- public pages


@require_safe
def news_list(request, event_id: int):
    """The event's published posts, newest first, ten a page, as rows."""
    event = _event(request, event_id)
    page_obj = _page(request, media.news_rows(event), NEWS_PAGE_SIZE)
    posts = [{**row, "excerpt": (media.paragraphs(localized(row, "body")) or [""])[0][:300]} for row in page_obj]
    return render(request, "events/media_news.html", {"event": event, "page_obj": page_obj, "posts": posts,
                                                      "can_manage": can(request.user, "events.manage_media", event)})


@require_safe
def news_post(request, event_id: int, post_id: int):
    event = _event(request, event_id)
    post = media.visible_post(request.user, event, post_id)
    if post is None:
        raise Http404
    return render(request, "events/media_post.html", {
        "event": event, "post": post, "paragraphs": media.paragraphs(localized(post, "body")),
        "can_manage": can(request.user, "events.manage_media", event)})


@require_safe
def news_cover(request, event_id: int, post_id: int, filename: str):
    """A post's image under the event's rule and the post's: cached publicly only when both are published."""
    event = _event(request, event_id)
    post = media.visible_post(request.user, event, post_id)
    if post is None or not is_named_in_url(post.cover_image, filename):
        raise Http404
    return protected_file_response(post.cover_image, published=event.is_published and post.is_published)


class EventNewsFeed(Feed):
    """Atom feed of a published event's published posts (an unpublished event has none: 404)."""

    feed_type = Atom1Feed

    def get_object(self, request, event_id: int):
        event = Event.objects.filter(pk=event_id, is_published=True).first()
        if event is None:
            raise Http404
        return event

    def title(self, obj: Event) -> str:
        return _("News: %(title)s") % {"title": localized(obj, "title")}

    def link(self, obj: Event) -> str:
        return reverse("events:news", args=[obj.pk])

    def items(self, obj: Event):
        return NewsPost.objects.filter(event=obj, is_published=True).order_by("-published_at", "-pk")[:30]

    def item_title(self, item: NewsPost) -> str:
        return localized(item, "title")

    def item_description(self, item: NewsPost) -> str:
        return "\n\n".join(media.paragraphs(localized(item, "body")))[:1000]

    def item_link(self, item: NewsPost) -> str:
        return reverse("events:news_post", args=[item.event_id, item.pk])

    def item_pubdate(self, item: NewsPost):
        return item.published_at

    def item_updateddate(self, item: NewsPost):
        return item.updated_at


@require_safe
def gallery(request, event_id: int):
    """The event's photos as thumbnails, 24 a page; each links to its full size."""
    event = _event(request, event_id)
    page_obj = _page(request, media.photo_rows(event), PHOTOS_PAGE_SIZE)
    return render(request, "events/media_gallery.html", {
        "event": event, "page_obj": page_obj, "photos": [media.row_urls(row) for row in page_obj],
        "can_manage": can(request.user, "events.manage_media", event)})


def _photo_file(request, event_id: int, photo_id: int, filename: str, *, thumbnail: bool):
    event = Event.objects.filter(pk=event_id).only(*EVENT_RULE_FIELDS).first()
    if event is None or not can(request.user, "events.view_event", event):
        raise Http404
    photo = EventPhoto.objects.filter(pk=photo_id, event_id=event_id).only("image", "thumbnail").first()
    if photo is None:
        raise Http404
    file = (photo.thumbnail or photo.image) if thumbnail else photo.image
    if not is_named_in_url(file, filename):
        raise Http404
    return protected_file_response(file, published=event.is_published)


@require_safe
def photo_file(request, event_id: int, photo_id: int, filename: str):
    return _photo_file(request, event_id, photo_id, filename, thumbnail=False)


@require_safe
def photo_thumbnail(request, event_id: int, photo_id: int, filename: str):
    return _photo_file(request, event_id, photo_id, filename, thumbnail=True)


# ---------------------------------------------------------------- the managers' pages


@login_required
def manage_news(request, event_id: int):
    event = _managed(request, event_id)
    form = NewsPostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = media.news_post_create(actor=request.user, event=event, data=form.service_data())
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The post was published.") if post.is_published else _("The post was saved."))
            return redirect("events:manage_news", event.pk)
    page_obj = _page(request, media.manage_news_rows(event), MANAGE_PAGE_SIZE)
    return render(request, "events/media_manage_news.html", {"event": event, "form": form, "page_obj": page_obj,
                                                             "tab": "news"})


@login_required
def news_edit(request, event_id: int, post_id: int):
    event = _managed(request, event_id)
    post = get_object_or_404(NewsPost, pk=post_id, event=event)
    post.event = event
    if request.method == "POST" and request.POST.get("delete"):
        media.news_post_delete(actor=request.user, post=post)
        messages.success(request, _("The post was deleted."))
        return redirect("events:manage_news", event.pk)
    initial = {name: getattr(post, name) for name in ("title_ar", "title_en", "body_ar", "body_en", "is_published",
                                                      "cover_image")}
    form = NewsPostForm(request.POST or None, request.FILES or None, initial=initial, cover_url=post.cover_url)
    if request.method == "POST" and form.is_valid():
        try:
            media.news_post_update(actor=request.user, post=post, data=form.service_data())
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The post was saved."))
            return redirect("events:manage_news", event.pk)
    return render(request, "events/media_form.html", {"event": event, "form": form, "tab": "news",
                                                      "heading": _("Edit the post"), "record": post,
                                                      "view_url": reverse("events:news_post", args=[event.pk, post.pk])})


@login_required
def manage_photos(request, event_id: int):
    event = _managed(request, event_id)
    form = PhotoUploadForm(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        spec = media.PhotoSpec(caption_ar=form.cleaned_data["caption_ar"], caption_en=form.cleaned_data["caption_en"],
                               session=form.cleaned_data["session"], taken_on=form.cleaned_data["taken_on"])
        try:
            added = media.photos_add(actor=request.user, event=event, uploads=form.cleaned_data["images"], spec=spec)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, ngettext("%(count)s photo was added.", "%(count)s photos were added.",
                                               len(added)) % {"count": len(added)})
            return redirect("events:manage_photos", event.pk)
    page_obj = _page(request, media.photo_rows(event), PHOTOS_PAGE_SIZE)
    return render(request, "events/media_manage_photos.html", {
        "event": event, "form": form, "page_obj": page_obj, "photos": [media.row_urls(row) for row in page_obj],
        "tab": "photos"})


@login_required
def photo_edit(request, event_id: int, photo_id: int):
    event = _managed(request, event_id)
    photo = get_object_or_404(EventPhoto, pk=photo_id, event=event)
    photo.event = event
    if request.method == "POST" and request.POST.get("delete"):
        media.photo_delete(actor=request.user, photo=photo)
        messages.success(request, _("The photo was deleted."))
        return redirect("events:manage_photos", event.pk)
    initial = {name: getattr(photo, name) for name in ("caption_ar", "caption_en", "taken_on", "position")}
    initial["session"] = photo.session_id
    form = PhotoEditForm(request.POST or None, initial=initial, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            media.photo_update(actor=request.user, photo=photo, data=form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The photo was saved."))
            return redirect("events:manage_photos", event.pk)
    return render(request, "events/media_form.html", {"event": event, "form": form, "tab": "photos",
                                                      "heading": _("Edit the photo"), "record": photo,
                                                      "photo": photo, "view_url": photo.url})
