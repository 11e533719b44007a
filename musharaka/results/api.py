"""The results API under /api/v1/results: results of an owner (an initiative, a plan's goal or action), their
indicators and periods, updates with their breakdown, evidence and review, the approval queue and the
disaggregation lists.

Who sees what is rules.py's: whoever may read the owner reads its results and their approved updates; drafts,
pending and returned updates are read by those who report or approve them. A record one may not see answers 404
like a missing one; one seen but not changeable 403. Every write goes through results.services: a refusal caused
by the record's state (a locked period, a submitted update, approved updates that stay) is a 409, bad input a 422.
"""

from decimal import Decimal

from django.db import transaction
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import NotFound
from musharaka.core.files import protected_file_url
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can
from musharaka.core.schemas import error_responses, upload_formats

from . import owners, selectors, services
from .models import Dimension, Indicator, Period, Result, Update, UpdateEvidence, UpdateStatus
from .schemas import (
    ResultsDimensionOut,
    ResultsIndicatorCreate,
    ResultsIndicatorDetailOut,
    ResultsIndicatorPatch,
    ResultsLockIn,
    ResultsPeriodCreate,
    ResultsPeriodOut,
    ResultsPeriodPatch,
    ResultsResultCreate,
    ResultsResultOut,
    ResultsResultPatch,
    ResultsReturnIn,
    ResultsReviewIn,
    ResultsUpdateCreate,
    ResultsUpdateOut,
    ResultsUpdatePatch,
)

router = Router(tags=["results"])

