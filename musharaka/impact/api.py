"""The impact API under /api/v1/impact: logic models of an owner (an initiative, a plan's action) and their items,
SROI analyses (the public list of published ones, an owner's, one with its computed results, its versions and its
sensitivity runs), their stakeholders, investments and outcomes, review comments, the review workflow (submit,
return, publish, revise), the review queue and the reviewers the platform's staff keep.

Who sees what is rules.py's: the public reads published analyses and the logic models of owners it may read;
drafts are read by their preparers, analyses under review by independent reviewers too. What one may not see
answers 404 like what is missing; what one sees but may not do, 403; what one may do but not in the record's
present state (changing an analysis that left the draft, publishing one no longer under review), 409. Every write
goes through impact.services; bad input is a 422 with the field named, and nothing is half-written.
"""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can, require
from musharaka.core.schemas import RecordId, error_responses

from . import rules, selectors, services, sroi
from .models import Analysis, Comment, Investment, LogicItem, Outcome, Reviewer, Stakeholder
from .schemas import (
    ImpactAnalysisCreate,
    ImpactAnalysisFilters,
    ImpactAnalysisOut,
    ImpactAnalysisPatch,
    ImpactAnalysisRow,
    ImpactCommentIn,
    ImpactCommentOut,
    ImpactInvestmentIn,
    ImpactInvestmentOut,
    ImpactItemCreate,
    ImpactItemOut,
    ImpactItemPatch,
    ImpactLogicModelIn,
    ImpactLogicModelOut,
    ImpactOutcomeIn,
    ImpactOutcomeOut,
    ImpactResolveIn,
    ImpactReturnIn,
    ImpactReviewerIn,
    ImpactReviewerOut,
    ImpactSensitivityOut,
    ImpactStakeholderCreate,
    ImpactStakeholderOut,
    ImpactStakeholderPatch,
    ImpactVersionOut,
    OwnerKindCode,
)

router = Router(tags=["impact"])

