"""The results pages: results of an owner, indicators, periods, the indicator page, updates with their evidence
and review, and the approval queue.

Thin views: reads through the selectors, writes through the services. Who may not read the owner gets a 404; who
may read but not act gets a 403 (raised by the services' `require` or here); a domain error comes back on the form.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from markupsafe import Markup

from musharaka.core.errors import DomainError, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response, protected_file_url
from musharaka.core.permissions import can, require
from musharaka.core.refusals import form_error

from . import owners, selectors, services
from .forms import IndicatorForm, PeriodForm, ResultForm, ReviewForm, UpdateForm
from .models import DimensionValue, Indicator, Period, Result, Update, UpdateEvidence

PAGE_SIZE = 20
FORM_METHODS = ["GET", "HEAD", "POST"]


def _visible(user, obj) -> None:
    """404 for whoever may not read the owner's results (a draft initiative's results do not exist for them)."""
    if not can(user, "results.view_result", obj):
        raise Http404


def _owner_url(result: Result) -> str:
    owner = result.owner
    assert owner is not None  # every result belongs to a registered owner
    return owners.owner_of(type(owner)).url(owner)


def _data(form, names) -> dict:
    return {name: form.cleaned_data.get(name) for name in names if name in form.fields}


def script_json(data) -> Markup:
    """JSON inside <script type="application/json">: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False)
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    return Markup(text)  # noqa: S704 - escaped above


# ---------------------------------------------------------------- results


