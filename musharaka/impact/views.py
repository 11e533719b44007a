"""The impact pages: an owner's hub (its logic model and analyses), the logic model and its items, analyses with
their stakeholder groups, investments and outcomes, the analysis page (value map, totals, years, sensitivity,
charts, review comments, versions) with its workflow buttons, the public list, the review queue and the reviewers.

Thin views: reads through the selectors, writes through the services. Who may not see a record gets a 404, who
may see it but not act a 403; a domain error comes back on the form or as a message.
"""

import functools
import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import Conflict, DomainError, NotFound, NotPermitted
from musharaka.core.i18n import localized
from musharaka.core.permissions import can, require
from musharaka.core.refusals import form_error, message_error
from musharaka.orgs.models import Organization
from musharaka.results import owners

from . import selectors, services, sroi
from .forms import (
    AnalysisForm,
    CommentForm,
    InvestmentForm,
    ItemForm,
    ListFilterForm,
    LogicModelForm,
    OutcomeForm,
    ReturnForm,
    ReviewerForm,
    StakeholderForm,
)
from .models import (
    Analysis,
    AnalysisKind,
    AnalysisStatus,
    Comment,
    EvidenceGrade,
    Investment,
    InvestmentKind,
    LogicItem,
    Outcome,
    Reviewer,
    Stage,
    Stakeholder,
)
from .rules import is_reviewer

PAGE_SIZE = 20


def _names() -> dict:
    return {"status_names": dict(AnalysisStatus.choices), "kind_names": dict(AnalysisKind.choices),
            "grade_names": dict(EvidenceGrade.choices), "investment_kind_names": dict(InvestmentKind.choices),
            "stage_names": dict(Stage.choices)}


def report_links(analysis_id: int) -> dict:
    """The report downloads: the PDF and the workbook."""
    return {key: reverse(name, kwargs={"analysis_id": analysis_id})
            for key, name in (("pdf", "impact:analysis_pdf"), ("xlsx", "impact:analysis_xlsx"))}


# ---------------------------------------------------------------- owners


def owner_kind(owner) -> str:
    return type(owner)._meta.model_name


def owner_link(owner) -> dict:
    """What a page says of an owner: its title, its own page and its hub."""
    return {"title": localized(owner, "title"), "url": owners.owner_of(type(owner)).url(owner),
            "hub": reverse("impact:owner", kwargs={"owner_kind": owner_kind(owner), "owner_id": owner.pk}),
            "kind": owner_kind(owner), "kind_label": owner._meta.verbose_name}


def _owner(user, kind: str, owner_id: int):
    owner = services.get_owner(kind, owner_id)
    if not can(user, "impact.view_logic_model", owner):
        raise NotFound()
    return owner


def _changeable_model(user, kind: str, owner_id: int):
    owner = _owner(user, kind, owner_id)
    require(user, "impact.change_logic_model", owner)
    return owner


def _item(user, item_id: int) -> LogicItem:
    item = get_object_or_404(LogicItem.objects.select_related("logic_model"), pk=item_id)
    owner = item.logic_model.owner
    if owner is None or not can(user, "impact.view_logic_model", owner):
        raise NotFound()
    require(user, "impact.change_logic_model", item)
    return item


@require_safe
def owner_hub(request, owner_kind: str, owner_id: int):
    owner = _owner(request.user, owner_kind, owner_id)
    model, stages = selectors.logic_model_page(owner)
    context = {
        "owner": owner, "owner_info": owner_link(owner), "model": model,
        "stages": [(stage, label, stages[stage]) for stage, label in Stage.choices],
        "analyses": selectors.analyses_of(owner, request.user),
        "can_change_model": can(request.user, "impact.change_logic_model", owner),
        "can_add": can(request.user, "impact.add_analysis", owner),
        **_names(),
    }
    return render(request, "impact/owner.html", context)


# ---------------------------------------------------------------- the logic model


