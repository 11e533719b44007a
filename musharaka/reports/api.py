"""The residents' reports API (/api/v1/reports); Open311 GeoReport v2 is served by `open311.py`.

Categories (public, with their attribute questions); reports: the public list with its filters, one report (public
fields; who handles it, and its reporter, also see the contact given), its timeline, create (JSON; a photo goes to
`POST /{id}/photo`, multipart), the status workflow one by one or in bulk, the caller's own, an organisation's
queue, a report by its private token, near duplicates, the median times to resolve; routes and Open311 API keys
for staff. What one may not see answers 404; what one sees but may not do, 403; a status the workflow does not
allow from the report's present one, 409; bad input, 422.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.permissions import require
from musharaka.core.schemas import RecordId, error_responses
from musharaka.orgs.models import Organization

from . import keys
from .models import ApiKey, CategoryAttribute, ServiceCategory
from .schemas import ReportApiKeyIn, ReportApiKeyIssuedOut, ReportApiKeyOut, ReportCategoryOut

router = Router(tags=["reports"])

READ = error_responses(lookup=True)
AUTH_READ = error_responses(auth=True, lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)


def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": localized(obj)}


# ---------------------------------------------------------------- categories


def _value_out(value: dict) -> dict:
    return {"key": str(value.get("key", "")), "name": localized(value, "name") or str(value.get("key", ""))}


def category_out(category: ServiceCategory) -> dict:
    return {
        "id": category.pk, "code": category.code, "name": localized(category), "name_ar": category.name_ar,
        "name_en": category.name_en, "description": localized(category, "description"),
        "group": localized(category, "group"), "allows_anonymous": category.allows_anonymous,
        "attributes": [{"code": a.code, "datatype": a.datatype, "required": a.required,
                        "description": localized(a, "description"), "description_ar": a.description_ar,
                        "description_en": a.description_en, "values": [_value_out(v) for v in (a.values or [])]}
                       for a in category.attributes.all()],
    }


@router.get("/categories", response={200: list[ReportCategoryOut], **error_responses()})
def list_categories(request):
    """The active categories (Open311 services) with the questions each asks."""
    categories = ServiceCategory.objects.filter(active=True).prefetch_related(
        Prefetch("attributes", queryset=CategoryAttribute.objects.order_by("position", "pk")))
    return [category_out(category) for category in categories]


# ---------------------------------------------------------------- Open311 API keys (platform staff)


def api_key_out(key: ApiKey) -> dict:
    return {"id": key.pk, "organization": _ref(key.organization), "label": key.label, "prefix": key.prefix,
            "created_at": key.created_at, "last_used_at": key.last_used_at, "revoked_at": key.revoked_at}


@router.get("/api-keys", auth=api_auth, response={200: list[ReportApiKeyOut], **error_responses(auth=True)})
def list_api_keys(request):
    """The Open311 API keys issued (their first characters only; the platform's staff)."""
    require(request_user(request), "reports.manage_api_keys")
    return [api_key_out(key) for key in ApiKey.objects.select_related("organization")[:500]]


@router.post("/api-keys", auth=api_auth, response={201: ReportApiKeyIssuedOut, **WRITE})
def issue_api_key(request, payload: ReportApiKeyIn):
    """Issue a key to an organisation: the answer carries the key itself, once."""
    user = request_user(request)
    require(user, "reports.manage_api_keys")
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise InvalidInput(_("There is no such organisation."), code="unknown_reference", field="organization_id")
    key, raw = keys.api_key_issue(actor=user, organization=organization, label=payload.label)
    return Status(201, {**api_key_out(key), "key": raw})


@router.post("/api-keys/{key_id}/revoke", auth=api_auth, response={200: ReportApiKeyOut, **ACTION})
def revoke_api_key(request, key_id: Path[RecordId]):
    """Revoke a key (409 `already_revoked` when it is)."""
    user = request_user(request)
    require(user, "reports.manage_api_keys")
    key = ApiKey.objects.select_related("organization").filter(pk=key_id).first()
    if key is None:
        raise NotFound()
    key = keys.api_key_revoke(actor=user, key=key)
    return api_key_out(key)
