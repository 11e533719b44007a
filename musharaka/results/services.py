"""Every write to the results framework: results, indicators and their periods (the approving organisation's),
updates and their evidence (the reporting organisation's), and the review of updates.

Each change that can move a figure recomputes the indicator's kept figures in the same transaction
(`refresh_indicator`, by the rules of rollup.py) and then tells the owner (results.owners), so that an owner that
keeps its own progress (a plan) follows.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, DomainError, InvalidInput, NotFound
from musharaka.core.files import ATTACHMENT_MAX_BYTES, validate_document_upload
from musharaka.core.permissions import require
from musharaka.core.records import assign_fields, clean_record, parse_decimal
from musharaka.core.text import clean_text
from musharaka.notifications.services import notify
from musharaka.orgs.models import Membership, Role

from . import owners, rollup
from .models import (
    MAX_VALUE,
    VALUE_PLACES,
    Dimension,
    DimensionValue,
    Indicator,
    Measure,
    Period,
    Result,
    Update,
    UpdateDisaggregation,
    UpdateEvidence,
    UpdateStatus,
)
from .signals import indicator_figures_changed

if TYPE_CHECKING:
    from musharaka.accounts.models import User

MAX_RESULTS = 50
MAX_INDICATORS = 30
MAX_PERIODS = 60
MAX_EVIDENCE_FILES = 10
RESULT_FIELDS = ("level", "title_ar", "title_en", "description_ar", "description_en", "position")
INDICATOR_FIELDS = ("title_ar", "title_en", "description_ar", "description_en", "measure", "unit_ar", "unit_en",
                    "ascending", "cumulative", "baseline_value", "baseline_year", "code_list", "code", "position")
PERIOD_FIELDS = ("start", "end", "target_value", "target_comment")
STEP = Decimal(1).scaleb(-VALUE_PLACES)


def clean_figure(value, *, field: str, minimum: Decimal | None = None, required: bool = False) -> Decimal | None:
    """A figure as Decimal with at most four places, within ±MAX_VALUE; text, NaN and infinities refused."""
    if value is None or value == "":
        if required:
            raise InvalidInput(_("Enter a number."), field=field)
        return None
    number = parse_decimal(value, field=field)
    if abs(number) > MAX_VALUE:
        raise InvalidInput(_("The number is too large."), field=field)
    if minimum is not None and number < minimum:
        raise InvalidInput(_("Enter a number of at least %(minimum)s.") % {"minimum": minimum}, field=field)
    rounded = number.quantize(STEP)
    if rounded != number:
        raise InvalidInput(_("Use at most four decimal places."), field=field)
    return rounded


def _clean_texts(data: dict[str, Any], limits: dict[str, tuple[int, int]]) -> None:
    for name, (min_length, max_length) in limits.items():
        if name in data:
            data[name] = clean_text(data[name] or "", field=name, max_length=max_length, min_length=min_length)


# ---------------------------------------------------------------- results


def result_create(*, actor: "User", owner, data: dict[str, Any]) -> Result:
    """A result of an owner record (an initiative, a plan's goal or action). The organisations come from the owner."""
    adapter = owners.owner_of(type(owner))
    reporting_id, approving_id = adapter.organizations(owner)
    result = Result(owner_type=owners.content_type(owner), owner_id=owner.pk, organization_id=reporting_id,
                    approver_organization_id=approving_id, created_by=actor)
    result.owner = owner
    require(actor, "results.manage_result", result)
    data = dict(data)
    _clean_texts(data, {"title_ar": (3, 250), "title_en": (0, 250), "description_ar": (0, 4000),
                        "description_en": (0, 4000)})
    assign_fields(result, data, RESULT_FIELDS)
    clean_record(result, exclude=["owner_type", "owner_id", "organization", "approver_organization"])
    with transaction.atomic():
        if Result.objects.filter(owner_type=result.owner_type, owner_id=owner.pk).count() >= MAX_RESULTS:
            raise InvalidInput(_("A record has at most %(count)s results.") % {"count": MAX_RESULTS})
        result._history_user = actor
        result.save()
    return result


def result_update(*, actor: "User", result: Result, data: dict[str, Any]) -> Result:
    require(actor, "results.manage_result", result)
    data = dict(data)
    _clean_texts(data, {"title_ar": (3, 250), "title_en": (0, 250), "description_ar": (0, 4000),
                        "description_en": (0, 4000)})
    assign_fields(result, data, RESULT_FIELDS)
    clean_record(result, exclude=["owner_type", "owner_id", "organization", "approver_organization"])
    result._history_user = actor
    result.save()
    return result


def result_delete(*, actor: "User", result: Result) -> None:
    require(actor, "results.manage_result", result)
    if Update.objects.filter(period__indicator__result=result, status=UpdateStatus.APPROVED).exists():
        raise Conflict(_("This result has approved updates; they are the record of what was achieved and stay."),
                       code="has_approved_updates")
    owner = result.owner
    with transaction.atomic():
        result.delete()
        _tell_owner(owner)


def results_follow_owner(*, owner) -> int:
    """After an owner's organisations changed (an action's lead organisation), its results follow."""
    reporting_id, approving_id = owners.owner_of(type(owner)).organizations(owner)
    return Result.objects.filter(owner_type=owners.content_type(owner), owner_id=owner.pk).update(
        organization_id=reporting_id, approver_organization_id=approving_id)


# ---------------------------------------------------------------- indicators


def _clean_indicator(indicator: Indicator, data: dict[str, Any]) -> None:
    data = dict(data)
    _clean_texts(data, {"title_ar": (3, 250), "title_en": (0, 250), "description_ar": (0, 4000),
                        "description_en": (0, 4000), "unit_ar": (0, 60), "unit_en": (0, 60), "code": (0, 30)})
    if "baseline_value" in data:
        data["baseline_value"] = clean_figure(data["baseline_value"], field="baseline_value")
    assign_fields(indicator, data, INDICATOR_FIELDS)
    if indicator.code and not indicator.code_list:
        indicator.code_list = "own"  # a code from no named list is the organisation's own
    if indicator.is_qualitative:
        indicator.baseline_value = None
        indicator.cumulative = False
    clean_record(indicator, exclude=["result"])


def _set_dimensions(indicator: Indicator, dimensions: Iterable[int | Dimension] | None) -> None:
    if dimensions is None:
        return
    ids = {d.pk if isinstance(d, Dimension) else int(d) for d in dimensions}
    found = set(Dimension.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if found != ids:
        raise InvalidInput(_("Choose disaggregations from the list."), field="dimensions")
    if indicator.is_qualitative and ids:
        raise InvalidInput(_("A qualitative indicator has no disaggregations."), field="dimensions")
    indicator.dimensions.set(ids)


def indicator_create(*, actor: "User", result: Result, data: dict[str, Any],
                     dimensions: Iterable[int | Dimension] | None = None) -> Indicator:
    require(actor, "results.manage_result", result)
    indicator = Indicator(result=result)
    _clean_indicator(indicator, data)
    with transaction.atomic():
        if result.indicators.count() >= MAX_INDICATORS:
            raise InvalidInput(_("A result has at most %(count)s indicators.") % {"count": MAX_INDICATORS})
        indicator._history_user = actor
        indicator.save()
        _set_dimensions(indicator, dimensions)
    return indicator


def indicator_update(*, actor: "User", indicator: Indicator, data: dict[str, Any],
                     dimensions: Iterable[int | Dimension] | None = None) -> Indicator:
    require(actor, "results.manage_result", indicator)
    has_updates = Update.objects.filter(period__indicator=indicator).exclude(status=UpdateStatus.DRAFT).exists()
    if has_updates and any(data.get(name, getattr(indicator, name)) != getattr(indicator, name)
                           for name in ("measure", "cumulative")):
        raise Conflict(_("The measure and the cumulative rule cannot change once updates were reported: they "
                         "would change what the reported figures mean."), code="has_updates")
    with transaction.atomic():
        _clean_indicator(indicator, data)
        indicator._history_user = actor
        indicator.save()
        _set_dimensions(indicator, dimensions)
        refresh_indicator(indicator)
    return indicator


def indicator_delete(*, actor: "User", indicator: Indicator) -> None:
    require(actor, "results.manage_result", indicator)
    if Update.objects.filter(period__indicator=indicator, status=UpdateStatus.APPROVED).exists():
        raise Conflict(_("This indicator has approved updates; they are the record of what was achieved and stay."),
                       code="has_approved_updates")
    owner = indicator.result.owner
    with transaction.atomic():
        indicator.delete()
        _tell_owner(owner)


# ---------------------------------------------------------------- periods


def _clean_period(period: Period, data: dict[str, Any]) -> None:
    data = dict(data)
    if "target_value" in data:
        minimum = Decimal(0) if period.indicator.measure == Measure.PERCENTAGE else None
        data["target_value"] = clean_figure(data["target_value"], field="target_value", minimum=minimum)
    if "target_comment" in data:
        data["target_comment"] = clean_text(data["target_comment"] or "", field="target_comment", max_length=500)
    assign_fields(period, data, PERIOD_FIELDS)
    if period.indicator.is_qualitative:
        period.target_value = None
    clean_record(period, exclude=["indicator"])
    if period.end < period.start:
        if {"start", "end"} <= set(data):
            raise InvalidInput(_("The period ends before it starts."), field="end")
        # One date changed against the other as kept: the request was well formed, the record's state refuses it.
        raise Conflict(_("The period would end before it starts: change both dates together."), code="dates")
    overlapping = Period.objects.filter(indicator=period.indicator, start__lte=period.end, end__gte=period.start)
    if period.pk:
        overlapping = overlapping.exclude(pk=period.pk)
    if overlapping.exists():
        raise Conflict(_("The period overlaps another period of this indicator."), code="overlap")


def period_create(*, actor: "User", indicator: Indicator, data: dict[str, Any]) -> Period:
    require(actor, "results.manage_result", indicator)
    period = Period(indicator=indicator)
    with transaction.atomic():
        Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
        if indicator.periods.count() >= MAX_PERIODS:
            raise InvalidInput(_("An indicator has at most %(count)s periods.") % {"count": MAX_PERIODS})
        _clean_period(period, data)
        period._history_user = actor
        period.save()
        refresh_indicator(indicator)
    return period


def period_update(*, actor: "User", period: Period, data: dict[str, Any]) -> Period:
    require(actor, "results.manage_result", period)
    if period.locked and ({"start", "end", "target_value"} & set(data)):
        raise Conflict(_("The period is locked. Unlock it first."), code="locked")
    with transaction.atomic():
        Indicator.objects.select_for_update().filter(pk=period.indicator_id).first()
        _clean_period(period, data)
        period._history_user = actor
        period.save()
        refresh_indicator(period.indicator)
    return period


def period_set_locked(*, actor: "User", period: Period, locked: bool) -> Period:
    require(actor, "results.manage_result", period)
    period.locked = locked
    period._history_user = actor
    period.save(update_fields=["locked"])
    return period


def period_delete(*, actor: "User", period: Period) -> None:
    require(actor, "results.manage_result", period)
    if period.updates.exclude(status=UpdateStatus.DRAFT).exists():
        raise Conflict(_("This period has reported updates and cannot be deleted."), code="has_updates")
    indicator = period.indicator
    with transaction.atomic():
        period.delete()
        refresh_indicator(indicator)


# ---------------------------------------------------------------- updates


def _clean_update_figures(indicator: Indicator, data: dict[str, Any], prefix: str = "") -> dict[str, Decimal | None]:
    if indicator.measure == Measure.UNIT:
        minimum = Decimal(0) if indicator.cumulative else None  # a running total is never negative
        return {"value": clean_figure(data.get("value"), field=f"{prefix}value", minimum=minimum), "numerator": None,
                "denominator": None}
    if indicator.measure == Measure.PERCENTAGE:
        numerator = clean_figure(data.get("numerator"), field=f"{prefix}numerator", minimum=Decimal(0))
        denominator = clean_figure(data.get("denominator"), field=f"{prefix}denominator", minimum=Decimal(0))
        if (numerator is None) != (denominator is None):
            raise InvalidInput(_("Give both the numerator and the denominator."), field=f"{prefix}denominator")
        if denominator == 0:
            raise InvalidInput(_("The denominator must be more than zero."), field=f"{prefix}denominator")
        value = rollup.percentage(numerator, denominator) if numerator is not None and denominator else None
        return {"value": value.quantize(STEP) if value is not None else None, "numerator": numerator,
                "denominator": denominator}
    return {"value": None, "numerator": None, "denominator": None}


def _write_update(update: Update, indicator: Indicator, data: dict[str, Any],
                  breakdown: dict[int, dict[str, Any]] | None) -> None:
    if "narrative" in data:
        update.narrative = clean_text(data["narrative"] or "", field="narrative", max_length=8000)
    if any(name in data for name in ("value", "numerator", "denominator")):
        for name, figure in _clean_update_figures(indicator, data).items():
            setattr(update, name, figure)
    update.save()
    if breakdown is None:
        return
    allowed = {value.pk: value for value in
               DimensionValue.objects.filter(dimension__in=indicator.dimensions.all())}
    rows = []
    for value_id, figures in breakdown.items():
        if value_id not in allowed:
            if not DimensionValue.objects.filter(pk=value_id).exists():
                raise InvalidInput(_("Choose disaggregation values of this indicator."), field="disaggregations")
            # A value that exists but is not one of this indicator's breakdowns (as the indicator now stands).
            raise Conflict(_("Choose disaggregation values of this indicator."), code="not_of_indicator")
        cleaned = _clean_update_figures(indicator, figures, prefix="disaggregations.")
        if any(v is not None for v in cleaned.values()):
            rows.append(UpdateDisaggregation(update=update, dimension_value_id=value_id, **cleaned))
    update.disaggregations.all().delete()
    UpdateDisaggregation.objects.bulk_create(rows)


def _open_period(period: Period) -> None:
    if period.locked:
        raise Conflict(_("The period is locked and takes no new updates."), code="locked")


def update_create(*, actor: "User", period: Period, data: dict[str, Any],
                  breakdown: dict[int, dict[str, Any]] | None = None, submit: bool = False) -> Update:
    """A draft update of a period (or submitted at once with submit=True)."""
    require(actor, "results.report_update", period)
    _open_period(period)
    indicator = period.indicator
    with transaction.atomic():
        update = Update(period=period, author=actor)
        update._history_user = actor
        _write_update(update, indicator, data, breakdown)
        if submit:
            _submit(update, actor)
    return update


def update_edit(*, actor: "User", update: Update, data: dict[str, Any],
                breakdown: dict[int, dict[str, Any]] | None = None) -> Update:
    require(actor, "results.change_update", update)
    _open_period(update.period)
    with transaction.atomic():
        locked = Update.objects.select_for_update().get(pk=update.pk)
        if locked.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
            raise Conflict(_("This update was submitted; it can no longer be changed."), code="not_editable")
        update._history_user = actor
        _write_update(update, update.period.indicator, data, breakdown)
    return update


def _missing_figure(update: Update, indicator: Indicator) -> tuple[str, str] | None:
    """What the update still lacks before it can be submitted: (message, field), or None."""
    if indicator.measure == Measure.UNIT and update.value is None:
        return _("Enter the value before submitting."), "value"
    if indicator.measure == Measure.PERCENTAGE and update.numerator is None:
        return _("Enter the numerator and the denominator before submitting."), "numerator"
    if indicator.measure == Measure.QUALITATIVE and not update.narrative:
        return _("Describe the progress before submitting."), "narrative"
    return None


def _submit(update: Update, actor: "User", *, missing: type[DomainError] = InvalidInput) -> None:
    """Submit the update; a missing figure raises `missing`: the caller's input when the figures came with the
    request (422), the stored draft's state when the request only asks to submit it (409)."""
    indicator = update.period.indicator
    lacking = _missing_figure(update, indicator)
    if lacking is not None:
        message, field = lacking
        raise missing(message, code="incomplete" if missing is Conflict else None, field=field)
    update.status = UpdateStatus.PENDING
    update.submitted_at = timezone.now()
    update._history_user = actor
    update.save(update_fields=["status", "submitted_at", "updated_at"])
    _count_period(update.period)
    result = indicator.result
    approvers = [m.user for m in Membership.objects.filter(
        organization_id=result.approver_organization_id, role__in=(Role.ADMIN, Role.EDITOR),
    ).exclude(user=actor).select_related("user")]
    owner = result.owner
    assert owner is not None  # every result belongs to a registered owner
    url = owners.owner_of(type(owner)).url(owner)
    notify(users=approvers, url=url,
           title_for=lambda: _("An indicator update awaits your approval: %(indicator)s") % {"indicator": indicator})


def update_submit(*, actor: "User", update: Update) -> Update:
    require(actor, "results.change_update", update)
    _open_period(update.period)
    with transaction.atomic():
        locked = Update.objects.select_for_update().get(pk=update.pk)
        if locked.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
            raise Conflict(_("This update was already submitted."), code="already_submitted")
        _submit(update, actor, missing=Conflict)
    return update


def _review(actor: "User", update: Update) -> Update:
    require(actor, "results.review_update", update)
    locked = Update.objects.select_for_update().select_related("period__indicator__result").get(pk=update.pk)
    if locked.status != UpdateStatus.PENDING:
        raise Conflict(_("This update is no longer awaiting approval."), code="not_pending")
    return locked


def update_approve(*, actor: "User", update: Update, comment: str = "") -> Update:
    """Approve a pending update: from now on it counts, and the indicator's figures (and its owner's) follow."""
    with transaction.atomic():
        locked = _review(actor, update)
        locked.status = UpdateStatus.APPROVED
        locked.review_comment = clean_text(comment, field="comment", max_length=4000)
        locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
        locked._history_user = actor
        locked.save()
        refresh_indicator(locked.period.indicator)
        _tell_author(locked, lambda: _("Your indicator update was approved: %(indicator)s")
                     % {"indicator": locked.period.indicator})
    return locked


def update_return(*, actor: "User", update: Update, comment: str) -> Update:
    """Send a pending update back to its reporter with what to revise (the comment is required)."""
    comment = clean_text(comment, field="comment", max_length=4000, min_length=3)
    with transaction.atomic():
        locked = _review(actor, update)
        locked.status = UpdateStatus.RETURNED
        locked.review_comment = comment
        locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
        locked._history_user = actor
        locked.save()
        _count_period(locked.period)
        _tell_author(locked, lambda: _("Your indicator update was returned for revision: %(indicator)s")
                     % {"indicator": locked.period.indicator})
    return locked


def update_delete(*, actor: "User", update: Update) -> None:
    require(actor, "results.change_update", update)
    files = [evidence.file for evidence in update.evidence.all()]
    with transaction.atomic():
        update.delete()
        transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files: list) -> None:
    """Stored files of a deleted update, once the deletion is committed (a rollback keeps them)."""
    for stored in files:
        stored.delete(save=False)


def _tell_author(update: Update, title_for) -> None:
    if update.author_id:
        owner = update.period.indicator.result.owner
        assert owner is not None  # every result belongs to a registered owner
        notify(users=[update.author], title_for=title_for, url=owners.owner_of(type(owner)).url(owner))


def evidence_add(*, actor: "User", update: Update, upload, name: str = "") -> UpdateEvidence:
    require(actor, "results.change_update", update)
    try:
        mime = validate_document_upload(upload, max_bytes=ATTACHMENT_MAX_BYTES)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], code="invalid_file", field="file") from error
    title = clean_text(name or getattr(upload, "name", "") or "", field="name", max_length=200) or _("Evidence")
    with transaction.atomic():
        if update.evidence.count() >= MAX_EVIDENCE_FILES:
            raise InvalidInput(_("An update has at most %(count)s evidence files.") % {"count": MAX_EVIDENCE_FILES},
                               field="file")
        return UpdateEvidence.objects.create(update=update, file=upload, name=title, content_type=mime,
                                             size=getattr(upload, "size", 0) or 0, uploaded_by=actor)