READ = error_responses(lookup=True)
AUTH_READ = error_responses(auth=True, lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _figure(value: Decimal | None) -> str | None:
    """A stored figure without its trailing zeros (12.5000 → "12.5")."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _owner_kind(owner_type_id: int) -> str:
    return ContentType.objects.get_for_id(owner_type_id).model


def _organization(row: dict) -> dict:
    return {"id": row["organization_id"], "name": localized({"name_ar": row["organization__name_ar"],
                                                             "name_en": row["organization__name_en"]})}


def analysis_row(row: dict) -> dict:
    return {
        "id": row["id"], "title": localized(row, "title"), "title_ar": row["title_ar"], "title_en": row["title_en"],
        "kind": row["kind"], "status": row["status"], "version": row["version"], "series": row["series"],
        "is_current": row["is_current"], "owner_kind": _owner_kind(row["owner_type_id"]), "owner_id": row["owner_id"],
        "organization": _organization(row), "currency": row["currency"], "discount_rate": _figure(row["discount_rate"]),
        "start_year": row["start_year"], "total_investment": _text(row["total_investment"]),
        "present_value": _text(row["present_value"]), "net_present_value": _text(row["net_present_value"]),
        "ratio": _text(row["ratio"]), "net_ratio": _text(row["net_ratio"]),
        "payback_months": _text(row["payback_months"]), "published_at": row["published_at"],
        "updated_at": row["updated_at"],
    }


# ---------------------------------------------------------------- lookups (404 for what one may not see)


def _owner(user, owner_kind: str, owner_id: int):
    owner = services.get_owner(owner_kind, owner_id)
    if not can(user, "impact.view_logic_model", owner):
        raise NotFound()
    return owner


def _analysis(user, analysis_id: int) -> Analysis:
    return selectors.get_analysis(user=user, analysis_id=analysis_id)


def _record(model, user, record_id: int):
    """A stakeholder, investment, outcome or comment of an analysis this person may read."""
    record = model.objects.filter(pk=record_id).first()
    if record is None:
        raise NotFound()
    record.analysis = _analysis(user, record.analysis_id)
    return record


def _item(user, item_id: int) -> LogicItem:
    item = LogicItem.objects.select_related("logic_model").filter(pk=item_id).first()
    if item is None or not can(user, "impact.view_logic_model", item.logic_model):
        raise NotFound()
    return item


def _indicator(owner_type_id: int, owner_id: int, indicator_id: int | None, field: str):
    """An indicator of the owner's results (anything else is refused as unknown, never revealed)."""
    from musharaka.results.models import Indicator

    if indicator_id is None:
        return None
    indicator = Indicator.objects.select_related("result").filter(
        pk=indicator_id, result__owner_type_id=owner_type_id, result__owner_id=owner_id).first()
    if indicator is None:
        raise InvalidInput(_("Choose an indicator of this record's results."), code="unknown_reference", field=field)
    return indicator


def _allowed(user, permission: str, analysis: Analysis) -> None:
    """403 to who may never do it, 409 to who could in another state (services.check_allowed, the pages' rule too)."""
    services.check_allowed(actor=user, permission=permission, analysis=analysis)


# ---------------------------------------------------------------- logic models


def _item_out(item: LogicItem) -> dict:
    indicator = item.indicator
    return {"id": item.pk, "stage": item.stage, "text": localized(item, "text"), "text_ar": item.text_ar,
            "text_en": item.text_en, "position": item.position,
            "indicator": {"id": indicator.pk, "name": localized(indicator, "title")} if indicator else None,
            "indicator_value": _figure(indicator.actual_value) if indicator else None}


def _logic_model_out(owner_kind: str, owner, user) -> dict:
    model, stages = selectors.logic_model_page(owner)
    return {
        "exists": model is not None, "owner_kind": owner_kind, "owner_id": owner.pk,
        "assumptions_ar": model.assumptions_ar if model else "", "assumptions_en": model.assumptions_en if model else "",
        "external_factors_ar": model.external_factors_ar if model else "",
        "external_factors_en": model.external_factors_en if model else "",
        "updated_at": model.updated_at if model else None,
        "may_change": can(user, "impact.change_logic_model", owner),
        "items": [_item_out(item) for items in stages.values() for item in items],
    }


@router.get("/owners/{owner_kind}/{owner_id}/logic-model", response={200: ImpactLogicModelOut, **READ})
def get_logic_model(request, owner_kind: Path[OwnerKindCode], owner_id: Path[RecordId]):
    """The owner's logic model (empty, `exists: false`, until its staff write one)."""
    user = request_user(request)
    return _logic_model_out(owner_kind, _owner(user, owner_kind, owner_id), user)


@router.put("/owners/{owner_kind}/{owner_id}/logic-model", auth=api_auth, response={200: ImpactLogicModelOut, **WRITE})
def put_logic_model(request, owner_kind: Path[OwnerKindCode], owner_id: Path[RecordId], payload: ImpactLogicModelIn):
    """Write the owner's assumptions and external factors (the logic model is made on the first write)."""
    user = request_user(request)
    owner = _owner(user, owner_kind, owner_id)
    services.logic_model_save(actor=user, owner=owner, data=payload.model_dump())
    return _logic_model_out(owner_kind, owner, user)


@router.post("/owners/{owner_kind}/{owner_id}/logic-model/items", auth=api_auth,
             response={201: ImpactItemOut, **WRITE})
def create_item(request, owner_kind: Path[OwnerKindCode], owner_id: Path[RecordId], payload: ImpactItemCreate):
    """Add an input, activity, output, outcome or impact; outputs and outcomes may name an indicator of the owner."""
    user = request_user(request)
    owner = _owner(user, owner_kind, owner_id)
    require(user, "impact.change_logic_model", owner)
    data = payload.model_dump(exclude={"indicator_id"})
    content_type = ContentType.objects.get_for_model(owner)
    indicator = _indicator(content_type.pk, owner.pk, payload.indicator_id, "indicator_id")
    model = services.logic_model_of(owner) or services.logic_model_save(actor=user, owner=owner, data={})
    item = services.logic_item_save(actor=user, logic_model=model, data=data, indicator=indicator)
    return Status(201, _item_out(item))


@router.patch("/logic-items/{item_id}", auth=api_auth, response={200: ImpactItemOut, **WRITE})
def update_item(request, item_id: Path[RecordId], payload: ImpactItemPatch):
    user = request_user(request)
    item = _item(user, item_id)
    require(user, "impact.change_logic_model", item)
    data = payload.model_dump(exclude_unset=True, exclude={"indicator_id"})
    model = item.logic_model
    indicator = (_indicator(model.owner_type_id, model.owner_id, payload.indicator_id, "indicator_id")
                 if "indicator_id" in payload.model_fields_set else item.indicator)
    item = services.logic_item_save(actor=user, logic_model=model, data=data, item=item, indicator=indicator)
    return _item_out(item)


@router.delete("/logic-items/{item_id}", auth=api_auth, response={204: None, **ACTION})
def delete_item(request, item_id: Path[RecordId]):
    user = request_user(request)
    services.logic_item_delete(actor=user, item=_item(user, item_id))
    return Status(204, None)


# ---------------------------------------------------------------- analyses: lists


@router.get("/analyses", response={200: Page[ImpactAnalysisRow], **error_responses()})
def list_published(request, paging: Query[PageParams], filters: Query[ImpactAnalysisFilters]):
    """The current published analyses, newest first; `q` searches titles and scope with Arabic normalised."""
    rows = selectors.published_list(q=filters.q.strip() or None, kind=filters.kind,
                                    organization=filters.organization, currency=filters.currency)
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [analysis_row(row) for row in page]))


