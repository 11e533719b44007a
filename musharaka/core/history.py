"""Audit trail for pages: who changed what and when, from django-simple-history."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.db import connection
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class HistoryRow:
    when: datetime
    who: object
    action: str
    changes: list[dict] = field(default_factory=list)
    reason: str = ""  # why, when the service said (stored as its English text, translated here)


def history_rows(obj, *, limit: int = 25) -> list[HistoryRow]:
    """The latest changes of `obj`, newest first, in two queries however many rows."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    rows: list[HistoryRow] = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(rows) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            for change in newer.diff_against(older).changes:
                try:
                    label = model._meta.get_field(change.field).verbose_name
                except Exception:  # a field that no longer exists on the model
                    label = change.field
                changes.append({"field": label, "old": change.old, "new": change.new})
        rows.append(
            HistoryRow(
                when=newer.history_date,
                who=newer.history_user,
                action=CHANGE_TYPES.get(newer.history_type, newer.history_type),
                changes=changes,
                reason=gettext(newer.history_change_reason) if newer.history_change_reason else "",
            )
        )
    return rows


# ---------------------------------------------------------------- versions for caches
# The newest history row of a model (django-simple-history) moves with every save and delete, whoever writes
# (a service, the admin), in the writer's transaction and in the database every process shares: cached pages
# and counts are keyed by it (the initiatives catalogue, the events pages).


@lru_cache(maxsize=32)
def history_model(model):
    return model.history.model  # `Model.history` builds a manager class on every access (half a millisecond)


@lru_cache(maxsize=32)
def _versions_sql(vendor: str, *models) -> str:
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote('history_id')}) FROM {quote(history_model(model)._meta.db_table)})"  # noqa: S608
             for model in models]
    return f"SELECT {', '.join(parts)}"


def history_versions(*models) -> dict[type, int]:
    """The newest history id of each model (0 for none): one query, a primary-key lookup per model."""
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(connection.vendor, *models))
        return {model: version or 0 for model, version in zip(models, cursor.fetchone(), strict=True)}