@login_required
def logic_model_edit(request, owner_kind: str, owner_id: int):
    owner = _changeable_model(request.user, owner_kind, owner_id)
    model = services.logic_model_of(owner)
    form = LogicModelForm(request.POST or None, initial=LogicModelForm.initial_for(model) if model else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.logic_model_save(actor=request.user, owner=owner, data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The logic model was saved."))
            return redirect("impact:owner", owner_kind, owner.pk)
    return render(request, "impact/form.html", {"form": form, "title": _("Assumptions and external factors"),
                                                "owner_info": owner_link(owner), "back": owner_link(owner)["hub"],
                                                "testid": "logic-model-form"})


def _indicator(owner, value):
    if not value:
        return None
    from musharaka.results.models import Indicator

    indicator = Indicator.objects.select_related("result").filter(pk=int(value)).first()
    if indicator is None:
        raise NotFound()
    return indicator


def _item_form(request, owner, item: LogicItem | None):
    indicators = selectors.owner_indicators(owner)
    initial = ItemForm.initial_for(item) if item else {"stage": request.GET.get("stage", "")}
    form = ItemForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            logic_model = item.logic_model if item else (services.logic_model_of(owner) or services.logic_model_save(
                actor=request.user, owner=owner, data={}))
            services.logic_item_save(actor=request.user, logic_model=logic_model, item=item,
                                     data=form.service_data(),
                                     indicator=_indicator(owner, form.cleaned_data.get("indicator")))
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect("impact:owner", owner_kind(owner), owner.pk)
    title = _("Edit the item") if item else _("New item of the logic model")
    return render(request, "impact/form.html", {"form": form, "title": title, "owner_info": owner_link(owner),
                                                "back": owner_link(owner)["hub"], "testid": "item-form"})


@login_required
def item_create(request, owner_kind: str, owner_id: int):
    return _item_form(request, _changeable_model(request.user, owner_kind, owner_id), None)


@login_required
def item_edit(request, item_id: int):
    item = _item(request.user, item_id)
    return _item_form(request, item.logic_model.owner, item)


@login_required
@require_POST
def item_delete(request, item_id: int):
    item = _item(request.user, item_id)
    model = item.logic_model
    services.logic_item_delete(actor=request.user, item=item)
    messages.success(request, _("The item was removed."))
    return redirect("impact:owner", model.owner_type.model, model.owner_id)


# ---------------------------------------------------------------- analyses


def _analysis(user, analysis_id: int) -> Analysis:
    return selectors.get_analysis(user=user, analysis_id=analysis_id)


class _StateRefused(Exception):
    """A change the analysis's state refuses to one who could make it in another state (services.check_allowed)."""

    def __init__(self, analysis_id: int, error: DomainError):
        super().__init__(str(error.message))
        self.analysis_id, self.error = analysis_id, error


def _state_refusal_as_message(view):
    """The page says what the API answers with a 409: back to the analysis with the reason (parity15)."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _StateRefused as refused:
            messages.error(request, str(refused.error.message))
            return redirect("impact:analysis", refused.analysis_id)
    return wrapper


def _changeable(user, analysis_id: int) -> Analysis:
    analysis = _analysis(user, analysis_id)
    try:
        services.check_allowed(actor=user, permission="impact.change_analysis", analysis=analysis)
    except Conflict as error:
        raise _StateRefused(analysis.pk, error) from error
    return analysis


@login_required
def analysis_create(request, owner_kind: str, owner_id: int):
    owner = _owner(request.user, owner_kind, owner_id)
    require(request.user, "impact.add_analysis", owner)
    form = AnalysisForm(request.POST or None, initial={"start_year": _this_year()})
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.analysis_create(actor=request.user, owner=owner, data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The analysis was created. Name its stakeholder groups, investments and "
                                        "outcomes."))
            return redirect("impact:analysis", analysis.pk)
    return render(request, "impact/form.html", {"form": form, "title": _("New SROI analysis"),
                                                "owner_info": owner_link(owner), "back": owner_link(owner)["hub"],
                                                "testid": "analysis-form"})


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


@login_required
@_state_refusal_as_message
def analysis_edit(request, analysis_id: int):
    analysis = _changeable(request.user, analysis_id)
    form = AnalysisForm(request.POST or None, initial=AnalysisForm.initial_for(analysis))
    if request.method == "POST" and form.is_valid():
        try:
            services.analysis_update(actor=request.user, analysis=analysis, data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The analysis was saved."))
            return redirect("impact:analysis", analysis.pk)
    return _analysis_form(request, analysis, form, _("Settings of the analysis"), "analysis-form")


def _analysis_form(request, analysis, form, title, testid):
    return render(request, "impact/form.html", {"form": form, "title": title, "analysis": analysis,
                                                "back": reverse("impact:analysis", args=[analysis.pk]),
                                                "testid": testid})


def figure_choices(page) -> list[tuple[str, str]]:
    """The figures a comment may name (services.FIGURES), labelled for the form's list."""
    labels = {
        "discount_rate": _("discount rate (%)"), "start_year": _("first year"), "kind": _("kind"),
        "scope_ar": _("scope and purpose (Arabic)"), "currency": _("currency"), "name_ar": _("name (Arabic)"),
        "size": _("number of people"), "description_ar": _("how they are affected (Arabic)"),
        "amount": _("amount"), "hours": _("hours"), "hourly_value": _("value of an hour"),
        "valuation_basis": _("valuation basis"), "grade": _("evidence grade"), "quantity": _("quantity"),
        "proxy": _("financial proxy"), "proxy_source": _("source of the proxy"), "duration": _("duration (years)"),
        "deadweight": _("deadweight (%)"), "displacement": _("displacement (%)"), "attribution": _("attribution (%)"),
        "drop_off": _("drop-off (%)"), "title_ar": _("outcome (Arabic)"),
    }
    choices = [(f"analysis:{name}", f"{_('The analysis')} — {labels[name]}")
               for name in services.FIGURES["analysis"]]
    records = ([("stakeholder", s.pk, localized(s)) for s in page.stakeholders]
               + [("investment", i.pk, localized(i, "description")) for i in page.investments]
               + [("outcome", line.outcome.pk, localized(line.outcome, "title")) for line in page.outcomes])
    for kind, pk, name in records:
        choices.extend((f"{kind}:{pk}:{field}", f"{name} — {labels[field]}") for field in services.FIGURES[kind])
    return choices


def _chart_data(page, analysis) -> dict:
    """The charts' figures (the tables beside them show the same)."""
    by_stakeholder: dict[int, Decimal] = {}
    for line in page.outcomes:
        by_stakeholder[line.outcome.stakeholder_id] = (by_stakeholder.get(line.outcome.stakeholder_id, Decimal(0))
                                                       + line.value.present_value)
    stakeholders = [{"label": localized(s), "value": float(sroi.money(by_stakeholder.get(s.pk, Decimal(0))))}
                    for s in page.stakeholders]
    tornado = [{"label": row["label"], "low": float(row["ratio_at_low"]) if row["ratio_at_low"] is not None else None,
                "high": float(row["ratio_at_high"]) if row["ratio_at_high"] is not None else None}
               for row in _run_rows(page)[:12]]
    return {"stakeholders": stakeholders, "tornado": tornado,
            "base": float(analysis.ratio) if analysis.ratio is not None else None,
            "labels": {"value": _("Present value"), "low": _("Ratio at the low value"),
                       "high": _("Ratio at the high value")}}


def _json(data) -> str:
    """JSON safe inside a <script> element (no "</script>" can close it early)."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def _run_rows(page) -> list[dict]:
    names = {"deadweight": _("deadweight (%)"), "displacement": _("displacement (%)"),
             "attribution": _("attribution (%)"), "drop_off": _("drop-off (%)"), "proxy": _("financial proxy"),
             "discount_rate": _("discount rate (%)")}
    titles = {line.outcome.pk: localized(line.outcome, "title") for line in page.outcomes}
    rows = []
    for run in page.runs:
        name = names.get(run.parameter, run.parameter)
        label = f"{titles.get(run.outcome_key, '')} — {name}" if run.outcome_key is not None else name
        rows.append({"label": label, "run": run, "ratio_at_low": run.ratio_at_low,
                     "ratio_at_high": run.ratio_at_high})
    return rows


@require_safe
def analysis(request, analysis_id: int):
    found = _analysis(request.user, analysis_id)
    user = request.user
    page = selectors.analysis_page(found)
    owner = found.owner
    may = {name: can(user, f"impact.{name}_analysis", found)
             for name in ("change", "submit", "review", "comment", "revise", "delete")}
    comments = page.comments
    figure_names = dict(figure_choices(page)) if comments or may["comment"] else {}
    context = {
        "analysis": found, "page": page, "owner_info": owner_link(owner) if owner is not None else None,
        "may": may, "problems": services.analysis_problems(found) if may["submit"] else [],
        "versions": selectors.versions_of(found, user), "runs": _run_rows(page),
        "comment_form": CommentForm(figures=figure_choices(page)) if may["comment"] else None,
        "return_form": ReturnForm() if may["review"] else None,
        "figure_names": figure_names, "comment_count": sum(len(rows) for rows in comments.values()),
        "chart_json": _json(_chart_data(page, found)), "reports": report_links(found.pk),
        "year_totals": [{"value": sroi.money(value), "present": sroi.money(present)} for value, present in
                        zip(page.computation.yearly_values, page.computation.yearly_present_values, strict=True)],
        "stakeholder_values": _stakeholder_values(page),
        "labels": {name: Outcome._meta.get_field(name).verbose_name  # type: ignore[union-attr]
                   for name in services.OUTCOME_PERCENTS}
        | {"discount_rate": Analysis._meta.get_field("discount_rate").verbose_name},  # type: ignore[union-attr]
        **_names(),
    }
    return render(request, "impact/analysis.html", context)


def _stakeholder_values(page) -> list[dict]:
    totals: dict[int, Decimal] = {}
    for line in page.outcomes:
        totals[line.outcome.stakeholder_id] = totals.get(line.outcome.stakeholder_id, Decimal(0)) + \
            line.value.present_value
    return [{"name": localized(s), "value": sroi.money(totals.get(s.pk, Decimal(0)))} for s in page.stakeholders]


@login_required
@require_POST
def analysis_delete(request, analysis_id: int):
    found = _analysis(request.user, analysis_id)
    owner_kind_name, owner_id = found.owner_type.model, found.owner_id
    try:
        services.check_allowed(actor=request.user, permission="impact.delete_analysis", analysis=found)
        services.analysis_delete(actor=request.user, analysis=found)
    except DomainError as error:
        message_error(request, error)
        return redirect("impact:analysis", found.pk)
    messages.success(request, _("The draft analysis was deleted."))
    return redirect("impact:owner", owner_kind_name, owner_id)


def _move(request, analysis_id: int, permission: str, move, done: str):
    found = _analysis(request.user, analysis_id)
    try:
        services.check_allowed(actor=request.user, permission=permission, analysis=found)  # the API's 409 (parity15)
        result = move(found)
    except DomainError as error:
        message_error(request, error)
        return redirect("impact:analysis", found.pk)
    messages.success(request, done)
    return redirect("impact:analysis", result.pk)


@login_required
@require_POST
def analysis_submit(request, analysis_id: int):
    return _move(request, analysis_id, "impact.submit_analysis",
                 lambda a: services.analysis_submit(actor=request.user, analysis=a),
                 _("The analysis was sent for review."))


@login_required
@require_POST
def analysis_return(request, analysis_id: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        found = _analysis(request.user, analysis_id)
        require(request.user, "impact.review_analysis", found)
        messages.error(request, _("Say what must change before returning the analysis."))
        return redirect("impact:analysis", found.pk)
    comment = form.cleaned_data["comment"]
    return _move(request, analysis_id, "impact.review_analysis",
                 lambda a: services.analysis_return(actor=request.user, analysis=a, comment=comment),
                 _("The analysis was returned to its preparers."))


@login_required
@require_POST
def analysis_publish(request, analysis_id: int):
    return _move(request, analysis_id, "impact.review_analysis",
                 lambda a: services.analysis_publish(actor=request.user, analysis=a),
                 _("The analysis was published."))


@login_required
@require_POST
def analysis_revise(request, analysis_id: int):
    return _move(request, analysis_id, "impact.revise_analysis",
                 lambda a: services.analysis_revise(actor=request.user, analysis=a),
                 _("A new draft version was made from the published one."))


# ---------------------------------------------------------------- stakeholders, investments, outcomes


def _record(user, model, record_id: int):
    record = get_object_or_404(model.objects.select_related("analysis"), pk=record_id)
    record.analysis = _changeable(user, record.analysis_id)
    return record


def _child_form(request, analysis, form, save, title, testid, done):
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect("impact:analysis", analysis.pk)
    return _analysis_form(request, analysis, form, title, testid)


def _stakeholder_page(request, analysis, stakeholder):
    form = StakeholderForm(request.POST or None,
                           initial=StakeholderForm.initial_for(stakeholder) if stakeholder else None)
    return _child_form(request, analysis, form, lambda f: services.stakeholder_save(
        actor=request.user, analysis=analysis, stakeholder=stakeholder, data=f.service_data()),
        _("Edit the stakeholder group") if stakeholder else _("New stakeholder group"), "stakeholder-form",
        _("The stakeholder group was saved."))


@login_required
@_state_refusal_as_message
def stakeholder_create(request, analysis_id: int):
    return _stakeholder_page(request, _changeable(request.user, analysis_id), None)


@login_required
@_state_refusal_as_message
def stakeholder_edit(request, stakeholder_id: int):
    record = _record(request.user, Stakeholder, stakeholder_id)
    return _stakeholder_page(request, record.analysis, record)


def _investment_page(request, analysis, investment):
    form = InvestmentForm(request.POST or None,
                          initial=InvestmentForm.initial_for(investment) if investment else None)
    return _child_form(request, analysis, form, lambda f: services.investment_save(
        actor=request.user, analysis=analysis, investment=investment, data=f.service_data()),
        _("Edit the investment") if investment else _("New investment"), "investment-form",
        _("The investment was saved."))


@login_required
@_state_refusal_as_message
def investment_create(request, analysis_id: int):
    return _investment_page(request, _changeable(request.user, analysis_id), None)


@login_required
@_state_refusal_as_message
def investment_edit(request, investment_id: int):
    record = _record(request.user, Investment, investment_id)
    return _investment_page(request, record.analysis, record)


def _outcome_page(request, analysis, outcome):
    stakeholders = list(Stakeholder.objects.filter(analysis=analysis).order_by("position", "pk"))
    if not stakeholders:
        messages.error(request, _("Name a stakeholder group first: each outcome is one group's."))
        return redirect("impact:analysis", analysis.pk)
    owner = analysis.owner
    form = OutcomeForm(request.POST or None, initial=OutcomeForm.initial_for(outcome) if outcome else None,
                       stakeholders=stakeholders, indicators=selectors.owner_indicators(owner))
    by_pk = {str(s.pk): s for s in stakeholders}

    def save(f):
        return services.outcome_save(actor=request.user, analysis=analysis, outcome=outcome,
                                     stakeholder=by_pk.get(f.cleaned_data["stakeholder"]), data=f.service_data(),
                                     indicator=_indicator(owner, f.cleaned_data.get("indicator")))

    return _child_form(request, analysis, form, save, _("Edit the outcome") if outcome else _("New outcome"),
                       "outcome-form", _("The outcome was saved."))


@login_required
@_state_refusal_as_message
def outcome_create(request, analysis_id: int):
    return _outcome_page(request, _changeable(request.user, analysis_id), None)


@login_required
@_state_refusal_as_message
def outcome_edit(request, outcome_id: int):
    record = _record(request.user, Outcome, outcome_id)
    return _outcome_page(request, record.analysis, record)


def _delete(request, model, record_id: int, delete, done: str):
    record = _record(request.user, model, record_id)
    try:
        delete(record)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, done)
    return redirect("impact:analysis", record.analysis_id)


@login_required
@require_POST
@_state_refusal_as_message
def stakeholder_delete(request, stakeholder_id: int):
    return _delete(request, Stakeholder, stakeholder_id,
                   lambda r: services.stakeholder_delete(actor=request.user, stakeholder=r),
                   _("The stakeholder group was removed."))


@login_required
@require_POST
@_state_refusal_as_message
def investment_delete(request, investment_id: int):
    return _delete(request, Investment, investment_id,
                   lambda r: services.investment_delete(actor=request.user, investment=r),
                   _("The investment was removed."))


@login_required
@require_POST
@_state_refusal_as_message
def outcome_delete(request, outcome_id: int):
    return _delete(request, Outcome, outcome_id, lambda r: services.outcome_delete(actor=request.user, outcome=r),
                   _("The outcome was removed."))


# ---------------------------------------------------------------- review comments


@login_required
@require_POST
def comment_create(request, analysis_id: int):
    found = _analysis(request.user, analysis_id)
    try:  # a published analysis takes no more comments: said as a message, as the API says 409 (parity15)
        services.check_allowed(actor=request.user, permission="impact.comment_analysis", analysis=found)
    except DomainError as error:
        message_error(request, error)
        return redirect(reverse("impact:analysis", args=[found.pk]) + "#comments")
    form = CommentForm(request.POST, figures=figure_choices(selectors.analysis_page(found, with_comments=False)))
    if not form.is_valid():
        messages.error(request, _("Write the comment and choose a figure of this analysis."))
        return redirect("impact:analysis", found.pk)
    try:
        services.comment_add(actor=request.user, analysis=found, body=form.cleaned_data["body"],
                             figure=form.cleaned_data["figure"])
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The comment was added."))
    return redirect(reverse("impact:analysis", args=[found.pk]) + "#comments")


@login_required
@require_POST
def comment_resolve(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id)
    comment.analysis = _analysis(request.user, comment.analysis_id)
    try:
        services.check_allowed(actor=request.user, permission="impact.comment_analysis", analysis=comment.analysis)
        services.comment_resolve(actor=request.user, comment=comment, resolved=request.POST.get("resolved") != "0")
    except DomainError as error:
        message_error(request, error)
    return redirect(reverse("impact:analysis", args=[comment.analysis_id]) + "#comments")


# ---------------------------------------------------------------- the public list, the queue, the reviewers


@require_safe
def analysis_list(request):
    filters = ListFilterForm(request.GET or None)
    values = filters.values() if request.GET else {}
    rows = selectors.published_list(**values)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    organization = None
    if values.get("organization"):
        organization = Organization.objects.filter(pk=values["organization"]).first()
    return render(request, "impact/list.html", {
        "filters": filters, "page_obj": page_obj, "organization": organization,
        "can_review": is_reviewer(request.user) or can(request.user, "impact.manage_reviewers"),
        "can_manage": can(request.user, "impact.manage_reviewers"), **_names()})


@login_required
@require_safe
def review_queue(request):
    if not (is_reviewer(request.user) or can(request.user, "impact.manage_reviewers")):
        raise NotPermitted()
    return render(request, "impact/queue.html", {"rows": list(selectors.review_queue(request.user)[:200]),
                                                 **_names()})


@login_required
def reviewers(request):
    require(request.user, "impact.manage_reviewers")
    form = ReviewerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        who = form.cleaned_data["who"].strip()
        user = get_user_model().objects.filter(Q(username=who) | Q(email__iexact=who)).first()
        if user is None:
            form.add_error("who", _("No account has this username or e-mail."))
        else:
            try:
                services.reviewer_add(actor=request.user, user=user, note=form.cleaned_data["note"])
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("%(name)s is now an impact reviewer.") % {"name": user.get_username()})
                return redirect("impact:reviewers")
    return render(request, "impact/reviewers.html", {"form": form, "rows": list(selectors.reviewers())})


@login_required
@require_POST
def reviewer_remove(request, reviewer_id: int):
    require(request.user, "impact.manage_reviewers")
    reviewer = get_object_or_404(Reviewer, pk=reviewer_id)
    services.reviewer_remove(actor=request.user, reviewer=reviewer)
    messages.success(request, _("The reviewer was removed."))
    return redirect("impact:reviewers")
