"""The Atom feed of published events (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from musharaka.core.dates import dual_date
from musharaka.core.i18n import localized

from .models import Event

FEED_SIZE = 50


class PublishedEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Musharaka: events")
    subtitle = _("Forums, workshops and meetings published on Musharaka.")

    def link(self):
        return reverse("events:list")

    def items(self):
        return (Event.objects.filter(is_published=True).select_related("city", "organization")
                .order_by("-published_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: Event) -> str:
        return localized(item, "title")

    def item_description(self, item: Event) -> str:
        where = "، ".join(part for part in (item.venue, localized(item.city) if item.city_id else "") if part)
        return " — ".join(part for part in (dual_date(item.starts_at), where, localized(item, "description")[:500])
                          if part)

    def item_link(self, item: Event) -> str:
        return reverse("events:detail", args=[item.pk])

    def item_pubdate(self, item: Event):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Event):
        return item.updated_at

    def item_author_name(self, item: Event) -> str:
        return localized(item.organization)
