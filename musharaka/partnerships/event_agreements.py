"""The agreements signed at an event, as its page (and the events API) shows them: read from partnerships, under
partnerships' own rule on who sees what (drafts to the parties only, whatever the event's publication)."""

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse

from musharaka.core.i18n import localized
from musharaka.core.permissions import can

from .models import AgreementKind, AgreementParty
from .selectors import visible_agreements

# An event page lists at most this many; the register (filtered by the event) has the rest.
MAX_ON_EVENT_PAGE = 30

ROW_FIELDS = ("id", "kind", "stage", "title_ar", "title_en", "signed_on", "is_published", "party_count",
              "commitment_count", "commitments_done")


def page_url(name: str, *args, query: dict | None = None) -> str:
    """The address of a partnerships page, with its query string."""
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def agreements_signed_at(event, user, *, limit: int = MAX_ON_EVENT_PAGE) -> list[dict]:
    """The agreements signed at `event` that `user` may see (partnerships.selectors.visible_agreements), in the
    order of their signing, each with its parties' names and its commitment counters: two queries whatever their
    number (the agreements, then all their parties at once), besides the person's roles."""
    # Drafts (no date yet) last on both databases.
    rows = list(visible_agreements(user).filter(event_id=event.pk).order_by(F("signed_on").asc(nulls_last=True), "pk")
                .values(*ROW_FIELDS)[:limit])
    if not rows:
        return rows
    parties: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    for party in (AgreementParty.objects.filter(agreement_id__in=list(parties)).order_by("agreement_id", "position", "pk")
                  .values("agreement_id", "organization_id", "organization__name_ar", "organization__name_en",
                          "name_ar", "name_en")):
        if party["organization_id"]:
            names = {"name_ar": party["organization__name_ar"], "name_en": party["organization__name_en"]}
        else:
            names = {"name_ar": party["name_ar"], "name_en": party["name_en"]}
        parties[party["agreement_id"]].append({"organization_id": party["organization_id"], **names})
    for row in rows:
        row["parties"] = parties[row["id"]]
        row["url"] = page_url("partnerships:detail", row["id"])
    return rows


def party_names(row: dict) -> list[str]:
    """The parties' names in the language of the request (the API's `parties`)."""
    return [localized(party, "name") for party in row["parties"]]


def event_agreements_context(event, user) -> dict:
    """The event page's section: the rows, the register filtered by the event when there are more than it shows,
    and for the event's managers who may record agreements, the link to record one signed there."""
    rows = agreements_signed_at(event, user, limit=MAX_ON_EVENT_PAGE + 1)
    more = len(rows) > MAX_ON_EVENT_PAGE
    record_url = ""
    if can(user, "events.change_event", event) and can(user, "partnerships.add_agreement"):
        record_url = page_url("partnerships:create", query={"event": event.pk})
    return {
        "event_agreements": rows[:MAX_ON_EVENT_PAGE],
        "event_agreements_more_url": page_url("partnerships:list", query={"event": event.pk}) if more else "",
        "record_agreement_url": record_url,
        "agreement_kind_names": dict(AgreementKind.choices),
    }
