"""The partnerships API under /api/v1/partnerships: the register (list with its filters, CSV/XLSX export),
an agreement's detail, its writes (create, change, delete a draft, terminate, renew), commitments, their
dated follow-up, and the parties' comments.

Every write goes through partnerships.services, which enforce the rules; a refusal that depends on the
record's state (a signed agreement is not deleted, a draft is not followed up) is a 409, bad input a 422.
The network (nodes and links) is another router (network_api), mounted before this one.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can, require
from musharaka.core.schemas import error_responses

from . import exports, selectors, services
from .models import (
    Agreement,
    AgreementComment,
    AgreementParty,
    Commitment,
    CommitmentUpdate,
    sector_list,
)
from .schemas import (
    AgreementCommentIn,
    AgreementCommentOut,
    AgreementCreate,
    AgreementFilters,
    AgreementListItem,
    AgreementOut,
    AgreementRenewIn,
    AgreementTerminateIn,
    AgreementUpdate,
    CommitmentCreate,
    CommitmentOut,
    CommitmentPatch,
    CommitmentProgressIn,
    CommitmentUpdateOut,
)

router = Router(tags=["partnerships"])

# Refusals of the services that the record's state causes, not the request's shape: answered 409.
STATE_CODES = frozenset({"not_deletable", "not_terminable", "not_renewable", "agreement_draft",
                         "party_has_commitments"})


@contextmanager
def state_conflicts() -> Iterator[None]:
    try:
        yield
    except InvalidInput as error:
        if error.code in STATE_CODES:
            raise Conflict(error.message, code=error.code) from error
        raise


def filters_of(filters: AgreementFilters) -> selectors.AgreementFilters:
    return selectors.AgreementFilters(
        q=filters.q, kind=filters.kind or "", status=filters.status or "", sector=filters.sector or "",
        region=filters.region, axis=filters.axis, expiring_within=filters.expiring_within,
        organization=filters.organization, event=filters.event)


# ---------------------------------------------------------------- the register


def _name(row: dict, prefix: str) -> str:
    return localized({"name_ar": row[f"{prefix}_ar"], "name_en": row[f"{prefix}_en"]})


def party_briefs(agreement_ids: list[int]) -> dict[int, list[dict]]:
    """The parties of these agreements, in one query: agreement id → [{organization_id, name, role}]."""
    found: dict[int, list[dict]] = defaultdict(list)
    if not agreement_ids:
        return found
    rows = (AgreementParty.objects.filter(agreement_id__in=agreement_ids).order_by("agreement_id", "position", "pk")
            .values_list("agreement_id", "organization_id", "organization__name_ar", "organization__name_en",
                         "name_ar", "name_en", "role"))
    for agreement_id, organization_id, org_ar, org_en, name_ar, name_en, role in rows:
        name = localized({"name_ar": org_ar, "name_en": org_en}) if organization_id else \
            localized({"name_ar": name_ar, "name_en": name_en})
        organization = {"id": organization_id, "name": name} if organization_id else None
        found[agreement_id].append({"organization": organization, "name": name, "role": role})
    return found


def list_items(rows: list[dict]) -> list[dict]:
    """Items of the list from selectors.agreement_rows, with their parties (one query for the page)."""
    parties = party_briefs([row["id"] for row in rows])
    return [{
        "id": row["id"], "kind": row["kind"], "title": localized(row, "title"), "title_ar": row["title_ar"],
        "title_en": row["title_en"], "status": row["status"], "stage": row["stage"], "signed_on": row["signed_on"],
        "starts_on": row["starts_on"], "ends_on": row["ends_on"], "notice_starts_on": row["notice_starts_on"],
        "renewal": row["renewal"], "is_published": row["is_published"],
        "organization": {"id": row["organization_id"], "name": _name(row, "organization__name")},
        "parties": parties.get(row["id"], []),
        "sectors": sector_list(row["party_sectors"]),
        "party_count": row["party_count"], "commitment_count": row["commitment_count"],
        "commitments_done": row["commitments_done"],
        "event": {"id": row["event_id"], "name": _name(row, "event__title")} if row["event_id"] else None,
        "updated_at": row["updated_at"],
    } for row in rows]


class RegisterRows:
    """The filtered queryset, paged by core.pagination: counts on the queryset, slices as dict rows."""

    def __init__(self, queryset, today):
        self.queryset, self.today = queryset, today

    def count(self) -> int:
        return self.queryset.order_by().count()

    def __getitem__(self, window: slice) -> list[dict]:
        return selectors.agreement_rows(self.queryset[window], today=self.today)


@router.get("", response={200: Page[AgreementListItem], **error_responses()})
def list_agreements(request, paging: Query[PageParams], filters: Query[AgreementFilters]):
    """The register: published agreements, plus your organisations' (drafts too) and, past the draft stage,
    those recorded in the regions you coordinate. Newest signing first; `q` searches Arabic whatever its
    spelling. A fixed number of queries whatever the page size."""
    today = timezone.localdate()
    queryset = selectors.filtered_agreements(request_user(request), filters_of(filters), today=today)
    page = paginate(RegisterRows(queryset, today), page=paging.page, page_size=paging.page_size,  # type: ignore[arg-type]
                    transform=list_items)
    return json_answer(page)


def _download(content_type: str, description: str) -> dict:
    return {"responses": {200: {"description": description, "content": {content_type: {}}}}}


@router.get("/export.csv", response=error_responses(),
            openapi_extra=_download("text/csv", "UTF-8 CSV with a BOM; text that looks like a formula starts with '"))
def export_csv(request, filters: Query[AgreementFilters]):
    """The register's rows for these filters as CSV (what you may see), streamed."""
    return exports.csv_response(user=request_user(request), filters=filters_of(filters), request=request)