READ = error_responses(lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# ---------------------------------------------------------------- shapes


def period_out(period: Period, insider: bool) -> dict:
    return {"id": period.pk, "start": period.start, "end": period.end, "target_value": _figure(period.target_value),
            "target_comment": period.target_comment, "locked": period.locked,
            "actual_value": _figure(period.actual_value), "approved_count": period.approved_count,
            "pending_count": period.pending_count if insider else None}


def indicator_out(indicator: Indicator, periods: list[Period], insider: bool, target=None) -> dict:
    from . import rollup

    if target is None:
        target = rollup.overall_target(indicator.measure, indicator.cumulative, [p.target_value for p in periods])
    return {
        "id": indicator.pk, "result_id": indicator.result_id, "title": localized(indicator, "title"),
        "title_ar": indicator.title_ar, "title_en": indicator.title_en, "description_ar": indicator.description_ar,
        "description_en": indicator.description_en, "measure": indicator.measure, "unit": localized(indicator, "unit"),
        "unit_ar": indicator.unit_ar, "unit_en": indicator.unit_en, "ascending": indicator.ascending,
        "cumulative": indicator.cumulative, "baseline_value": _figure(indicator.baseline_value),
        "baseline_year": indicator.baseline_year, "code_list": indicator.code_list, "code": indicator.code,
        "dimensions": [d.code for d in indicator.dimensions.all()], "target_value": _figure(target),
        "actual_value": _figure(indicator.actual_value), "progress": _figure(indicator.progress),
        "periods": [period_out(p, insider) for p in periods]}


def result_row_out(section, row) -> dict:
    result = row.result
    return {
        "id": result.pk, "owner_kind": section.kind, "owner_id": result.owner_id, "level": result.level,
        "title": localized(result, "title"), "title_ar": result.title_ar, "title_en": result.title_en,
        "description_ar": result.description_ar, "description_en": result.description_en,
        "position": result.position, "may_manage": row.can_manage, "may_report": row.can_report,
        "indicators": [indicator_out(i.indicator, i.periods, row.can_report, i.target) for i in row.indicators]}


def _result_out(result: Result, user) -> dict:
    section = selectors.section_for(result.owner, user)
    row = next(r for r in section.results if r.result.pk == result.pk)
    return result_row_out(section, row)


def update_out(update: Update, user) -> dict:
    return {
        "id": update.pk, "period_id": update.period_id, "indicator_id": update.period.indicator_id,
        "status": update.status, "value": _figure(update.value), "numerator": _figure(update.numerator),
        "denominator": _figure(update.denominator), "narrative": update.narrative,
        "review_comment": update.review_comment,
        "author": (update.author.get_full_name() or update.author.username) if update.author else "",
        "submitted_at": update.submitted_at, "reviewed_at": update.reviewed_at,
        "breakdown": [{"dimension_value": part.dimension_value_id, "code": part.dimension_value.code,
                       "value": _figure(part.value), "numerator": _figure(part.numerator),
                       "denominator": _figure(part.denominator)} for part in update.disaggregations.all()],
        "evidence": [{"id": e.pk, "name": e.name, "content_type": e.content_type, "size": e.size,
                      "url": protected_file_url("results:evidence", e.file, evidence_id=e.pk)}
                     for e in update.evidence.all()],
        "may_change": can(user, "results.change_update", update),
        "may_review": can(user, "results.review_update", update)}


# ---------------------------------------------------------------- lookups (404 for what one may not see)


def _visible(user, obj):
    if not can(user, "results.view_result", obj):
        raise NotFound()
    return obj


def _owner(user, owner_kind: str, owner_id: int):
    model = selectors.owner_model(owner_kind)
    owner = model.objects.filter(pk=owner_id).first() if model is not None else None
    if owner is None or not owners.owner_of(model).can_view(user, owner):
        raise NotFound()
    return owner


def _result(user, result_id: int) -> Result:
    return _visible(user, Result.objects.filter(pk=result_id).first() or _missing())


def _indicator(user, indicator_id: int) -> Indicator:
    return _visible(user, Indicator.objects.select_related("result").filter(pk=indicator_id).first() or _missing())


def _period(user, period_id: int) -> Period:
    return _visible(user, Period.objects.select_related("indicator__result").filter(pk=period_id).first()
                    or _missing())


def _update(user, update_id: int) -> Update:
    update = (Update.objects.select_related("period__indicator__result", "author")
              .prefetch_related("evidence", "disaggregations__dimension_value").filter(pk=update_id).first())
    if update is None:
        raise NotFound()
    _visible(user, update)
    if update.status != UpdateStatus.APPROVED and not can(user, "results.view_update", update):
        raise NotFound()
    return update


def _missing():
    raise NotFound()


def _reload_update(update_id: int, user) -> dict:
    return update_out(Update.objects.select_related("period__indicator__result", "author").prefetch_related(
        "evidence", "disaggregations__dimension_value").get(pk=update_id), user)


def _indicator_detail(indicator: Indicator, user) -> dict:
    page = selectors.indicator_page(indicator, user=user)
    periods = [block.period for block in page["periods"]]
    out = indicator_out(indicator, periods, page["insider"], page["target"])
    out["breakdown"] = [{"dimension": block.dimension.code, "name": localized(block.dimension),
                         "rows": [{"code": v.code, "name": localized(v), "actual": _figure(a)} for v, a in block.rows],
                         "unspecified": _figure(block.unspecified), "complete": block.complete}
                        for block in page["dimensions"]]
    return out


def _breakdown(parts) -> dict[int, dict] | None:
    if parts is None:
        return None
    return {part.dimension_value: {"value": part.value, "numerator": part.numerator, "denominator": part.denominator}
            for part in parts}


# ---------------------------------------------------------------- lists


@router.get("/queue", auth=api_auth, response={200: Page[ResultsUpdateOut], **error_responses(auth=True)})
def approval_queue(request, paging: Query[PageParams]):
    """Pending updates you may approve (your organisations' as approving organisation; never your own)."""
    user = request_user(request)
    rows = selectors.approval_queue(user=user).prefetch_related("evidence", "disaggregations__dimension_value")
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda items: [update_out(u, user) for u in items]))


@router.get("/dimensions", response={200: list[ResultsDimensionOut], **error_responses()})
def list_dimensions(request):
    """The disaggregations indicators may use (sex, age group…) with their values."""
    return [{"id": d.pk, "code": d.code, "name": localized(d),
             "values": [{"id": v.pk, "code": v.code, "name": localized(v)} for v in d.values.all()]}
            for d in Dimension.objects.prefetch_related("values")]


@router.get("/owners/{owner_kind}/{owner_id}", response={200: list[ResultsResultOut], **READ})
def owner_results(request, owner_kind: str, owner_id: int):
    """An owner's results → indicators → periods (owner_kind: initiative, goal or action)."""
    user = request_user(request)
    section = selectors.section_for(_owner(user, owner_kind, owner_id), user)
    return [result_row_out(section, row) for row in section.results]


