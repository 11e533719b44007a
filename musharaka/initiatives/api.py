"""The initiatives API: list with the catalogue's filters, detail, create, update, workflow actions."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core import search
from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import PageParams, SearchPage, paginate
from musharaka.core.schemas import error_responses
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.orgs.models import Organization
from musharaka.taxonomy.models import SDG, Axis, TargetGroup

from . import selectors, services
from .filters import parse_filters
from .models import Initiative
from .schemas import (
    Action,
    CatalogueFilters,
    InitiativeCreate,
    InitiativeListItem,
    InitiativeOut,
    InitiativeUpdate,
    ReplicateIn,
    TransitionIn,
)

router = Router(tags=["initiatives"])


def _org_ref(organization: Organization) -> dict:
    return {"id": organization.pk, "name": localized(organization), "sector": organization.sector}


def _region_ref(region: Region) -> dict:
    return {"id": region.pk, "code": region.code, "name": localized(region)}


def list_item(initiative: Initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": localized(initiative, "title"),
        "title_ar": initiative.title_ar,
        "title_en": initiative.title_en,
        "summary_ar": initiative.summary_ar,
        "status": initiative.status,
        "lead_organization": _org_ref(initiative.lead_organization),
        "region": _region_ref(initiative.region),
        "axes": [axis.code for axis in initiative.axes.all()],
        "sdgs": [sdg.number for sdg in initiative.sdgs.all()],
        "start_date": initiative.start_date,
        "end_date": initiative.end_date,
        "budget": initiative.budget,
        "currency": initiative.currency,
        "planned_beneficiaries": initiative.planned_beneficiaries,
        "actual_beneficiaries": initiative.actual_beneficiaries,
        "is_success_story": initiative.is_success_story,
        "replication_count": initiative.replication_count,
        "published_at": initiative.published_at,
    }


def list_item_row(row: dict) -> dict:
    """list_item of a row from selectors.initiative_list_rows (dicts, for the hot list)."""
    return {
        "id": row["id"],
        "title": localized(row, "title"),
        "title_ar": row["title_ar"],
        "title_en": row["title_en"],
        "summary_ar": row["summary_ar"],
        "status": row["status"],
        "lead_organization": {
            "id": row["lead_organization_id"],
            "name": localized({"name_ar": row["lead_organization__name_ar"], "name_en": row["lead_organization__name_en"]}),
            "sector": row["lead_organization__sector"],
        },
        "region": {
            "id": row["region_id"],
            "code": row["region__code"],
            "name": localized({"name_ar": row["region__name_ar"], "name_en": row["region__name_en"]}),
        },
        **{name: row[name] for name in LIST_ROW_FIELDS},
    }


LIST_ROW_FIELDS = (
    "axes", "sdgs", "start_date", "end_date", "budget", "currency", "planned_beneficiaries", "actual_beneficiaries",
    "is_success_story", "replication_count", "published_at",
)


def detail_out(initiative: Initiative) -> dict:
    source = initiative.replicated_from
    return {
        **list_item(initiative),
        "summary_en": initiative.summary_en,
        "description_ar": initiative.description_ar,
        "description_en": initiative.description_en,
        "target_groups": [group.code for group in initiative.target_groups.all()],
        "partners": [
            {"organization": _org_ref(partner.organization), "role": partner.role} for partner in initiative.partners.all()
        ],
        "places": [
            {
                "region": _region_ref(place.region),
                "city": {"id": place.city.pk, "name": localized(place.city)} if place.city else None,
                "neighbourhood": (
                    {"id": place.neighbourhood.pk, "name": localized(place.neighbourhood)} if place.neighbourhood else None
                ),
            }
            for place in initiative.places.all()
        ],
        "results_ar": initiative.results_ar,
        "results_en": initiative.results_en,
        "lessons_ar": initiative.lessons_ar,
        "lessons_en": initiative.lessons_en,
        "rejection_reason": initiative.rejection_reason,
        "cover_image_url": initiative.cover_image.url if initiative.cover_image else None,
        "attachments": [
            {
                # Attachments are private files: their URL is the page that checks who asks.
                "id": a.pk, "title": a.title, "content_type": a.content_type, "size": a.size,
                "url": reverse("initiatives:attachment", kwargs={"initiative_id": initiative.pk, "attachment_id": a.pk}),
            }
            for a in initiative.attachments.all()
        ],
        "replicated_from": {"id": source.pk, "name": localized(source, "title")} if source else None,
        "transitions": [
            {
                "action": step.action, "from_status": step.from_status, "to_status": step.to_status,
                "actor": str(step.actor) if step.actor else None, "reason": step.reason, "at": step.created_at,
            }
            for step in initiative.transitions.all()
        ],
        "version": initiative.version,
        "created_at": initiative.created_at,
        "updated_at": initiative.updated_at,
    }


def _detail(request, initiative_id: int) -> Initiative:
    try:
        return selectors.initiative_detail(user=request_user(request), initiative_id=initiative_id)
    except Initiative.DoesNotExist:
        raise NotFound() from None  # invisible drafts look exactly like missing ones


LIST_PREFETCH = (
    Prefetch("axes", queryset=Axis.objects.only("id", "code")),
    Prefetch("sdgs", queryset=SDG.objects.only("id", "number")),
)


@router.get("", response={200: SearchPage[InitiativeListItem], **error_responses()})
def list_initiatives(request, paging: Query[PageParams], filters: Query[CatalogueFilters]):
    """Published initiatives (plus your own organisations' and your region's unpublished ones).

    Filters: region, city, axis (id), sdg (goal number), sector (of the lead organisation), status,
    year (of the start date), organization (lead or partner), success; `q` searches Arabic whatever
    its spelling; `sort` orders (relevance when searching).
    """
    user, chosen = request_user(request), parse_filters(filters.model_dump())
    queryset = selectors.initiative_list(user=user, filters=chosen)
    # Dicts of the listed columns, not model instances: building instances was most of the list's time.
    rows = selectors.InitiativeRows(queryset, user=user, filters=chosen, fetch=selectors.initiative_list_rows)
    page = paginate(
        rows,  # type: ignore[arg-type]
        page=paging.page,
        page_size=paging.page_size,
        transform=lambda rows: [list_item_row(row) for row in rows],
    )
    page["count_is_lower_bound"] = bool(chosen.q) and search.is_capped(kind=services.SEARCH_KIND, query=chosen.q)
    # Rows to JSON without pydantic (see core.jsonout); the declared schema documents the shape.
    return json_answer(page)


@router.get("/most-replicated", response={200: list[InitiativeListItem], **error_responses()})
def most_replicated(request):
    """Successful experiences ranked by how often other regions replicated them."""
    return [list_item(row) for row in selectors.most_replicated(limit=50).prefetch_related(*LIST_PREFETCH)]


@router.get("/{initiative_id}", response={200: InitiativeOut, **error_responses(lookup=True)})
def get_initiative(request, initiative_id: int):
    return detail_out(_detail(request, initiative_id))


@router.get("/{initiative_id}/similar", response={200: list[InitiativeListItem], **error_responses(lookup=True)})
def similar(request, initiative_id: int):
    """Similar published initiatives from other regions (see the README for the score)."""
    initiative = _detail(request, initiative_id)
    rows = selectors.similar_initiatives(initiative=initiative)
    return [list_item(row) for row in rows]


@router.get("/{initiative_id}/replications", response={200: list[InitiativeListItem], **error_responses(lookup=True)})
def replications(request, initiative_id: int):
    initiative = _detail(request, initiative_id)
    rows = selectors.replications_of(initiative=initiative, user=request_user(request)).prefetch_related(*LIST_PREFETCH)
    return [list_item(row) for row in rows]


def _resolve(data: dict) -> dict:
    """Turn the ids and codes of the payload into the rows the services take; unknown ones are a 422."""

    def fetch(model, key, values, label):
        found = {getattr(row, key): row for row in model.objects.filter(**{f"{key}__in": values})}
        missing = [value for value in values if value not in found]
        if missing:
            raise InvalidInput(_("Unknown %(what)s: %(values)s") % {"what": label, "values": missing}, code="unknown_reference")
        return [found[value] for value in values]

    if data.get("region_id") is not None:
        data["region"] = fetch(Region, "pk", [data.pop("region_id")], "region")[0]
    data.pop("region_id", None)
    if data.get("axes") is not None:
        data["axes"] = fetch(Axis, "code", data["axes"], _("axis"))
    if data.get("sdgs") is not None:
        data["sdgs"] = fetch(SDG, "number", data["sdgs"], _("goal"))
    if data.get("target_groups") is not None:
        data["target_groups"] = fetch(TargetGroup, "code", data["target_groups"], pgettext("api", "target group"))
    if data.get("partners") is not None:
        organizations = fetch(Organization, "pk", [p["organization_id"] for p in data["partners"]],
                              pgettext("api", "organisation"))
        data["partners"] = [
            services.PartnerSpec(organization=org, role=p["role"]) for org, p in zip(organizations, data["partners"], strict=True)
        ]
    if data.get("places") is not None:
        places = []
        for place in data["places"]:
            region = fetch(Region, "pk", [place["region_id"]], _("region"))[0]
            city = fetch(City, "pk", [place["city_id"]], _("city"))[0] if place.get("city_id") else None
            neighbourhood = (
                fetch(Neighbourhood, "pk", [place["neighbourhood_id"]], _("neighbourhood"))[0]
                if place.get("neighbourhood_id") else None
            )
            places.append(services.PlaceSpec(region=region, city=city, neighbourhood=neighbourhood))
        data["places"] = places
    return data


@router.post("", auth=api_auth, response={201: InitiativeOut, **error_responses(auth=True, body=True)})
def create_initiative(request, payload: InitiativeCreate):
    """Start a draft led by one of your organisations (you must be its admin or editor)."""
    data = payload.model_dump(exclude_unset=True)
    organization = Organization.objects.filter(pk=data.pop("lead_organization_id")).first()
    if organization is None:
        raise InvalidInput(_("Unknown organisation."), code="unknown_organization", field="lead_organization_id")
    initiative = services.initiative_create(actor=request_user(request), organization=organization, data=_resolve(data))
    return Status(201, detail_out(_detail(request, initiative.pk)))


@router.patch(
    "/{initiative_id}", auth=api_auth,
    response={200: InitiativeOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)},
)
def update_initiative(request, initiative_id: int, payload: InitiativeUpdate):
    """Change an initiative. Send the `version` you read: if someone saved since, the answer is 409."""
    initiative = _detail(request, initiative_id)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    services.initiative_update(
        actor=request_user(request), initiative=initiative, data=_resolve(data), expected_version=version
    )
    return detail_out(_detail(request, initiative_id))


@router.post(
    "/{initiative_id}/mark-success", auth=api_auth, response={200: InitiativeOut, **error_responses(auth=True, lookup=True)}
)
def mark_success(request, initiative_id: int, successful: bool = True):
    """The region's coordinator marks a completed initiative with results as a successful experience."""
    initiative = _detail(request, initiative_id)
    services.initiative_mark_success(actor=request_user(request), initiative=initiative, successful=successful)
    return detail_out(_detail(request, initiative_id))