@login_required
@require_http_methods(FORM_METHODS)
def result_create(request, owner_kind: str, owner_id: int):
    model = selectors.owner_model(owner_kind)
    if model is None:
        raise Http404
    owner = get_object_or_404(model, pk=owner_id)
    if not owners.owner_of(model).can_view(request.user, owner):
        raise Http404
    section = selectors.section_for(owner, request.user)
    if not section.can_manage:
        raise NotPermitted()
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.result_create(actor=request.user, owner=owner, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The result was added."))
            return redirect(_owner_url(result))
    return render(request, "results/result_form.html", {
        "form": form, "result": None, "back": owners.owner_of(model).url(owner)})


@login_required
@require_http_methods(FORM_METHODS)
def result_edit(request, result_id: int):
    result = get_object_or_404(Result, pk=result_id)
    _visible(request.user, result)
    require(request.user, "results.manage_result", result)
    if request.method == "POST" and "delete" in request.POST:
        back = _owner_url(result)
        try:
            services.result_delete(actor=request.user, result=result)
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            messages.error(request, str(error.message))
            return redirect("results:result_edit", result.pk)
        messages.success(request, _("The result was deleted."))
        return redirect(back)
    initial = {name: getattr(result, name) for name in ResultForm.base_fields}
    form = ResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_update(actor=request.user, result=result, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The result was saved."))
            return redirect(_owner_url(result))
    return render(request, "results/result_form.html", {"form": form, "result": result, "back": _owner_url(result)})


# ---------------------------------------------------------------- indicators


def _indicator_data(form) -> tuple[dict, list]:
    data = {name: value for name, value in form.cleaned_data.items() if name != "dimensions"}
    return data, list(form.cleaned_data.get("dimensions") or [])


@login_required
@require_http_methods(FORM_METHODS)
def indicator_create(request, result_id: int):
    result = get_object_or_404(Result, pk=result_id)
    _visible(request.user, result)
    require(request.user, "results.manage_result", result)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, dimensions = _indicator_data(form)
        try:
            indicator = services.indicator_create(actor=request.user, result=result, data=data, dimensions=dimensions)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The indicator was added. Now add its periods and targets."))
            return redirect("results:period_create", indicator.pk)
    return render(request, "results/indicator_form.html", {"form": form, "indicator": None, "result": result,
                                                           "back": _owner_url(result)})


@login_required
@require_http_methods(FORM_METHODS)
def indicator_edit(request, indicator_id: int):
    indicator = get_object_or_404(Indicator.objects.select_related("result"), pk=indicator_id)
    _visible(request.user, indicator)
    require(request.user, "results.manage_result", indicator)
    if request.method == "POST" and "delete" in request.POST:
        back = _owner_url(indicator.result)
        try:
            services.indicator_delete(actor=request.user, indicator=indicator)
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            messages.error(request, str(error.message))
            return redirect("results:indicator", indicator.pk)
        messages.success(request, _("The indicator was deleted."))
        return redirect(back)
    initial = {name: getattr(indicator, name) for name in IndicatorForm.base_fields if name != "dimensions"}
    initial["dimensions"] = list(indicator.dimensions.all())
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, dimensions = _indicator_data(form)
        try:
            services.indicator_update(actor=request.user, indicator=indicator, data=data, dimensions=dimensions)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("results:indicator", indicator.pk)
    return render(request, "results/indicator_form.html", {"form": form, "indicator": indicator,
                                                           "result": indicator.result,
                                                           "back": None})


@require_safe
def indicator(request, indicator_id: int):
    item = get_object_or_404(Indicator.objects.select_related("result__owner_type"), pk=indicator_id)
    _visible(request.user, item)
    page = selectors.indicator_page(item, user=request.user)
    manage = can(request.user, "results.manage_result", item)
    report = can(request.user, "results.report_update", item)
    return render(request, "results/indicator.html", {
        "indicator": item, "result": item.result, "owner_url": _owner_url(item.result), "manage": manage,
        "report": report, "chart_json": script_json(page["trend"]), **page})


# ---------------------------------------------------------------- periods


@login_required
@require_http_methods(FORM_METHODS)
def period_create(request, indicator_id: int):
    item = get_object_or_404(Indicator.objects.select_related("result"), pk=indicator_id)
    _visible(request.user, item)
    require(request.user, "results.manage_result", item)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_create(actor=request.user, indicator=item, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The period was added."))
            return redirect("results:indicator", item.pk)
    return render(request, "results/period_form.html", {"form": form, "period": None, "indicator": item})


@login_required
@require_http_methods(FORM_METHODS)
def period_edit(request, period_id: int):
    period = get_object_or_404(Period.objects.select_related("indicator__result"), pk=period_id)
    _visible(request.user, period)
    require(request.user, "results.manage_result", period)
    if request.method == "POST" and request.POST.get("action") in ("lock", "unlock", "delete"):
        action = request.POST["action"]
        try:
            if action == "delete":
                services.period_delete(actor=request.user, period=period)
            else:
                services.period_set_locked(actor=request.user, period=period, locked=action == "lock")
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The period was saved."))
        return redirect("results:indicator", period.indicator_id)
    initial = {name: getattr(period, name) for name in PeriodForm.base_fields}
    form = PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(actor=request.user, period=period, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The period was saved."))
            return redirect("results:indicator", period.indicator_id)
    return render(request, "results/period_form.html", {"form": form, "period": period,
                                                        "indicator": period.indicator})


# ---------------------------------------------------------------- updates


def _dimension_values(indicator: Indicator) -> list[DimensionValue]:
    return list(DimensionValue.objects.filter(dimension__in=indicator.dimensions.all())
                .select_related("dimension").order_by("dimension__position", "dimension_id", "position", "pk"))


def _save_update(request, form, *, period: Period, update: Update | None):
    submit = "submit" in request.POST
    data, breakdown = form.figures(), form.breakdown() if form.part_fields else None
    upload = form.cleaned_data.get("evidence")
    from django.db import transaction

    with transaction.atomic():
        if update is None:
            update = services.update_create(actor=request.user, period=period, data=data, breakdown=breakdown)
        else:
            update = services.update_edit(actor=request.user, update=update, data=data, breakdown=breakdown)
        if upload:
            try:
                services.evidence_add(actor=request.user, update=update, upload=upload)
            except DomainError as error:
                error.field = "evidence"
                raise
        if submit:
            services.update_submit(actor=request.user, update=update)
    return update


@login_required
@require_http_methods(FORM_METHODS)
def update_create(request, period_id: int):
    period = get_object_or_404(Period.objects.select_related("indicator__result"), pk=period_id)
    _visible(request.user, period)
    require(request.user, "results.report_update", period)
    item = period.indicator
    form = UpdateForm(request.POST or None, request.FILES or None, indicator=item, values=_dimension_values(item))
    if request.method == "POST" and form.is_valid():
        try:
            update = _save_update(request, form, period=period, update=None)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The update was saved."))
            return redirect("results:update", update.pk)
    return render(request, "results/update_form.html", {"form": form, "period": period, "indicator": item,
                                                        "update": None})


@login_required
@require_http_methods(FORM_METHODS)
def update_edit(request, update_id: int):
    update = services.get_update(update_id)
    _visible(request.user, update)
    if not can(request.user, "results.view_update", update) and update.status != "approved":
        raise Http404
    require(request.user, "results.change_update", update)
    item = update.period.indicator
    initial = {"narrative": update.narrative, "value": update.value, "numerator": update.numerator,
               "denominator": update.denominator}
    for part in update.disaggregations.all():
        for name in ("value", "numerator", "denominator"):
            initial[f"part_{part.dimension_value_id}_{name}"] = getattr(part, name)
    form = UpdateForm(request.POST or None, request.FILES or None, indicator=item, values=_dimension_values(item),
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save_update(request, form, period=update.period, update=update)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The update was saved."))
            return redirect("results:update", update.pk)
    return render(request, "results/update_form.html", {"form": form, "period": update.period, "indicator": item,
                                                        "update": update})


def _get_visible_update(user, update_id: int) -> Update:
    update = services.get_update(update_id)
    _visible(user, update)
    if update.status != "approved" and not can(user, "results.view_update", update):
        raise Http404  # drafts and pending updates are not there for the public
    return update


@require_http_methods(FORM_METHODS)
def update(request, update_id: int):
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())  # acting needs signing in, as the API's 401 says
    item = _get_visible_update(request.user, update_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                services.update_submit(actor=request.user, update=item)
                messages.success(request, _("The update was submitted for approval."))
            elif action == "approve" and form.is_valid():
                services.update_approve(actor=request.user, update=item, comment=form.cleaned_data["comment"])
                messages.success(request, _("The update was approved."))
            elif action == "return" and form.is_valid():
                services.update_return(actor=request.user, update=item, comment=form.cleaned_data["comment"])
                messages.success(request, _("The update was returned for revision."))
            elif action == "delete":
                indicator_id = item.period.indicator_id
                services.update_delete(actor=request.user, update=item)
                messages.success(request, _("The update was deleted."))
                return redirect("results:indicator", indicator_id)
            elif action == "remove_evidence":
                removed = get_object_or_404(UpdateEvidence, pk=request.POST.get("evidence", 0) or 0, update=item)
                services.evidence_remove(actor=request.user, evidence=removed)
                messages.success(request, _("The file was removed."))
            else:
                raise DomainError()
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            if action in ("approve", "return"):
                form_error(form, error)
            else:
                messages.error(request, str(error.message))
        else:
            return redirect("results:update", item.pk)
    evidence = [{"item": e, "url": protected_file_url("results:evidence", e.file, evidence_id=e.pk)}
                for e in item.evidence.all()]
    return render(request, "results/update.html", {
        "update": item, "indicator": item.period.indicator, "period": item.period, "form": form,
        "evidence": evidence, "parts": list(item.disaggregations.select_related("dimension_value__dimension")),
        "can_change": can(request.user, "results.change_update", item),
        "can_review": can(request.user, "results.review_update", item)})


@require_safe
def evidence(request, evidence_id: int, filename: str):
    item = get_object_or_404(UpdateEvidence.objects.select_related("update__period__indicator__result"),
                             pk=evidence_id)
    _get_visible_update(request.user, item.update_id)
    if not is_named_in_url(item.file, filename):
        raise Http404
    return protected_file_response(item.file, published=False)


# ---------------------------------------------------------------- the approval queue


@login_required
@require_safe
def queue(request):
    rows = selectors.approval_queue(user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "results/queue.html", {"page": page})