@router.get("/export.xlsx", response=error_responses(),
            openapi_extra=_download(exports.XLSX_CONTENT_TYPE, "Excel workbook (right to left in Arabic)"))
def export_xlsx(request, filters: Query[AgreementFilters]):
    """The register's rows for these filters as an Excel workbook; at most exports.XLSX_MAX_ROWS rows
    (422 `too_many_rows` beyond: narrow the filters, or take the CSV, which has no limit)."""
    return exports.xlsx_response(user=request_user(request), filters=filters_of(filters), request=request)


# ---------------------------------------------------------------- an agreement


def _visible(request, agreement_id: int, queryset=None) -> Agreement:
    queryset = selectors.visible_agreements(request_user(request)) if queryset is None else queryset
    try:
        return queryset.get(pk=agreement_id)
    except Agreement.DoesNotExist:
        raise NotFound() from None  # a draft of others looks exactly like a missing agreement


def _detail_queryset(request):
    parties = AgreementParty.objects.select_related("organization").prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("due_on", "position", "pk")))
    return selectors.visible_agreements(request_user(request)).select_related(
        "organization", "event", "renews").prefetch_related(
        Prefetch("parties", queryset=parties), "axes", "regions", "documents",
        Prefetch("renewals", queryset=Agreement.objects.only("id", "title_ar", "title_en", "renews_id")))


def _url(file_url) -> str | None:
    # The checking views are the pages' (partnerships:document, partnerships:evidence).
    return file_url() or None


def commitment_out(commitment: Commitment, today) -> dict:
    return {
        "id": commitment.pk, "agreement_id": commitment.agreement_id, "party_id": commitment.party_id,
        "title": localized(commitment, "title"), "title_ar": commitment.title_ar, "title_en": commitment.title_en,
        "description": commitment.description, "due_on": commitment.due_on, "owner_name": commitment.owner_name,
        "status": commitment.status, "progress": commitment.progress, "completed_on": commitment.completed_on,
        "position": commitment.position, "overdue": commitment.is_overdue(today),
    }


def _party_name(party: AgreementParty) -> str:
    return localized(party.organization) if party.organization_id else localized(party)