@router.post(
    "/{initiative_id}/replicate", auth=api_auth,
    response={201: InitiativeOut, **error_responses(auth=True, body=True, lookup=True)},
)
def replicate(request, initiative_id: int, payload: ReplicateIn):
    """Start a draft in your organisation, in its region, that repeats this experience."""
    source = _detail(request, initiative_id)
    organization = Organization.objects.filter(pk=payload.organization_id).select_related("region").first()
    if organization is None:
        raise InvalidInput(_("Unknown organisation."), code="unknown_organization", field="organization_id")
    replica = services.initiative_replicate(actor=request_user(request), source=source, organization=organization)
    return Status(201, detail_out(_detail(request, replica.pk)))


# Last: its {action} segment would otherwise swallow /mark-success and /replicate.
@router.post(
    "/{initiative_id}/{action}", auth=api_auth,
    response={200: InitiativeOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)},
)
def transition(request, initiative_id: int, action: Action, payload: TransitionIn | None = None):
    """Move along the workflow: submit, approve, reject (a reason is required), activate, complete, cancel.

    Send the `version` you read: if someone acted on the initiative since, the answer is 409.
    """
    initiative = _detail(request, initiative_id)
    reason = payload.reason if payload else ""
    version = payload.version if payload else None
    services.initiative_transition(
        actor=request_user(request), initiative=initiative, action=action, reason=reason, expected_version=version
    )
    return detail_out(_detail(request, initiative_id))
