"""The main navigation. A module adds its entry here when it is built."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAIN_MENU = [
    ("orgs:list", _("Organisations")),
    ("initiatives:catalogue", _("Initiatives")),
    ("events:list", _("Forums and events")),
    ("partnerships:list", _("Partnerships")),
    ("awards:programmes", _("Awards")),
    ("plans:list", pgettext_lazy("menu", "Plans")),
    ("taxonomy:glossary", _("Glossary")),
]


def main_menu(current_path: str) -> list[dict]:
    """Entries whose module exists, with the current one marked."""
    items = []
    for url_name, label in MAIN_MENU:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # that module has not been built yet
        items.append({"url": url, "label": label, "active": current_path.startswith(url)})
    return items