def evidence_remove(*, actor: "User", evidence: UpdateEvidence) -> None:
    require(actor, "results.change_update", evidence.update)
    stored = evidence.file
    with transaction.atomic():
        evidence.delete()
        transaction.on_commit(lambda: stored.delete(save=False))


# ---------------------------------------------------------------- kept figures


def _count_period(period: Period) -> None:
    statuses = list(period.updates.values_list("status", flat=True))
    Period.objects.filter(pk=period.pk).update(approved_count=statuses.count(UpdateStatus.APPROVED),
                                               pending_count=statuses.count(UpdateStatus.PENDING))


def approved_figures(indicator: Indicator) -> list[list[rollup.Figures]]:
    """The approved updates' figures per period (date order), oldest update first, with their breakdowns."""
    periods = list(indicator.periods.order_by("start", "pk").values_list("pk", flat=True))
    updates = list(Update.objects.filter(period__indicator=indicator, status=UpdateStatus.APPROVED)
                   .order_by("reviewed_at", "pk").values("pk", "period_id", "value", "numerator", "denominator"))
    parts: dict[int, dict[str, rollup.Figures]] = {}
    for row in UpdateDisaggregation.objects.filter(update_id__in=[u["pk"] for u in updates]).values(
            "update_id", "dimension_value__code", "value", "numerator", "denominator"):
        parts.setdefault(row["update_id"], {})[row["dimension_value__code"]] = rollup.Figures(
            value=row["value"], numerator=row["numerator"], denominator=row["denominator"])
    by_period: dict[int, list[rollup.Figures]] = {pk: [] for pk in periods}
    for u in updates:
        by_period[u["period_id"]].append(rollup.Figures(value=u["value"], numerator=u["numerator"],
                                                        denominator=u["denominator"], parts=parts.get(u["pk"], {})))
    return [by_period[pk] for pk in periods]