@router.get("/queue", auth=api_auth, response={200: Page[ImpactAnalysisRow], **error_responses(auth=True)})
def review_queue(request, paging: Query[PageParams]):
    """Analyses under review you may review (never of your organisations, never one you sent), oldest first."""
    rows = selectors.review_queue(request_user(request))
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [analysis_row(row) for row in page]))


@router.get("/owners/{owner_kind}/{owner_id}/analyses", response={200: Page[ImpactAnalysisRow], **READ})
def owner_analyses(request, owner_kind: Path[OwnerKindCode], owner_id: Path[RecordId], paging: Query[PageParams]):
    """The owner's analyses you may read, every version (the current published ones first)."""
    user = request_user(request)
    owner = _owner(user, owner_kind, owner_id)
    rows = (selectors.visible_analyses(user).filter(owner_type=ContentType.objects.get_for_model(owner),
                                                    owner_id=owner.pk)
            .order_by("-is_current", "series", "-version").values(*selectors.ANALYSIS_COLUMNS))
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [analysis_row(row) for row in page]))


@router.post("/owners/{owner_kind}/{owner_id}/analyses", auth=api_auth, response={201: ImpactAnalysisOut, **WRITE})
def create_analysis(request, owner_kind: Path[OwnerKindCode], owner_id: Path[RecordId],
                    payload: ImpactAnalysisCreate):
    """Start a draft analysis of the owner (its lead organisation's admins and editors)."""
    user = request_user(request)
    owner = _owner(user, owner_kind, owner_id)
    data = payload.model_dump(exclude_unset=True)  # the model's defaults are the document's
    if data.get("start_year") is None:
        data.pop("start_year", None)
    analysis = services.analysis_create(actor=user, owner=owner, data=data)
    return Status(201, analysis_out(_analysis(user, analysis.pk), user))


# ---------------------------------------------------------------- one analysis


def _years(start: int, values, present_values, minor: int) -> list[dict]:
    return [{"year": start + index, "value": _text(sroi.money(value, minor)),
             "present_value": _text(sroi.money(present, minor))}
            for index, (value, present) in enumerate(zip(values, present_values, strict=True))]


def _stakeholder_out(stakeholder: Stakeholder) -> dict:
    return {"id": stakeholder.pk, "name": localized(stakeholder), "name_ar": stakeholder.name_ar,
            "name_en": stakeholder.name_en, "description_ar": stakeholder.description_ar,
            "description_en": stakeholder.description_en, "size": stakeholder.size, "position": stakeholder.position}