def detail_out(request, agreement: Agreement) -> dict:
    from musharaka.initiatives.selectors import visible_initiatives

    user, today = request_user(request), timezone.localdate()
    parties = list(agreement.parties.all())
    # The rules read the parties' organisations from here (rules.party_organization_ids): no second query.
    agreement._party_org_ids = frozenset(p.organization_id for p in parties if p.organization_id)  # type: ignore[attr-defined]
    may_private = can(user, "partnerships.view_private", agreement)
    commitments = [commitment for party in parties for commitment in party.commitments.all()]
    initiatives = visible_initiatives(user).filter(agreements=agreement).order_by("pk").values(
        "id", "title_ar", "title_en")
    row = {name: getattr(agreement, name) for name in (
        "id", "kind", "title_ar", "title_en", "stage", "signed_on", "starts_on", "ends_on", "notice_starts_on",
        "renewal", "is_published", "party_count", "commitment_count", "commitments_done", "updated_at",
        "objectives_ar", "objectives_en", "signed_place", "signed_before", "notice_days", "terminated_on",
        "termination_reason", "created_at")}
    return {
        **row,
        "title": localized(agreement, "title"),
        "status": agreement.status(today),
        "organization": {"id": agreement.organization_id, "name": localized(agreement.organization)},
        "parties": [{"organization": {"id": p.organization_id, "name": _party_name(p)} if p.organization_id else None,
                     "name": _party_name(p), "role": p.role} for p in parties],
        "sectors": sector_list(agreement.party_sectors),
        "event": {"id": agreement.event_id, "name": localized(agreement.event, "title")} if agreement.event else None,
        "renews": {"id": agreement.renews_id, "name": localized(agreement.renews, "title")} if agreement.renews else None,
        "renewed_by": [{"id": other.pk, "name": localized(other, "title")} for other in agreement.renewals.all()],
        "axes": [{"code": axis.code, "name": localized(axis)} for axis in agreement.axes.all()],
        "regions": [{"id": r.pk, "code": r.code, "name": localized(r)} for r in agreement.regions.all()],
        "initiatives": [{"id": i["id"], "name": localized(i, "title")} for i in initiatives],
        "parties_detail": [{
            "id": party.pk,
            "organization": {"id": party.organization.pk, "name": localized(party.organization),
                             "sector": party.organization.sector} if party.organization else None,
            "name": _party_name(party), "role": party.role, "signatory_name": party.signatory_name,
            "signatory_title": party.signatory_title,
            "commitments": [commitment_out(commitment, today) for commitment in party.commitments.all()],
        } for party in parties],
        "overdue_count": sum(commitment.is_overdue(today) for commitment in commitments),
        "documents": [{
            "id": document.pk, "title": document.title, "content_type": document.content_type, "size": document.size,
            "is_public": document.is_public, "url": _url(lambda d=document: d.url), "created_at": document.created_at,
        } for document in agreement.documents.all() if may_private or (document.is_public and agreement.is_published)],
        "may": {"edit": can(user, "partnerships.change_agreement", agreement),
                "comment": can(user, "partnerships.comment_agreement", agreement),
                "view_private": may_private},
    }


def _answer(request, agreement_id: int) -> dict:
    return detail_out(request, _visible(request, agreement_id, _detail_queryset(request)))


@router.get("/{agreement_id}", response={200: AgreementOut, **error_responses(lookup=True)})
def get_agreement(request, agreement_id: int):
    """An agreement with its parties and each party's commitments (overdue ones flagged), axes, regions, event,
    linked initiatives and documents (private ones for the parties only)."""
    return _answer(request, agreement_id)


def _unknown(what: str, values) -> InvalidInput:
    return InvalidInput(_("Unknown %(what)s: %(values)s") % {"what": what, "values": list(values)},
                        code="unknown_reference")


def _fetch(queryset, key: str, values: list, what: str, field: str) -> list:
    found = {getattr(row, key): row for row in queryset.filter(**{f"{key}__in": values})}
    missing = [value for value in values if value not in found]
    if missing:
        error = _unknown(what, missing)
        error.field = field
        raise error
    return [found[value] for value in dict.fromkeys(values)]