@router.post("/owners/{owner_kind}/{owner_id}", auth=api_auth, response={201: ResultsResultOut, **WRITE})
def create_result(request, owner_kind: str, owner_id: int, payload: ResultsResultCreate):
    user = request_user(request)
    owner = _owner(user, owner_kind, owner_id)
    result = services.result_create(actor=user, owner=owner, data=payload.model_dump())
    return Status(201, _result_out(result, user))


# ---------------------------------------------------------------- results


@router.get("/{result_id}", response={200: ResultsResultOut, **READ})
def get_result(request, result_id: int):
    user = request_user(request)
    return _result_out(_result(user, result_id), user)


@router.patch("/{result_id}", auth=api_auth, response={200: ResultsResultOut, **WRITE})
def update_result(request, result_id: int, payload: ResultsResultPatch):
    user = request_user(request)
    result = services.result_update(actor=user, result=_result(user, result_id),
                                    data=payload.model_dump(exclude_unset=True))
    return _result_out(result, user)


@router.delete("/{result_id}", auth=api_auth, response={204: None, **ACTION})
def delete_result(request, result_id: int):
    user = request_user(request)
    services.result_delete(actor=user, result=_result(user, result_id))
    return Status(204, None)


# ---------------------------------------------------------------- indicators


@router.post("/{result_id}/indicators", auth=api_auth, response={201: ResultsIndicatorDetailOut, **WRITE})
def create_indicator(request, result_id: int, payload: ResultsIndicatorCreate):
    user = request_user(request)
    data = payload.model_dump()
    dimensions = data.pop("dimensions")
    indicator = services.indicator_create(actor=user, result=_result(user, result_id), data=data,
                                          dimensions=dimensions)
    return Status(201, _indicator_detail(indicator, user))


@router.get("/indicators/{indicator_id}", response={200: ResultsIndicatorDetailOut, **READ})
def get_indicator(request, indicator_id: int):
    """The indicator with its periods and its breakdown per disaggregation (what is not specified included)."""
    user = request_user(request)
    return _indicator_detail(_indicator(user, indicator_id), user)


@router.patch("/indicators/{indicator_id}", auth=api_auth, response={200: ResultsIndicatorDetailOut, **WRITE})
def update_indicator(request, indicator_id: int, payload: ResultsIndicatorPatch):
    user = request_user(request)
    data = payload.model_dump(exclude_unset=True)
    dimensions = data.pop("dimensions", None)
    indicator = services.indicator_update(actor=user, indicator=_indicator(user, indicator_id), data=data,
                                          dimensions=dimensions)
    return _indicator_detail(indicator, user)


@router.delete("/indicators/{indicator_id}", auth=api_auth, response={204: None, **ACTION})
def delete_indicator(request, indicator_id: int):
    user = request_user(request)
    services.indicator_delete(actor=user, indicator=_indicator(user, indicator_id))
    return Status(204, None)


# ---------------------------------------------------------------- periods


@router.post("/indicators/{indicator_id}/periods", auth=api_auth, response={201: ResultsPeriodOut, **WRITE})
def create_period(request, indicator_id: int, payload: ResultsPeriodCreate):
    user = request_user(request)
    period = services.period_create(actor=user, indicator=_indicator(user, indicator_id), data=payload.model_dump())
    period.refresh_from_db()
    return Status(201, period_out(period, True))


@router.patch("/periods/{period_id}", auth=api_auth, response={200: ResultsPeriodOut, **WRITE})
def update_period(request, period_id: int, payload: ResultsPeriodPatch):
    user = request_user(request)
    period = services.period_update(actor=user, period=_period(user, period_id),
                                    data=payload.model_dump(exclude_unset=True))
    period.refresh_from_db()
    return period_out(period, True)


@router.post("/periods/{period_id}/lock", auth=api_auth, response={200: ResultsPeriodOut, **WRITE})
def lock_period(request, period_id: int, payload: ResultsLockIn):
    """Lock (no new updates) or unlock the period."""
    user = request_user(request)
    period = services.period_set_locked(actor=user, period=_period(user, period_id), locked=payload.locked)
    return period_out(period, True)


