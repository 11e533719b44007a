"""Recommendations (توصيات) of events, followed up to the end: writes and reads.

The event's organiser records them; the responsible organisation posts dated updates (with evidence) and
moves their status along RECOMMENDATION_TRANSITIONS; the coordinators of the region and platform admins
moderate. Every status change is saved with its reason in the history (django-simple-history's change
reason), which the recommendation's page shows as who, when, from → to and why.

The tracker reads this table alone: region and publication are copied from the event (sync_event), overdue
is a condition in the query (due before today and still open), counts per status one GROUP BY.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.files import strip_image_metadata, validate_document_upload
from musharaka.core.permissions import is_platform_admin, require
from musharaka.orgs.roles import roles_of

from .models import (
    OPEN_RECOMMENDATION_STATUSES,
    RECOMMENDATION_TRANSITIONS,
    Event,
    Recommendation,
    RecommendationEvidence,
    RecommendationStatus,
    RecommendationUpdate,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

RECOMMENDATION_FIELDS = ("text_ar", "text_en", "axis", "organization", "due_date")
MAX_EVIDENCE_FILES = 5


# ---------------------------------------------------------------- writes


def sync_event(event: Event) -> None:
    """Copy the event's region and publication onto its recommendations (after the event changed)."""
    Recommendation.objects.filter(event=event).exclude(
        region_id=event.region_id, event_published=event.is_published
    ).update(region_id=event.region_id, event_published=event.is_published)


def _check_text(data: dict[str, Any]) -> None:
    if not str(data.get("text_ar") or "").strip():
        raise InvalidInput(_("Write the recommendation in Arabic."), code="text_required", field="text_ar")
    if data.get("organization") is None:
        raise InvalidInput(_("Choose the responsible organisation."), code="organization_required",
                           field="organization")


@transaction.atomic
def recommendation_create(*, actor: "User", event: Event, data: dict[str, Any]) -> Recommendation:
    """Record a recommendation of the event (its organiser), proposed."""
    require(actor, "events.add_recommendation", event)
    _check_text(data)
    event = Event.objects.select_for_update().get(pk=event.pk)  # numbers in order under concurrency
    number = (event.recommendations.aggregate(last=Max("number"))["last"] or 0) + 1
    recommendation = Recommendation(
        event=event, number=number, region_id=event.region_id, event_published=event.is_published,
        status=RecommendationStatus.PROPOSED, status_changed_at=timezone.now(), created_by=actor,
        **{name: data.get(name) for name in RECOMMENDATION_FIELDS if name in data},
    )
    recommendation.text_en = recommendation.text_en or ""
    recommendation._history_user = actor
    recommendation._change_reason = _("Recorded")
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_edit(*, actor: "User", recommendation: Recommendation, data: dict[str, Any]) -> Recommendation:
    """Correct the text, axis, responsible organisation or due date (the organiser or a moderator)."""
    require(actor, "events.change_recommendation", recommendation)
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    for name in RECOMMENDATION_FIELDS:
        if name in data:
            setattr(locked, name, data[name] if name != "text_en" else (data[name] or ""))
    _check_text({"text_ar": locked.text_ar, "organization": locked.organization})
    locked._history_user = actor
    locked._change_reason = _("Edited")
    locked.save()
    return locked


def _move(recommendation: Recommendation, *, actor: "User", status: str, reason: str) -> None:
    """Change the status of a locked recommendation, checking the transition; the reason goes into the history."""
    if status not in RECOMMENDATION_TRANSITIONS.get(recommendation.status, ()):
        # The record's state refuses it, not the input (the same request is right for another status): 409.
        raise Conflict(
            _("A recommendation that is “%(old)s” cannot become “%(new)s”.")
            % {"old": RecommendationStatus(recommendation.status).label,
               "new": RecommendationStatus(status).label if status in RecommendationStatus.values else status},
            code="transition_not_allowed", field="status",
        )
    if status == RecommendationStatus.DROPPED and not reason.strip():
        raise InvalidInput(_("Say why the recommendation is dropped."), code="reason_required", field="text")
    recommendation.status = status
    recommendation.status_changed_at = timezone.now()
    recommendation._history_user = actor
    recommendation._change_reason = reason.strip()[:100] or _("Status changed")


def _clean_evidence(uploads: list) -> list[tuple[Any, str]]:
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise InvalidInput(_("Attach at most %(count)s files.") % {"count": MAX_EVIDENCE_FILES},
                           code="too_many_files", field="evidence")
    cleaned = []
    for upload in uploads:
        try:
            mime = validate_document_upload(upload)
        except ValidationError as error:
            raise InvalidInput(error.messages[0], code=error.code or "invalid_file", field="evidence") from error
        if mime.startswith("image/"):
            upload = strip_image_metadata(upload)  # a site photo must not publish where it was taken
        cleaned.append((upload, mime))
    return cleaned


