from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.i18n import is_arabic, localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import PageParams, SearchPage, paginate
from musharaka.core.permissions import require
from musharaka.core.schemas import RecordId, error_responses, upload_formats
from musharaka.geo.models import City, Region

from . import selectors, services
from .models import Membership, Organization, Sector
from .schemas import (
    MemberAdd,
    MemberOut,
    OrganizationCreate,
    OrganizationOut,
    OrganizationUpdate,
    SectorCode,
)

router = Router(tags=["organizations"])
SECTOR_LABELS = dict(Sector.choices)


def organization_out(organization: Organization) -> dict:
    region, city = organization.region, organization.city
    return {
        "id": organization.pk,
        "name": localized(organization),
        "name_ar": organization.name_ar,
        "name_en": organization.name_en,
        "sector": organization.sector,
        "sector_label": str(SECTOR_LABELS.get(organization.sector, organization.sector)),
        "region": {"id": region.pk, "code": region.code, "name": localized(region)},
        "city": {"id": city.pk, "name": localized(city)} if city else None,
        "description_ar": organization.description_ar,
        "description_en": organization.description_en,
        "website": organization.website,
        "email": organization.email,
        "phone": organization.phone,
        "address": organization.address,
        "logo_url": organization.logo.url if organization.logo else None,
        "verified": organization.verified,
        "created_at": organization.created_at,
        "updated_at": organization.updated_at,
    }


@router.get("", response={200: SearchPage[OrganizationOut], **error_responses()})
def list_organizations(
    request,
    paging: Query[PageParams],
    q: str = "",
    region: RecordId | None = None,
    city: RecordId | None = None,
    sector: SectorCode | None = None,
    verified: bool | None = None,
):
    """Organisations, filtered by region, city, sector and verified, searched with `q` (Arabic-normalised)."""
    filters = selectors.OrganizationFilters(
        q=q[:200], region=region, city=city, sector=sector or "", verified=verified
    )
    # values() rows straight to JSON (no model instances, no pydantic: see core.jsonout); the
    # schema test keeps these dicts to the documented OrganizationOut.
    queryset = selectors.organization_list(filters=filters).values(*ROW_COLUMNS)
    page = paginate(queryset, page=paging.page, page_size=paging.page_size, transform=_rows_out)
    page["count_is_lower_bound"] = selectors.organization_search_capped(filters=filters)
    return json_answer(page)


ROW_COLUMNS = (
    "id", "name_ar", "name_en", "sector", "region_id", "region__code", "region__name_ar", "region__name_en", "city_id",
    "city__name_ar", "city__name_en", "description_ar", "description_en", "website", "email", "phone", "address",
    "logo", "verified", "created_at", "updated_at",
)