def _investment_out(investment: Investment) -> dict:
    return {"id": investment.pk, "kind": investment.kind, "description": localized(investment, "description"),
            "description_ar": investment.description_ar, "description_en": investment.description_en,
            "contributor": investment.contributor, "amount": _text(investment.amount),
            "hours": _text(investment.hours), "hourly_value": _text(investment.hourly_value),
            "valuation_basis": investment.valuation_basis, "value": _text(investment.value),
            "grade": investment.grade, "position": investment.position}


GRADES = ("quantity_grade", "proxy_grade", "deadweight_grade", "displacement_grade", "attribution_grade",
          "drop_off_grade")


def _outcome_out(outcome: Outcome, years: list[dict] | None = None) -> dict:
    indicator = outcome.indicator
    out = {"id": outcome.pk, "stakeholder_id": outcome.stakeholder_id, "title": localized(outcome, "title"),
           "title_ar": outcome.title_ar, "title_en": outcome.title_en, "quantity_source": outcome.quantity_source,
           "indicator": {"id": indicator.pk, "name": localized(indicator, "title")} if indicator else None,
           "quantity": _figure(outcome.quantity), "unit_ar": outcome.unit_ar, "unit_en": outcome.unit_en,
           "proxy": _figure(outcome.proxy), "proxy_description_ar": outcome.proxy_description_ar,
           "proxy_description_en": outcome.proxy_description_en, "proxy_source": outcome.proxy_source,
           "duration": outcome.duration, "position": outcome.position,
           "value_year_one": _text(outcome.value_year_one), "present_value": _text(outcome.present_value),
           "years": years or []}
    for name in ("deadweight", "displacement", "attribution", "drop_off"):
        out[name] = _figure(getattr(outcome, name))
    for name in GRADES:
        out[name] = getattr(outcome, name)
    return out


def analysis_out(analysis: Analysis, user) -> dict:
    page = selectors.analysis_page(analysis, with_comments=False)
    computation, start = page.computation, analysis.start_year
    minor = 2
    outcomes = []
    for line in page.outcomes:
        outcome = line.outcome
        outcome.value_year_one, outcome.present_value = (sroi.money(line.value.year_one, minor),
                                                         sroi.money(line.value.present_value, minor))
        outcomes.append(_outcome_out(outcome, [{"year": start + index, "value": _text(value),
                                                "present_value": _text(present)}
                                               for index, (value, present) in enumerate(zip(
                                                   line.years, line.present_values, strict=True))]))
    insider = can(user, "impact.change_analysis", analysis)
    return {
        "id": analysis.pk, "title": localized(analysis, "title"), "title_ar": analysis.title_ar,
        "title_en": analysis.title_en, "kind": analysis.kind, "scope_ar": analysis.scope_ar,
        "scope_en": analysis.scope_en, "status": analysis.status, "version": analysis.version,
        "series": analysis.series, "previous_id": analysis.previous_id, "is_current": analysis.is_current,
        "owner_kind": _owner_kind(analysis.owner_type_id), "owner_id": analysis.owner_id,
        "organization": {"id": analysis.organization_id, "name": localized(analysis.organization)},
        "currency": analysis.currency, "discount_rate": _figure(analysis.discount_rate),
        "start_year": analysis.start_year, "sensitivity_points": _figure(analysis.sensitivity_points),
        "sensitivity_proxy_percent": _figure(analysis.sensitivity_proxy_percent),
        "sensitivity_rate_low": _figure(analysis.sensitivity_rate_low),
        "sensitivity_rate_high": _figure(analysis.sensitivity_rate_high),
        "submitted_at": analysis.submitted_at, "published_at": analysis.published_at,
        "updated_at": analysis.updated_at,
        "totals": {
            "total_investment": _text(computation.investment), "present_value": _text(computation.present_value),
            "net_present_value": _text(computation.net_present_value), "ratio": _text(computation.ratio),
            "net_ratio": _text(computation.net_ratio), "payback_months": _text(computation.payback_months),
            "investment_by_kind": {kind: _text(value) for kind, value in page.investment_by_kind.items()},
            "years": _years(start, computation.yearly_values, computation.yearly_present_values, minor),
        },
        "stakeholders": [_stakeholder_out(s) for s in page.stakeholders],
        "investments": [_investment_out(i) for i in page.investments],
        "outcomes": outcomes,
        "problems": services.analysis_problems(analysis) if insider else [],
        "may_change": insider, "may_submit": can(user, "impact.submit_analysis", analysis),
        "may_review": can(user, "impact.review_analysis", analysis),
        "may_revise": can(user, "impact.revise_analysis", analysis),
        "may_delete": can(user, "impact.delete_analysis", analysis),
        "may_comment": can(user, "impact.comment_analysis", analysis),
    }


