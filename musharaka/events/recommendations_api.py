"""The recommendations API under /api/v1/events (deliverable 8): the tracker across events and per event, recording
a recommendation, and the responsible organisation's follow-up.

Its own router, added before the events router: ninja matches `/events/{event_id}` against
`/events/recommendations` otherwise (the path parameter takes any segment, then fails as a number).
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from musharaka.accounts.auth import api_auth
from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.schemas import error_responses
from musharaka.orgs.models import Organization
from musharaka.taxonomy.models import Axis

from . import recommendations as recs
from .api import _name, _visible
from .models import Recommendation
from .schemas import (
    EventRecommendationFilters,
    EventRecommendationIn,
    EventRecommendationOut,
    EventRecommendationUpdateIn,
    EventRecommendationUpdateOut,
)

router = Router(tags=["events"])


def recommendation_row_out(row: dict) -> dict:
    """An item from a row of recommendations.tracker_rows."""
    return {
        "id": row["id"], "number": row["number"], "text": localized(row, "text"), "text_ar": row["text_ar"],
        "text_en": row["text_en"], "status": row["status"], "due_date": row["due_date"], "overdue": row["overdue"],
        "updates_count": row["updates_count"],
        "event": {"id": row["event_id"],
                  "title": localized({"title_ar": row["event__title_ar"], "title_en": row["event__title_en"]}, "title")},
        "organization": {"id": row["organization_id"], "name": _name(row, "organization")},
        "axis": ({"code": row["axis__code"], "name": _name(row, "axis")} if row["axis__code"] else None),
        "region": {"id": row["region_id"], "name": _name(row, "region")},
        "url": reverse("events:recommendation", args=[row["id"]]),
    }


def _recommendation_filters(filters: EventRecommendationFilters) -> recs.RecommendationFilters:
    return recs.RecommendationFilters(region=filters.region, axis=filters.axis, status=filters.status or "",
                                      organization=filters.organization, overdue=filters.overdue)


def _recommendation_page(queryset, filters: recs.RecommendationFilters, paging: PageParams) -> HttpResponse:
    rows = recs.tracker_rows(recs.with_status(queryset, filters.status))
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [recommendation_row_out(row) for row in rows]))


@router.get("/recommendations", response={200: Page[EventRecommendationOut], **error_responses()})
def list_recommendations(request, paging: Query[PageParams], filters: Query[EventRecommendationFilters]):
    """Recommendations of all published events, soonest due first; filters as the tracker's page."""
    chosen = _recommendation_filters(filters)
    return _recommendation_page(recs.tracker(chosen), chosen, paging)


@router.get("/{event_id}/recommendations",
            response={200: Page[EventRecommendationOut], **error_responses(lookup=True)})
def event_recommendations(request, event_id: int, paging: Query[PageParams],
                          filters: Query[EventRecommendationFilters]):
    """One event's recommendations, to whoever may see the event."""
    event = _visible(request, event_id)
    chosen = _recommendation_filters(filters)
    return _recommendation_page(recs.tracker(chosen, event=event), chosen, paging)


def _one_row(recommendation_id: int) -> dict:
    return recommendation_row_out(recs.tracker_rows(Recommendation.objects.filter(pk=recommendation_id)).get())


@router.post("/{event_id}/recommendations", auth=api_auth,
             response={201: EventRecommendationOut, **error_responses(auth=True, body=True, lookup=True)})
def create_recommendation(request, event_id: int, body: EventRecommendationIn):
    """Record a recommendation of the event (its organiser's admins and editors, the region's coordinators,
    platform admins); it starts proposed."""
    event = _visible(request, event_id)
    organization = Organization.objects.filter(pk=body.organization).first()
    if organization is None:
        raise InvalidInput(_("No such organisation."), code="unknown_organization", field="organization")
    axis = None
    if body.axis:
        axis = Axis.objects.filter(code=body.axis).first()
        if axis is None:
            raise InvalidInput(_("No such development axis."), code="unknown_axis", field="axis")
    recommendation = recs.recommendation_create(actor=request.auth, event=event, data={
        "text_ar": body.text_ar, "text_en": body.text_en, "organization": organization, "axis": axis,
        "due_date": body.due_date})
    return Status(201, _one_row(recommendation.pk))


@router.post("/recommendations/{recommendation_id}/updates", auth=api_auth,
             response={201: EventRecommendationUpdateOut,
                       **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def post_recommendation_update(request, recommendation_id: int, body: EventRecommendationUpdateIn):
    """A dated follow-up by the responsible organisation's admins and editors (or a moderator), moving the
    status when `status` is given (allowed moves only, 409 otherwise: proposed → adopted, in progress or dropped;
    adopted → in progress, done or dropped; in progress → done or dropped; done and dropped are final). Evidence
    files are attached on the recommendation's page."""
    recommendation = recs.visible_recommendations(request.auth).select_related("event").filter(
        pk=recommendation_id).first()
    if recommendation is None:
        raise NotFound()
    update = recs.recommendation_post_update(actor=request.auth, recommendation=recommendation, text=body.text,
                                             status=body.status or "", date=body.date)
    return Status(201, {"id": update.pk, "recommendation_id": recommendation.pk, "date": update.date,
                        "text": update.text, "old_status": update.old_status, "new_status": update.new_status,
                        "status": recommendation.status})