@transaction.atomic
def recommendation_post_update(*, actor: "User", recommendation: Recommendation, text: str, status: str = "",
                               date: datetime.date | None = None, evidence: list | None = None
                               ) -> RecommendationUpdate:
    """A dated follow-up by the responsible organisation (or a moderator), moving the status when `status` is
    given: the update's text is the reason recorded in the history."""
    require(actor, "events.follow_up_recommendation", recommendation)
    if not (text or "").strip():
        raise InvalidInput(_("Write what was done."), code="text_required", field="text")
    today = timezone.localdate()
    date = date or today
    if date > today:
        raise InvalidInput(_("An update cannot be dated in the future."), code="date_in_future", field="date")
    files = _clean_evidence(list(evidence or []))
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    old_status = locked.status
    if status and status != old_status:
        _move(locked, actor=actor, status=status, reason=text)
    else:
        status = ""
    locked.updates_count = F("updates_count") + 1
    if status:
        locked.save()
    else:
        # Only the counter moves: no history row for it (it is excluded from the history).
        Recommendation.objects.filter(pk=locked.pk).update(updates_count=F("updates_count") + 1)
    update = RecommendationUpdate(recommendation=locked, date=date, text=text.strip(), author=actor,
                                  old_status=old_status if status else "", new_status=status)
    update._history_user = actor
    update.save()
    for upload, mime in files:
        RecommendationEvidence.objects.create(update=update, file=upload, content_type=mime, size=upload.size,
                                              title=(getattr(upload, "name", "") or "evidence")[:200])
    locked.refresh_from_db()
    recommendation.status, recommendation.updates_count = locked.status, locked.updates_count
    return update


# ---------------------------------------------------------------- reads


def visible_recommendations(user) -> QuerySet[Recommendation]:
    """Those of published events; of the person's organisations' events or assigned to them; of their regions."""
    recommendations = Recommendation.objects.all()
    if is_platform_admin(user):
        return recommendations
    roles = roles_of(user)
    condition = Q(event_published=True)
    if roles.by_organization:
        organizations = list(roles.by_organization)
        condition |= Q(organization_id__in=organizations) | Q(event__organization_id__in=organizations)
    if roles.coordinated_regions:
        condition |= Q(region_id__in=list(roles.coordinated_regions))
    return recommendations.filter(condition)


@dataclass(frozen=True)
class RecommendationFilters:
    region: int | None = None
    axis: str = ""  # taxonomy.Axis code
    status: str = ""
    organization: int | None = None
    overdue: bool = False


def overdue_condition(today: datetime.date | None = None) -> Q:
    # "IS NOT NULL" first: an undated one is not overdue (FALSE, not NULL, in the annotation).
    return Q(due_date__isnull=False, due_date__lt=today or timezone.localdate(),
             status__in=OPEN_RECOMMENDATION_STATUSES)


def tracker(filters: RecommendationFilters, *, event: Event | None = None, user=None) -> QuerySet[Recommendation]:
    """The tracker's recommendations: one event's (whoever may see the event), or those of all published
    events; filtered, without the status filter applied when counting (see status_counts)."""
    if event is not None:
        recommendations = Recommendation.objects.filter(event=event)
    else:
        recommendations = Recommendation.objects.filter(event_published=True)
    if filters.region:
        recommendations = recommendations.filter(region_id=filters.region)
    if filters.axis:
        recommendations = recommendations.filter(axis__code=filters.axis)
    if filters.organization:
        recommendations = recommendations.filter(organization_id=filters.organization)
    if filters.overdue:
        recommendations = recommendations.filter(overdue_condition())
    return recommendations


def with_status(recommendations: QuerySet[Recommendation], status: str) -> QuerySet[Recommendation]:
    return recommendations.filter(status=status) if status else recommendations


def status_counts(recommendations: QuerySet[Recommendation]) -> dict[str, int]:
    """How many of each status among the filtered ones: one GROUP BY on the indexed status."""
    counts = {status: 0 for status in RecommendationStatus.values}
    for row in recommendations.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def tracker_order[Q: QuerySet](recommendations: Q) -> Q:
    """Due first (undated last), then by event and number: the order of the index rec_due_order."""
    return recommendations.order_by(F("due_date").asc(nulls_last=True), "event_id", "number", "pk")


def tracker_rows(recommendations: QuerySet[Recommendation]) -> QuerySet:
    """Rows for the tracker's page and the API: one query, `overdue` computed by the database."""
    return tracker_order(recommendations.annotate(
        overdue=ExpressionWrapper(overdue_condition(), output_field=BooleanField()),
    )).values(
        "id", "number", "text_ar", "text_en", "status", "due_date", "overdue", "updates_count", "event_id",
        "event__title_ar", "event__title_en", "event__starts_at", "organization_id", "organization__name_ar",
        "organization__name_en", "axis__code", "axis__name_ar", "axis__name_en", "region_id", "region__name_ar",
        "region__name_en",
    )


def status_history(recommendation: Recommendation) -> list[dict[str, Any]]:
    """Every status the recommendation took: who, when, from → to, and why (from its history)."""
    rows = recommendation.history.order_by("history_date", "history_id").values(
        "status", "history_date", "history_change_reason", "history_user__first_name", "history_user__last_name",
        "history_user__username",
    )
    changes, previous = [], None
    for row in rows:
        if row["status"] != previous:
            who = " ".join(filter(None, (row["history_user__first_name"], row["history_user__last_name"])))
            changes.append({"old": previous, "new": row["status"], "at": row["history_date"],
                            "reason": row["history_change_reason"] or "",
                            "who": who or row["history_user__username"] or ""})
        previous = row["status"]
    return changes


def updates(recommendation: Recommendation) -> list[RecommendationUpdate]:
    return list(recommendation.updates.select_related("author", "recommendation").prefetch_related("evidence"))