def _answer(request, analysis_id: int) -> dict:
    user = request_user(request)
    return analysis_out(_analysis(user, analysis_id), user)


@router.get("/analyses/{analysis_id}", response={200: ImpactAnalysisOut, **READ})
def get_analysis(request, analysis_id: Path[RecordId]):
    """The analysis with its figures and its computed results: the totals, the ratio, each outcome's value and
    present value in each year, and the yearly totals."""
    return _answer(request, analysis_id)


@router.patch("/analyses/{analysis_id}", auth=api_auth, response={200: ImpactAnalysisOut, **WRITE})
def update_analysis(request, analysis_id: Path[RecordId], payload: ImpactAnalysisPatch):
    """Change a draft's settings (the ratio is recomputed)."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.change_analysis", analysis)
    services.analysis_update(actor=user, analysis=analysis, data=payload.model_dump(exclude_unset=True))
    return _answer(request, analysis_id)


@router.delete("/analyses/{analysis_id}", auth=api_auth, response={204: None, **ACTION})
def delete_analysis(request, analysis_id: Path[RecordId]):
    """Delete a draft with its figures (a revision's published version stays)."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.delete_analysis", analysis)
    services.analysis_delete(actor=user, analysis=analysis)
    return Status(204, None)


@router.post("/analyses/{analysis_id}/submit", auth=api_auth, response={200: ImpactAnalysisOut, **ACTION})
def submit_analysis(request, analysis_id: Path[RecordId]):
    """Send a draft for review; 409 `not_ready` names what is missing (a stakeholder, an outcome, a proxy's source,
    the investment)."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.submit_analysis", analysis)
    services.analysis_submit(actor=user, analysis=analysis)
    return _answer(request, analysis_id)


@router.post("/analyses/{analysis_id}/return", auth=api_auth, response={200: ImpactAnalysisOut, **WRITE})
def return_analysis(request, analysis_id: Path[RecordId], payload: ImpactReturnIn):
    """Return an analysis under review to its preparers, saying what to revise."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.review_analysis", analysis)
    analysis = services.analysis_return(actor=user, analysis=analysis, comment=payload.comment)
    # The analysis as it is left (a draft again): its reviewer reads it no longer, but is told what they did.
    return analysis_out(Analysis.objects.select_related("organization").get(pk=analysis.pk), user)


@router.post("/analyses/{analysis_id}/publish", auth=api_auth, response={200: ImpactAnalysisOut, **ACTION})
def publish_analysis(request, analysis_id: Path[RecordId]):
    """Publish an analysis under review: it is frozen and becomes the owner's current version."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.review_analysis", analysis)
    services.analysis_publish(actor=user, analysis=analysis)
    return _answer(request, analysis_id)


@router.post("/analyses/{analysis_id}/revise", auth=api_auth, response={201: ImpactAnalysisOut, **ACTION})
def revise_analysis(request, analysis_id: Path[RecordId]):
    """Start the next version of a published analysis: a draft copied from it (409 while one is open)."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.revise_analysis", analysis)
    draft = services.analysis_revise(actor=user, analysis=analysis)
    return Status(201, _answer(request, draft.pk))


