"""The differences between two versions of a plan (or a version and the plan as it is being revised), read from their
snapshots (services.plan_snapshot): what was added, removed or changed, goal by goal and action by action.

Goals and actions are matched by their id, so a renamed goal reads as changed, not as one removed and one added.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

PLAN_LABELS = {
    "title_ar": _("title (Arabic)"), "title_en": _("title (English)"), "summary_ar": _("summary (Arabic)"),
    "vision_ar": _("vision (Arabic)"), "vision_en": _("vision (English)"), "start_year": _("first year"),
    "end_year": _("last year"), "region": _("region"), "city": _("city or governorate"),
}
GOAL_LABELS = {
    "title_ar": _("title (Arabic)"), "title_en": _("title (English)"), "description_ar": _("description (Arabic)"),
    "needs": _("needs it answers"), "alignments": _("aligned with"), "indicators": _("indicators"),
}
ACTION_LABELS = {
    "title_ar": _("title (Arabic)"), "description_ar": _("how it will be carried out (Arabic)"),
    "lead": _("lead organisation"), "partners": _("partner organisations"), "budget": _("budget"),
    "currency": _("currency"), "funding_source": _("funding source"), "status": _("status"),
    "start_date": _("start"), "end_date": _("end"), "initiatives": _("linked initiatives"),
    "indicators": _("indicators"),
}


@dataclass
class Change:
    label: Any
    before: Any
    after: Any


@dataclass
class ItemDiff:
    kind: str  # "added", "removed", "changed"
    title: str
    changes: list[Change] = field(default_factory=list)
    actions: list["ItemDiff"] = field(default_factory=list)


@dataclass
class PlanDiff:
    plan: list[Change]
    goals: list[ItemDiff]

    @property
    def is_empty(self) -> bool:
        return not self.plan and not self.goals


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):  # an indicator: its title and targets
                targets = ", ".join(f"{start}…{end}: {target or '—'}" for start, end, target in item.get("targets", []))
                parts.append(f"{item.get('title_ar', '')} ({targets})" if targets else item.get("title_ar", ""))
            else:
                parts.append(str(item))
        return "؛ ".join(parts)
    return str(value)


def _changes(before: dict, after: dict, labels: dict) -> list[Change]:
    return [Change(label=label, before=_shown(before.get(name)), after=_shown(after.get(name)))
            for name, label in labels.items() if before.get(name) != after.get(name)]


def _items(before: list[dict], after: list[dict], labels: dict, *, nested: str | None = None) -> list[ItemDiff]:
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    found = []
    for item_id, item in new.items():
        if item_id not in old:
            found.append(ItemDiff("added", item.get("title_ar", ""),
                                  actions=_items([], item.get(nested, []), ACTION_LABELS) if nested else []))
            continue
        changes = _changes(old[item_id], item, labels)
        actions = _items(old[item_id].get(nested, []), item.get(nested, []), ACTION_LABELS) if nested else []
        if changes or actions:
            found.append(ItemDiff("changed", item.get("title_ar", ""), changes=changes, actions=actions))
    for item_id, item in old.items():
        if item_id not in new:
            found.append(ItemDiff("removed", item.get("title_ar", "")))
    return found


def diff(before: dict, after: dict) -> PlanDiff:
    return PlanDiff(plan=_changes(before, after, PLAN_LABELS),
                    goals=_items(before.get("goals", []), after.get("goals", []), GOAL_LABELS, nested="actions"))