def refresh_indicator(indicator: Indicator) -> None:
    """Recompute the indicator's kept figures from its approved updates, then tell the owner."""
    periods = list(indicator.periods.order_by("start", "pk"))
    figures = approved_figures(indicator)
    for period, updates in zip(periods, figures, strict=True):
        actual = rollup.combine(indicator.measure, indicator.cumulative, updates)
        Period.objects.filter(pk=period.pk).update(
            actual_value=actual.quantize(STEP) if actual is not None else None)
        _count_period(period)
    actual = rollup.indicator_actual(indicator.measure, indicator.cumulative, figures)
    target = rollup.overall_target(indicator.measure, indicator.cumulative, [p.target_value for p in periods])
    progress = rollup.progress(actual=actual, target=target, baseline=indicator.baseline_value,
                               ascending=indicator.ascending)
    indicator.actual_value = actual.quantize(STEP) if actual is not None else None
    indicator.progress = progress.quantize(STEP) if progress is not None else None
    Indicator.objects.filter(pk=indicator.pk).update(actual_value=indicator.actual_value,
                                                     progress=indicator.progress)
    _tell_owner(indicator.result.owner)
    indicator_figures_changed.send(sender=Indicator, indicator=indicator)


def _tell_owner(owner) -> None:
    if owner is None:
        return
    callback = owners.owner_of(type(owner)).on_change
    if callback is not None:
        callback(owner)


def get_update(update_id: int) -> Update:
    update = Update.objects.select_related("period__indicator__result").filter(pk=update_id).first()
    if update is None:
        raise NotFound()
    return update