@router.get("/analyses/{analysis_id}/versions", response={200: list[ImpactVersionOut], **READ})
def analysis_versions(request, analysis_id: Path[RecordId]):
    """The versions of the analysis you may read, oldest first."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    return [{**row, "ratio": _text(row["ratio"])} for row in selectors.versions_of(analysis, user)]


@router.get("/analyses/{analysis_id}/sensitivity", response={200: ImpactSensitivityOut, **READ})
def analysis_sensitivity(request, analysis_id: Path[RecordId]):
    """One figure varied at a time over the analysis's stated ranges: the ratio at both ends, ordered by how far it
    moves (the tornado), and the break-even value of each figure."""
    analysis = _analysis(request_user(request), analysis_id)
    page = selectors.analysis_page(analysis, with_comments=False)
    return {
        "ratio": _text(page.computation.ratio), "reduction_points": _figure(analysis.sensitivity_points),
        "proxy_percent": _figure(analysis.sensitivity_proxy_percent),
        "rate_low": _figure(analysis.sensitivity_rate_low), "rate_high": _figure(analysis.sensitivity_rate_high),
        "runs": [{"parameter": run.parameter, "outcome_id": run.outcome_key,
                  "outcome": page.outcome_titles.get(run.outcome_key, "") if run.outcome_key is not None else "",
                  "base_value": _figure(run.base_value), "low_value": _figure(run.low_value),
                  "high_value": _figure(run.high_value), "ratio_at_low": _text(run.ratio_at_low),
                  "ratio_at_high": _text(run.ratio_at_high), "swing": _text(run.swing),
                  "break_even": _figure(run.break_even)} for run in page.runs],
    }


# ---------------------------------------------------------------- stakeholders, investments, outcomes


def _draft(user, analysis_id: int) -> Analysis:
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.change_analysis", analysis)
    return analysis


@router.post("/analyses/{analysis_id}/stakeholders", auth=api_auth, response={201: ImpactStakeholderOut, **WRITE})
def create_stakeholder(request, analysis_id: Path[RecordId], payload: ImpactStakeholderCreate):
    user = request_user(request)
    stakeholder = services.stakeholder_save(actor=user, analysis=_draft(user, analysis_id),
                                            data=payload.model_dump(exclude_unset=True))
    return Status(201, _stakeholder_out(stakeholder))


@router.patch("/stakeholders/{stakeholder_id}", auth=api_auth, response={200: ImpactStakeholderOut, **WRITE})
def update_stakeholder(request, stakeholder_id: Path[RecordId], payload: ImpactStakeholderPatch):
    user = request_user(request)
    stakeholder = _record(Stakeholder, user, stakeholder_id)
    _allowed(user, "impact.change_analysis", stakeholder.analysis)
    stakeholder = services.stakeholder_save(actor=user, analysis=stakeholder.analysis, stakeholder=stakeholder,
                                            data=payload.model_dump(exclude_unset=True))
    return _stakeholder_out(stakeholder)


@router.delete("/stakeholders/{stakeholder_id}", auth=api_auth, response={204: None, **ACTION})
def delete_stakeholder(request, stakeholder_id: Path[RecordId]):
    """Remove a group (409 `has_outcomes` while outcomes name it)."""
    user = request_user(request)
    stakeholder = _record(Stakeholder, user, stakeholder_id)
    _allowed(user, "impact.change_analysis", stakeholder.analysis)
    services.stakeholder_delete(actor=user, stakeholder=stakeholder)
    return Status(204, None)


def _investment_data(payload) -> dict:
    data = payload.model_dump(exclude_unset=True)
    data["kind"] = payload.kind
    if data.get("position") is None:
        data.pop("position", None)
    return data


@router.post("/analyses/{analysis_id}/investments", auth=api_auth, response={201: ImpactInvestmentOut, **WRITE})
def create_investment(request, analysis_id: Path[RecordId], payload: ImpactInvestmentIn):
    """Cash or in kind (an amount), or volunteer time (hours × the value of an hour, on a stated basis)."""
    user = request_user(request)
    investment = services.investment_save(actor=user, analysis=_draft(user, analysis_id),
                                          data=_investment_data(payload))
    return Status(201, _investment_out(investment))


@router.put("/investments/{investment_id}", auth=api_auth, response={200: ImpactInvestmentOut, **WRITE})
def replace_investment(request, investment_id: Path[RecordId], payload: ImpactInvestmentIn):
    """Replace the investment's figures (sent whole: the kind decides which figures it needs)."""
    user = request_user(request)
    investment = _record(Investment, user, investment_id)
    _allowed(user, "impact.change_analysis", investment.analysis)
    data = {"description_en": "", "contributor": "", "grade": "assumed", "valuation_basis": "",
            **_investment_data(payload)}
    investment = services.investment_save(actor=user, analysis=investment.analysis, investment=investment, data=data)
    return _investment_out(investment)


