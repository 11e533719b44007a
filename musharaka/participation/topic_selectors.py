"""Reads of the topic summary: the page's rows (topics with their counts named), the process page's panel, and the
chart's figures. Reading a stale summary asks for a rebuild in the background (`topics.ask_refresh_if_stale`)."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from musharaka.core.errors import NotFound
from musharaka.core.i18n import localized
from musharaka.core.permissions import can
from musharaka.geo.models import Neighbourhood
from musharaka.plans.models import ParticipantGroup

from . import topics
from .models import Process, Topic, TopicSummary

PANEL_TOPICS = 3


def get_process(*, user, process_id: int) -> Process:
    """The process whose topics the person may read; 404 for a process one may not see."""
    process = Process.objects.select_related("organization", "region", "city").filter(pk=process_id).first()
    if process is None or not can(user, "participation.view_topics", process):
        raise NotFound()
    return process


def link(name: str, **kwargs) -> str | None:
    """A page's address, or None while the part that serves it is not mounted (each part lives on its branch)."""
    try:
        return reverse(f"participation:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return None


@dataclass
class TopicState:
    summary: TopicSummary | None
    stale: bool
    pending: bool


def summary_state(process: Process) -> TopicState:
    """The stored summary (one query) and whether a newer one is being prepared: a stale summary is queued for a
    rebuild here (at most one pending rebuild per process)."""
    summary = TopicSummary.objects.filter(process_id=process.pk).first()
    stale = topics.is_stale(process, summary)
    if stale:
        topics.ask_refresh_if_stale(process, summary)
    return TopicState(summary=summary, stale=stale, pending=stale or topics.is_pending(process.pk))


@dataclass
class TopicRow:
    topic: Topic
    terms: list[str]
    neighbourhoods: list[dict[str, Any]] = field(default_factory=list)  # {"id", "name", "count"}
    groups: list[dict[str, Any]] = field(default_factory=list)  # {"code", "name", "count"}
    representatives: list[dict[str, Any]] = field(default_factory=list)  # with "url" (None without the idea page)


def _neighbourhood_names(rows: list[Topic]) -> dict[str, str]:
    ids = {int(key) for row in rows for key in row.by_neighbourhood if key}
    names = {str(hood.pk): localized(hood, "name") for hood in Neighbourhood.objects.filter(pk__in=ids)} if ids else {}
    names[""] = _("No neighbourhood given")
    return names


def topic_rows(summary: TopicSummary | None) -> list[TopicRow]:
    """The topics in order with names for their neighbourhoods and groups (two queries whatever their number)."""
    if summary is None:
        return []
    rows = list(summary.topics.order_by("position"))
    names = _neighbourhood_names(rows)
    group_names = dict(ParticipantGroup.choices)
    found = []
    for row in rows:
        reps = []
        for rep in row.representatives:
            url = link("idea_detail", idea_id=rep["idea_id"])
            if url and rep.get("kind") == "comment":
                url = f"{url}#comment-{rep['id']}"
            reps.append({**rep, "url": url})
        found.append(TopicRow(
            topic=row, terms=list(row.terms),
            neighbourhoods=[{"id": key or None, "name": names.get(key, key), "count": count}
                            for key, count in row.by_neighbourhood.items()],
            groups=[{"code": code, "name": str(group_names.get(code, code)), "count": count}
                    for code, count in row.by_group.items()],
            representatives=reps))
    return found


def chart_json(rows: list[TopicRow]) -> str:
    """The bar chart's figures (the page's table shows the same)."""
    return json.dumps({
        "labels": [" · ".join(row.terms[:3]) for row in rows],
        "ideas": [row.topic.idea_count for row in rows],
        "comments": [row.topic.comment_count for row in rows],
        "names": {"ideas": _("Ideas"), "comments": _("Comments")},
    }, ensure_ascii=False).replace("<", "\\u003c")


def process_panel(process: Process, user) -> dict[str, Any]:
    """The process page's panel: the largest topics' first terms and a link to the summary."""
    if not can(user, "participation.view_topics", process):
        return {"topics_visible": False}
    summary = TopicSummary.objects.filter(process_id=process.pk).first()
    top = list(summary.topics.order_by("position")[:PANEL_TOPICS]) if summary is not None else []
    return {"topics_visible": True, "topics_summary": summary, "topics_top": top,
            "topics_url": link("topics", process_id=process.pk),
            "topics_stale": topics.is_stale(process, summary)}