def _resolve(request, data: dict, keeper) -> dict:
    """The payload's ids and codes as the rows the services take; unknown ones are a 422."""
    from musharaka.events.selectors import visible_events
    from musharaka.geo.models import Region
    from musharaka.initiatives.selectors import visible_initiatives
    from musharaka.orgs.models import Organization
    from musharaka.taxonomy.models import Axis

    user = request_user(request)
    resolved = {name: data[name] for name in services.AGREEMENT_FIELDS if name in data}
    if "stage" in data:
        resolved["stage"] = data["stage"]
    if "event_id" in data:
        event_id = data["event_id"]
        resolved["event"] = _fetch(visible_events(user), "pk", [event_id], pgettext("api", "event"),
                                   "event_id")[0] if event_id else None
        resolved["session"] = None
    references: dict = {}
    if data.get("parties") is not None:
        ids = [party["organization_id"] for party in data["parties"] if party.get("organization_id")]
        organizations = {org.pk: org for org in _fetch(Organization.objects.all(), "pk", ids,
                                                       pgettext("api", "organisation"), "parties")}
        specs = [services.PartySpec(
            organization=organizations.get(party.get("organization_id")), name_ar=party.get("name_ar", ""),
            name_en=party.get("name_en", ""), role=party.get("role", "partner"),
            signatory_name=party.get("signatory_name", ""), signatory_title=party.get("signatory_title", ""),
        ) for party in data["parties"]]
        if keeper.pk not in organizations:  # the recording organisation is a party
            specs.append(services.PartySpec(organization=keeper))
        references["parties"] = specs
    if data.get("axes") is not None:
        references["axes"] = _fetch(Axis.objects.all(), "code", data["axes"], _("axis"), "axes")
    if data.get("regions") is not None:
        references["regions"] = _fetch(Region.objects.all(), "pk", data["regions"], _("region"), "regions")
    if data.get("initiatives") is not None:
        references["initiatives"] = _fetch(visible_initiatives(user), "pk", data["initiatives"],
                                           pgettext("api", "initiative"), "initiatives")
    return {"data": resolved, **references}


@router.post("", auth=api_auth, response={201: AgreementOut, **error_responses(auth=True, body=True)})
def create_agreement(request, payload: AgreementCreate):
    """Record an agreement for one of your organisations (its admin or editor): a draft, or signed (give
    `signed_on`, and at least two parties). The recording organisation is a party: listed in `parties` with
    its role, or added as a partner."""
    from musharaka.orgs.models import Organization

    user = request_user(request)
    require(user, "partnerships.add_agreement")
    data = payload.model_dump(exclude_unset=True)
    keeper = Organization.objects.filter(pk=data.pop("organization_id")).first()
    if keeper is None:
        raise InvalidInput(_("Unknown organisation."), code="unknown_organization", field="organization_id")
    require(user, "partnerships.create_for_organization", keeper)
    data["stage"] = payload.stage
    data.setdefault("parties", [])
    resolved = _resolve(request, data, keeper)
    agreement = services.agreement_create(actor=user, organization=keeper, data=resolved["data"],
                                          parties=resolved["parties"], axes=resolved.get("axes", ()),
                                          regions=resolved.get("regions", ()),
                                          initiatives=resolved.get("initiatives", ()))
    return Status(201, _answer(request, agreement.pk))