@router.delete("/investments/{investment_id}", auth=api_auth, response={204: None, **ACTION})
def delete_investment(request, investment_id: Path[RecordId]):
    user = request_user(request)
    investment = _record(Investment, user, investment_id)
    _allowed(user, "impact.change_analysis", investment.analysis)
    services.investment_delete(actor=user, investment=investment)
    return Status(204, None)


def _outcome_args(analysis: Analysis, payload) -> dict:
    data = payload.model_dump(exclude={"stakeholder_id", "indicator_id"})
    data["quantity_source"] = payload.quantity_source
    if data.get("position") is None:
        data.pop("position", None)
    stakeholder = Stakeholder.objects.filter(pk=payload.stakeholder_id, analysis=analysis).first()
    if stakeholder is None:  # the analysis's groups are its state: none yet, or removed meanwhile
        raise Conflict(_("Choose a stakeholder group of this analysis."), code="unknown_stakeholder")
    indicator = _indicator(analysis.owner_type_id, analysis.owner_id, getattr(payload, "indicator_id", None),
                           "indicator_id")
    return {"data": data, "stakeholder": stakeholder, "indicator": indicator}


@router.post("/analyses/{analysis_id}/outcomes", auth=api_auth, response={201: ImpactOutcomeOut, **WRITE})
def create_outcome(request, analysis_id: Path[RecordId], payload: ImpactOutcomeIn):
    """An outcome of one stakeholder group: its quantity (entered, or an indicator's approved value), the financial
    proxy and its source, the duration, the four reductions (percent) and the evidence grade of each figure."""
    user = request_user(request)
    analysis = _draft(user, analysis_id)
    outcome = services.outcome_save(actor=user, analysis=analysis, **_outcome_args(analysis, payload))
    return Status(201, _outcome_out(Outcome.objects.select_related("indicator").get(pk=outcome.pk)))


@router.put("/outcomes/{outcome_id}", auth=api_auth, response={200: ImpactOutcomeOut, **WRITE})
def replace_outcome(request, outcome_id: Path[RecordId], payload: ImpactOutcomeIn):
    """Replace the outcome's figures (sent whole)."""
    user = request_user(request)
    outcome = _record(Outcome, user, outcome_id)
    analysis = outcome.analysis
    _allowed(user, "impact.change_analysis", analysis)
    outcome = services.outcome_save(actor=user, analysis=analysis, outcome=outcome, **_outcome_args(analysis, payload))
    return _outcome_out(Outcome.objects.select_related("indicator").get(pk=outcome.pk))


@router.delete("/outcomes/{outcome_id}", auth=api_auth, response={204: None, **ACTION})
def delete_outcome(request, outcome_id: Path[RecordId]):
    user = request_user(request)
    outcome = _record(Outcome, user, outcome_id)
    _allowed(user, "impact.change_analysis", outcome.analysis)
    services.outcome_delete(actor=user, outcome=outcome)
    return Status(204, None)


# ---------------------------------------------------------------- comments


def _comment_out(comment: Comment) -> dict:
    author = comment.author
    return {"id": comment.pk, "figure": comment.figure, "body": comment.body, "resolved": comment.resolved,
            "created_at": comment.created_at,
            "author": (author.get_full_name() or author.username) if author is not None else ""}


def _reads_comments(user, analysis: Analysis) -> None:
    """Review comments are the preparers' and the reviewers' exchange."""
    if not (user.is_authenticated and (rules.prepares.test(user, analysis) or rules.reviews.test(user, analysis))):
        raise NotPermitted()