@router.delete("/periods/{period_id}", auth=api_auth, response={204: None, **ACTION})
def delete_period(request, period_id: int):
    user = request_user(request)
    services.period_delete(actor=user, period=_period(user, period_id))
    return Status(204, None)


# ---------------------------------------------------------------- updates


@router.get("/periods/{period_id}/updates", response={200: list[ResultsUpdateOut], **READ})
def list_updates(request, period_id: int):
    """The period's updates you may read: approved ones for every reader, the others for those who report or
    approve them."""
    user = request_user(request)
    period = _period(user, period_id)
    return [update_out(u, user) for u in selectors.period_updates(period, user=user)]


@router.post("/periods/{period_id}/updates", auth=api_auth, response={201: ResultsUpdateOut, **WRITE})
def create_update(request, period_id: int, payload: ResultsUpdateCreate):
    """Report an update (a draft, or submitted for approval at once with submit: true)."""
    user = request_user(request)
    data = payload.model_dump(exclude={"breakdown", "submit"})
    update = services.update_create(actor=user, period=_period(user, period_id), data=data,
                                    breakdown=_breakdown(payload.breakdown), submit=payload.submit)
    return Status(201, _reload_update(update.pk, user))


@router.get("/updates/{update_id}", response={200: ResultsUpdateOut, **READ})
def get_update(request, update_id: int):
    user = request_user(request)
    return update_out(_update(user, update_id), user)


@router.patch("/updates/{update_id}", auth=api_auth, response={200: ResultsUpdateOut, **WRITE})
def edit_update(request, update_id: int, payload: ResultsUpdatePatch):
    user = request_user(request)
    data = payload.model_dump(exclude_unset=True, exclude={"breakdown"})
    services.update_edit(actor=user, update=_update(user, update_id), data=data,
                         breakdown=_breakdown(payload.breakdown) if "breakdown" in payload.model_fields_set else None)
    return _reload_update(update_id, user)


@router.delete("/updates/{update_id}", auth=api_auth, response={204: None, **ACTION})
def delete_update(request, update_id: int):
    user = request_user(request)
    services.update_delete(actor=user, update=_update(user, update_id))
    return Status(204, None)


@router.post("/updates/{update_id}/submit", auth=api_auth, response={200: ResultsUpdateOut, **ACTION})
def submit_update(request, update_id: int):
    user = request_user(request)
    services.update_submit(actor=user, update=_update(user, update_id))
    return _reload_update(update_id, user)


@router.post("/updates/{update_id}/approve", auth=api_auth, response={200: ResultsUpdateOut, **WRITE})
def approve_update(request, update_id: int, payload: ResultsReviewIn):
    """Approve a pending update (never one you reported): from now on it counts."""
    user = request_user(request)
    services.update_approve(actor=user, update=_update(user, update_id), comment=payload.comment)
    return _reload_update(update_id, user)


@router.post("/updates/{update_id}/return", auth=api_auth, response={200: ResultsUpdateOut, **WRITE})
def return_update(request, update_id: int, payload: ResultsReturnIn):
    """Return a pending update to its reporter with what to revise (the comment is required)."""
    user = request_user(request)
    services.update_return(actor=user, update=_update(user, update_id), comment=payload.comment)
    return _reload_update(update_id, user)


@router.post(
    "/updates/{update_id}/evidence", auth=api_auth, response={201: ResultsUpdateOut, **WRITE},
    openapi_extra=upload_formats("file", "application/pdf", "image/png", "image/jpeg", "image/webp"),
)
def add_evidence(request, update_id: int, file: File[UploadedFile]):
    """Attach an evidence file to a draft or returned update: PDF, an office document or an image, checked by
    content."""
    user = request_user(request)
    with transaction.atomic():
        services.evidence_add(actor=user, update=_update(user, update_id), upload=file)
    return Status(201, _reload_update(update_id, user))


@router.delete("/evidence/{evidence_id}", auth=api_auth, response={204: None, **ACTION})
def remove_evidence(request, evidence_id: int):
    user = request_user(request)
    evidence = UpdateEvidence.objects.filter(pk=evidence_id).first() or _missing()
    _update(user, evidence.update_id)
    services.evidence_remove(actor=user, evidence=evidence)
    return Status(204, None)