@router.patch("/{agreement_id}", auth=api_auth,
              response={200: AgreementOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def update_agreement(request, agreement_id: int, payload: AgreementUpdate):
    """Change an agreement (the recording organisation's admins and editors). `parties`, `axes`, `regions` and
    `initiatives` replace the lists when given; a party with commitments cannot be removed (409)."""
    agreement = _visible(request, agreement_id)
    user = request_user(request)
    require(user, "partnerships.change_agreement", agreement)
    resolved = _resolve(request, payload.model_dump(exclude_unset=True), agreement.organization)
    with state_conflicts():
        services.agreement_update(actor=user, agreement=agreement, data=resolved["data"],
                                  parties=resolved.get("parties"), axes=resolved.get("axes"),
                                  regions=resolved.get("regions"), initiatives=resolved.get("initiatives"))
    return _answer(request, agreement_id)


@router.delete("/{agreement_id}", auth=api_auth,
               response={204: None, **error_responses(auth=True, lookup=True, conflict=True)})
def delete_agreement(request, agreement_id: int):
    """Delete a draft (a signed agreement is terminated instead: 409)."""
    agreement = _visible(request, agreement_id)
    with state_conflicts():
        services.agreement_delete(actor=request_user(request), agreement=agreement)
    return Status(204, None)


@router.post("/{agreement_id}/terminate", auth=api_auth,
             response={200: AgreementOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def terminate_agreement(request, agreement_id: int, payload: AgreementTerminateIn):
    """End a signed agreement before its term, with the date and the reason (409 for any other)."""
    agreement = _visible(request, agreement_id)
    with state_conflicts():
        services.agreement_terminate(actor=request_user(request), agreement=agreement,
                                     terminated_on=payload.terminated_on, reason=payload.reason)
    return _answer(request, agreement_id)


@router.post("/{agreement_id}/renew", auth=api_auth,
             response={201: AgreementOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def renew_agreement(request, agreement_id: int, payload: AgreementRenewIn):
    """Renew a signed agreement by the parties' decision: the answer is the new agreement (same parties, the
    open commitments carried over); this one is then `renewed`."""
    agreement = _visible(request, agreement_id)
    with state_conflicts():
        new = services.agreement_renew(actor=request_user(request), agreement=agreement, signed_on=payload.signed_on,
                                       ends_on=payload.ends_on, title_ar=payload.title_ar)
    return Status(201, _answer(request, new.pk))


# ---------------------------------------------------------------- commitments and their follow-up


@router.get("/{agreement_id}/commitments", response={200: list[CommitmentOut], **error_responses(lookup=True)})
def list_commitments(request, agreement_id: int):
    """Every party's commitments, soonest due first, overdue ones flagged."""
    agreement = _visible(request, agreement_id)
    today = timezone.localdate()
    return [commitment_out(commitment, today) for commitment in agreement.commitments.all()]


def _party(agreement: Agreement, party_id: int) -> AgreementParty:
    party = AgreementParty.objects.filter(pk=party_id, agreement=agreement).first()
    if party is None:
        # Not (or no longer) one of the agreement's parties: the request conflicts with the agreement's parties as
        # they are (another editor may have changed them), whatever the body's shape.
        raise Conflict(_("Choose one of the agreement's parties."), code="party_not_in_agreement", field="party_id")
    return party


def _commitment(request, agreement_id: int, commitment_id: int) -> Commitment:
    agreement = _visible(request, agreement_id)
    commitment = Commitment.objects.filter(pk=commitment_id, agreement=agreement).select_related(
        "agreement", "party").first()
    if commitment is None:
        raise NotFound()
    return commitment


@router.post("/{agreement_id}/commitments", auth=api_auth,
             response={201: CommitmentOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def create_commitment(request, agreement_id: int, payload: CommitmentCreate):
    """Add a party's commitment (the recording organisation's admins and editors enter them for every party)."""
    agreement = _visible(request, agreement_id)
    require(request_user(request), "partnerships.change_agreement", agreement)
    data = payload.model_dump(exclude_unset=True)
    party = _party(agreement, data.pop("party_id"))
    commitment = services.commitment_create(actor=request_user(request), agreement=agreement, party=party, data=data)
    return Status(201, commitment_out(commitment, timezone.localdate()))


@router.patch("/{agreement_id}/commitments/{commitment_id}", auth=api_auth,
              response={200: CommitmentOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def update_commitment(request, agreement_id: int, commitment_id: int, payload: CommitmentPatch):
    """Correct a commitment (its text, due date, owner, party); its progress is followed up with updates."""
    commitment = _commitment(request, agreement_id, commitment_id)
    require(request_user(request), "partnerships.change_agreement", commitment.agreement)
    data = payload.model_dump(exclude_unset=True)
    party = _party(commitment.agreement, data.pop("party_id")) if "party_id" in data else None
    commitment = services.commitment_edit(actor=request_user(request), commitment=commitment, data=data, party=party)
    return commitment_out(commitment, timezone.localdate())


@router.delete("/{agreement_id}/commitments/{commitment_id}", auth=api_auth,
               response={204: None, **error_responses(auth=True, lookup=True)})
def delete_commitment(request, agreement_id: int, commitment_id: int):
    commitment = _commitment(request, agreement_id, commitment_id)
    services.commitment_delete(actor=request_user(request), commitment=commitment)
    return Status(204, None)


def update_out(update: CommitmentUpdate, *, private: bool) -> dict:
    return {
        "id": update.pk, "commitment_id": update.commitment_id, "happened_on": update.happened_on,
        "note": update.note, "status": update.status, "progress": update.progress,
        "author": (update.author.get_full_name() or update.author.username) if update.author else None,
        "has_evidence": bool(update.evidence),
        "evidence_url": _url(lambda: update.evidence_url) if private and update.evidence else None,
        "created_at": update.created_at,
    }


@router.get("/{agreement_id}/commitments/{commitment_id}/updates",
            response={200: list[CommitmentUpdateOut], **error_responses(lookup=True)})
def list_updates(request, agreement_id: int, commitment_id: int):
    """The commitment's dated progress updates, newest first (evidence links for the parties only)."""
    commitment = _commitment(request, agreement_id, commitment_id)
    private = can(request_user(request), "partnerships.view_private", commitment.agreement)
    updates = CommitmentUpdate.objects.filter(commitment=commitment).select_related("author", "commitment")
    return [update_out(update, private=private) for update in updates]


@router.post("/{agreement_id}/commitments/{commitment_id}/updates", auth=api_auth,
             response={201: CommitmentUpdateOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def create_update(request, agreement_id: int, commitment_id: int, payload: CommitmentProgressIn):
    """Record progress on a commitment (its own party's admins and editors): the commitment takes the status
    and progress given. Follow-up starts once the agreement is signed (409 on a draft). Evidence files are
    attached on the commitment's page."""
    commitment = _commitment(request, agreement_id, commitment_id)
    with state_conflicts():
        update = services.commitment_update_add(
            actor=request_user(request), commitment=commitment, happened_on=payload.happened_on, note=payload.note,
            status=payload.status, progress=payload.progress)
    return Status(201, update_out(update, private=True))


# ---------------------------------------------------------------- comments of the parties


def comment_out(comment: AgreementComment) -> dict:
    author = comment.author
    return {
        "id": comment.pk, "body": comment.body,
        "author": (author.get_full_name() or author.username) if author else None,
        "organization": {"id": comment.organization_id, "name": localized(comment.organization)}
        if comment.organization_id else None,
        "created_at": comment.created_at,
    }


@router.get("/{agreement_id}/comments", auth=api_auth,
            response={200: list[AgreementCommentOut], **error_responses(auth=True, lookup=True)})
def list_comments(request, agreement_id: int):
    """The parties' comments on the agreement, oldest first (the parties only: never the public)."""
    agreement = _visible(request, agreement_id)
    require(request_user(request), "partnerships.view_private", agreement)
    comments = AgreementComment.objects.filter(agreement=agreement).select_related("author", "organization")
    return [comment_out(comment) for comment in comments]


@router.post("/{agreement_id}/comments", auth=api_auth,
             response={201: AgreementCommentOut, **error_responses(auth=True, body=True, lookup=True)})
def create_comment(request, agreement_id: int, payload: AgreementCommentIn):
    """Comment as one of the parties (their admins and editors)."""
    agreement = _visible(request, agreement_id)
    comment = services.comment_add(actor=request_user(request), agreement=agreement, body=payload.body)
    return Status(201, comment_out(AgreementComment.objects.select_related("author", "organization").get(pk=comment.pk)))