@router.get("/analyses/{analysis_id}/comments", auth=api_auth, response={200: list[ImpactCommentOut], **AUTH_READ})
def list_comments(request, analysis_id: Path[RecordId]):
    """The review comments, oldest first, each on its figure ("" for the analysis as a whole)."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _reads_comments(user, analysis)
    comments = Comment.objects.filter(analysis=analysis).select_related("author").order_by("created_at", "pk")
    return [_comment_out(comment) for comment in comments[:services.MAX_COMMENTS]]


@router.post("/analyses/{analysis_id}/comments", auth=api_auth, response={201: ImpactCommentOut, **WRITE})
def add_comment(request, analysis_id: Path[RecordId], payload: ImpactCommentIn):
    """Comment on the analysis or on one of its figures ("outcome:12:proxy", "analysis:discount_rate" …)."""
    user = request_user(request)
    analysis = _analysis(user, analysis_id)
    _allowed(user, "impact.comment_analysis", analysis)
    comment = services.comment_add(actor=user, analysis=analysis, body=payload.body, figure=payload.figure)
    return Status(201, _comment_out(comment))


@router.post("/comments/{comment_id}/resolve", auth=api_auth, response={200: ImpactCommentOut, **WRITE})
def resolve_comment(request, comment_id: Path[RecordId], payload: ImpactResolveIn):
    """Mark a comment dealt with (or not) while the analysis is open."""
    user = request_user(request)
    comment = _record(Comment, user, comment_id)
    _allowed(user, "impact.comment_analysis", comment.analysis)
    comment = services.comment_resolve(actor=user, comment=comment, resolved=payload.resolved)
    return _comment_out(Comment.objects.select_related("author").get(pk=comment.pk))


# ---------------------------------------------------------------- reviewers


def _reviewer_out(reviewer: Reviewer) -> dict:
    user = reviewer.user
    return {"id": reviewer.pk, "user_id": user.pk, "name": user.get_full_name() or user.username,
            "note": reviewer.note, "added_at": reviewer.added_at}


@router.get("/reviewers", auth=api_auth, response={200: Page[ImpactReviewerOut], **error_responses(auth=True)})
def list_reviewers(request, paging: Query[PageParams]):
    """The people the platform's staff trust to review analyses (platform staff only)."""
    require(request_user(request), "impact.manage_reviewers")
    return json_answer(paginate(selectors.reviewers(), page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [_reviewer_out(r) for r in page]))


@router.post("/reviewers", auth=api_auth, response={201: ImpactReviewerOut, **error_responses(auth=True, body=True)})
def add_reviewer(request, payload: ImpactReviewerIn):
    """List a person as an impact reviewer (or change their note)."""
    from django.contrib.auth import get_user_model

    user = request_user(request)
    require(user, "impact.manage_reviewers")
    person = get_user_model().objects.filter(pk=payload.user_id, is_active=True).first()
    if person is None:
        raise InvalidInput(_("Choose from the list."), code="unknown_reference", field="user_id")
    reviewer = services.reviewer_add(actor=user, user=person, note=payload.note)
    return Status(201, _reviewer_out(Reviewer.objects.select_related("user").get(pk=reviewer.pk)))


@router.delete("/reviewers/{reviewer_id}", auth=api_auth, response={204: None, **ACTION})
def remove_reviewer(request, reviewer_id: Path[RecordId]):
    user = request_user(request)
    require(user, "impact.manage_reviewers")
    reviewer = Reviewer.objects.filter(pk=reviewer_id).first()
    if reviewer is None:
        raise NotFound()
    services.reviewer_remove(actor=user, reviewer=reviewer)
    return Status(204, None)


# ---- volapi16: the volunteer hours of the initiative's volunteer opportunities as an investment
@router.post("/analyses/{analysis_id}/volunteer-hours", auth=api_auth, response={200: ImpactInvestmentOut, **ACTION})
def take_volunteer_hours(request, analysis_id: Path[RecordId]):
    """Copy now the verified hours of the volunteer opportunities linked to the analysis's initiative as a
    volunteer-time investment, valued at the value of an hour in force for its region (the basis stated); taken
    again, it replaces the one it made. 409: no initiative, no verified hours, no value of an hour, another
    currency, or the analysis is no longer a draft."""
    user = request_user(request)
    investment = services.investment_from_volunteering(actor=user, analysis=_analysis(user, analysis_id))
    return _investment_out(investment)