def _rows_out(rows: list[dict]) -> list[dict]:
    """organization_out of values() rows."""
    english = not is_arabic()
    labels = {code: str(label) for code, label in SECTOR_LABELS.items()}
    logo_url = Organization._meta.get_field("logo").storage.url

    def name(arabic: str, other: str) -> str:
        return other if english and other else arabic or other

    return [
        {
            "id": row["id"],
            "name": name(row["name_ar"], row["name_en"]),
            "name_ar": row["name_ar"],
            "name_en": row["name_en"],
            "sector": row["sector"],
            "sector_label": labels.get(row["sector"], row["sector"]),
            "region": {"id": row["region_id"], "code": row["region__code"],
                       "name": name(row["region__name_ar"], row["region__name_en"])},
            "city": ({"id": row["city_id"], "name": name(row["city__name_ar"], row["city__name_en"])}
                     if row["city_id"] else None),
            "description_ar": row["description_ar"],
            "description_en": row["description_en"],
            "website": row["website"],
            "email": row["email"],
            "phone": row["phone"],
            "address": row["address"],
            "logo_url": logo_url(row["logo"]) if row["logo"] else None,
            "verified": row["verified"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]


@router.get("/{organization_id}", response={200: OrganizationOut, **error_responses(lookup=True)})
def get_organization(request, organization_id: int):
    return organization_out(_get(organization_id))


def _get(organization_id: int) -> Organization:
    try:
        return selectors.organization_get(organization_id=organization_id)
    except Organization.DoesNotExist:
        raise NotFound() from None


def _place(data: dict) -> dict:
    """Turn region_id/city_id into the rows the service expects, with a clear 422 when unknown."""
    if "region_id" in data:
        region_id = data.pop("region_id")
        data["region"] = Region.objects.filter(pk=region_id).first()
        if data["region"] is None:
            raise InvalidInput(_("Unknown region."), code="unknown_region", field="region_id")
    if "city_id" in data:
        city_id = data.pop("city_id")
        data["city"] = City.objects.filter(pk=city_id).first() if city_id else None
        if city_id and data["city"] is None:
            raise InvalidInput(_("Unknown city."), code="unknown_city", field="city_id")
    return data


@router.post("", auth=api_auth, response={201: OrganizationOut, **error_responses(auth=True, body=True)})
def create_organization(request, payload: OrganizationCreate):
    """Register an organisation; the caller becomes its administrator. It starts unverified."""
    data = _place(payload.model_dump())
    organization = services.organization_create(actor=request_user(request), data=data)
    return Status(201, organization_out(selectors.organization_get(organization_id=organization.pk)))


@router.patch(
    "/{organization_id}", auth=api_auth, response={200: OrganizationOut, **error_responses(auth=True, body=True, lookup=True)}
)
def update_organization(request, organization_id: int, payload: OrganizationUpdate):
    """Change an organisation's profile (its administrators and platform admins). A new region or sector
    withdraws its verification (`verified` false) until a coordinator of its region verifies it again."""
    organization = _get(organization_id)
    data = _place(payload.model_dump(exclude_unset=True))
    services.organization_update(actor=request_user(request), organization=organization, data=data)
    return organization_out(selectors.organization_get(organization_id=organization.pk))


@router.post(
    "/{organization_id}/logo", auth=api_auth,
    response={200: OrganizationOut, **error_responses(auth=True, body=True, lookup=True)},
    openapi_extra=upload_formats("logo", "image/png", "image/jpeg", "image/webp", "image/gif"),
)
def upload_logo(request, organization_id: int, logo: File[UploadedFile]):
    """Replace the logo: PNG, JPEG, WebP or GIF, checked by content, at most 2 MB."""
    organization = _get(organization_id)
    services.organization_update(actor=request_user(request), organization=organization, data={"logo": logo})
    return organization_out(selectors.organization_get(organization_id=organization.pk))


@router.post(
    "/{organization_id}/verify", auth=api_auth, response={200: OrganizationOut, **error_responses(auth=True, lookup=True)}
)
def verify_organization(request, organization_id: int, verified: bool = True):
    """Mark the organisation verified (or not): the coordinator of its region or a platform admin."""
    organization = _get(organization_id)
    services.organization_set_verified(actor=request_user(request), organization=organization, verified=verified)
    return organization_out(organization)


@router.get(
    "/{organization_id}/members", auth=api_auth, response={200: list[MemberOut], **error_responses(auth=True, lookup=True)}
)
def list_members(request, organization_id: int):
    organization = _get(organization_id)
    require(request_user(request), "orgs.view_members", organization)
    return [_member_out(m) for m in selectors.organization_members(organization=organization)]


@router.post(
    "/{organization_id}/members", auth=api_auth,
    response={201: MemberOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)},
)
def add_member(request, organization_id: int, payload: MemberAdd):
    organization = _get(organization_id)
    membership = services.membership_add(
        actor=request_user(request), organization=organization, user_identifier=payload.user, role=payload.role
    )
    return Status(201, _member_out(membership))


@router.delete(
    "/{organization_id}/members/{membership_id}", auth=api_auth,
    response={204: None, **error_responses(auth=True, lookup=True, conflict=True)},
)
def remove_member(request, organization_id: int, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("organization", "user"), pk=membership_id, organization_id=organization_id
    )
    services.membership_remove(actor=request_user(request), membership=membership)
    return Status(204, None)


def _member_out(membership: Membership) -> dict:
    user = membership.user
    return {
        "id": membership.pk,
        "user_id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "role": membership.role,
    }
