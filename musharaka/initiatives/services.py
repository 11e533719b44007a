"""Every write to initiatives: creation, editing with optimistic locking, the workflow, replication."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Field
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.core.files import strip_image_metadata, validate_document_upload, validate_image_upload
from musharaka.core.permissions import can, require
from musharaka.core.tasks import enqueue_with_transaction
from musharaka.notifications.services import notify
from musharaka.orgs.models import Membership, RegionCoordinator, Role

from . import counts
from .models import (
    PUBLISHED_STATUSES,
    Initiative,
    InitiativeAttachment,
    InitiativePartner,
    InitiativePlace,
    Status,
    Transition,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from musharaka.accounts.models import User

SEARCH_KIND = "initiative"

SCALAR_FIELDS = (
    "title_ar", "title_en", "summary_ar", "summary_en", "description_ar", "description_en", "region",
    "start_date", "end_date", "budget", "currency", "planned_beneficiaries", "actual_beneficiaries",
    "results_ar", "results_en", "lessons_ar", "lessons_en", "cover_image",
)
M2M_FIELDS = ("axes", "sdgs", "target_groups")


@dataclass(frozen=True)
class PartnerSpec:
    organization: Any
    role: str


@dataclass(frozen=True)
class PlaceSpec:
    region: Any
    city: Any = None
    neighbourhood: Any = None


# ---------------------------------------------------------------- search


def initiative_search_texts(initiative: Initiative) -> list[str]:
    lead = initiative.lead_organization
    texts = [
        initiative.title_ar, initiative.title_en, initiative.summary_ar, initiative.summary_en,
        initiative.description_ar, initiative.description_en, lead.name_ar, lead.name_en,
        initiative.region.name_ar, initiative.region.name_en,
    ]
    texts += [axis.name_ar for axis in initiative.axes.all()]
    for place in initiative.places.select_related("city", "neighbourhood"):
        texts += [place.city.name_ar if place.city else "", place.neighbourhood.name_ar if place.neighbourhood else ""]
    return texts


def initiative_reindex(*, initiative: Initiative) -> None:
    search.index(SEARCH_KIND, initiative.pk, *initiative_search_texts(initiative))


# ---------------------------------------------------------------- validation


def _validate(data: dict[str, Any], initiative: Initiative | None = None) -> None:
    def value(name):
        return data[name] if name in data else getattr(initiative, name, None)

    start, end = value("start_date"), value("end_date")
    if start and end and end < start:
        raise InvalidInput(_("The end date is before the start date."), code="end_before_start", field="end_date")
    budget = value("budget")
    if budget is not None and budget < 0:
        raise InvalidInput(_("The budget cannot be negative."), code="negative_budget", field="budget")
    if "title_ar" in data and not (data["title_ar"] or "").strip():
        raise InvalidInput(_("The Arabic title is required."), code="required", field="title_ar")
    cover = data.get("cover_image")
    if cover and hasattr(cover, "size") and not getattr(cover, "_committed", False):
        try:
            validate_image_upload(cover, max_bytes=5 * 1024 * 1024)
        except ValidationError as error:
            raise InvalidInput(error.messages[0], code=error.code or "invalid_image", field="cover_image") from error
        data["cover_image"] = strip_image_metadata(cover)  # no GPS position or camera details in a public cover


def _set_relations(initiative: Initiative, data: dict[str, Any]) -> None:
    for name in M2M_FIELDS:
        if name in data and data[name] is not None:
            getattr(initiative, name).set(data[name])
    if data.get("partners") is not None:
        initiative.partners.all().delete()
        seen = set()
        partners = []
        for spec in data["partners"]:
            key = (spec.organization.pk, spec.role)
            if key not in seen and spec.organization.pk != initiative.lead_organization_id:
                seen.add(key)
                partners.append(InitiativePartner(initiative=initiative, organization=spec.organization, role=spec.role))
        InitiativePartner.objects.bulk_create(partners)
    if data.get("places") is not None:
        initiative.places.all().delete()
        places = []
        for spec in data["places"]:
            if spec.city is not None and spec.city.region_id != spec.region.pk:
                raise InvalidInput(_("The city is not in the chosen region."), code="city_not_in_region", field="places")
            if spec.neighbourhood is not None and (spec.city is None or spec.neighbourhood.city_id != spec.city.pk):
                raise InvalidInput(
                    _("The neighbourhood is not in the chosen city."), code="neighbourhood_not_in_city", field="places"
                )
            places.append(InitiativePlace(initiative=initiative, region=spec.region, city=spec.city,
                                          neighbourhood=spec.neighbourhood))
        InitiativePlace.objects.bulk_create(places)


# ---------------------------------------------------------------- create and update


@transaction.atomic
def initiative_create(*, actor, organization, data: dict[str, Any]) -> Initiative:
    """A draft led by `organization`; its region defaults to the organisation's."""
    require(actor, "initiatives.create_for_organization", organization)
    counts.hold_organization(organization.pk)
    _validate(data)
    initiative = Initiative(lead_organization=organization, created_by=actor, status=Status.DRAFT)
    for name in SCALAR_FIELDS:
        if data.get(name) is not None:
            setattr(initiative, name, data[name])
    if not initiative.region_id:
        initiative.region = organization.region
    initiative._history_user = actor
    initiative.save()
    if not data.get("places"):
        data = {**data, "places": [PlaceSpec(region=initiative.region)]}
    _set_relations(initiative, data)
    counts.apply(after=counts.cells_of([initiative.pk])[initiative.pk])
    initiative_reindex(initiative=initiative)
    # No similar list yet: a draft's is computed when its page is first read (selectors.similar_rows).
    return initiative


@transaction.atomic
def initiative_update(*, actor, initiative: Initiative, data: dict[str, Any], expected_version: int | None) -> Initiative:
    """Save changes unless someone else saved first (the version moved on): then a Conflict."""
    counts.hold_organization(initiative.lead_organization_id)  # first: see counts.hold_organization
    # The initiative's row only (`of`): its organisation's is share-locked above, and locking that one for
    # update too would deadlock two editors who both hold the share lock.
    locked = (Initiative.objects.select_for_update(of=("self",)).select_related("lead_organization", "region")
              .get(pk=initiative.pk))
    require(actor, "initiatives.change_initiative", locked)
    if expected_version is not None and expected_version != locked.version:
        raise Conflict(code="stale_version")
    _validate(data, locked)
    before = counts.cells_of([locked.pk])[locked.pk]
    before_similar = _similarity_state(locked)
    for name in SCALAR_FIELDS:
        if name not in data or (name == "cover_image" and data[name] is None):
            continue
        value = data[name]
        field = cast(Field, Initiative._meta.get_field(name))  # SCALAR_FIELDS are all concrete fields
        setattr(locked, name, field.get_default() if value is None and not field.null else value)
    locked.version = F("version") + 1
    locked._history_user = actor
    locked.save()
    locked.refresh_from_db()
    _set_relations(locked, data)
    counts.apply(before=before, after=counts.cells_of([locked.pk])[locked.pk])
    initiative_reindex(initiative=locked)
    if _similarity_state(locked) != before_similar:
        similar_changed(initiative=locked)
    return locked


@transaction.atomic
def attachment_add(*, actor, initiative: Initiative, title: str, upload) -> InitiativeAttachment:
    require(actor, "initiatives.change_initiative", initiative)
    try:
        mime = validate_document_upload(upload)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], code=error.code or "invalid_file", field="file") from error
    if mime.startswith("image/"):
        upload = strip_image_metadata(upload)  # whoever may read it need not learn where the photo was taken
    attachment = InitiativeAttachment(
        initiative=initiative, title=(title or upload.name)[:200], file=upload, content_type=mime,
        size=upload.size, uploaded_by=actor,
    )
    attachment._history_user = actor
    attachment.save()
    return attachment


# ---------------------------------------------------------------- workflow

_TRANSITIONS: dict[str, tuple[str, Status, str]] = {
    # action: (permission, new status, who hears of it)
    Transition.Action.SUBMIT: ("initiatives.submit_initiative", Status.SUBMITTED, "coordinators"),
    Transition.Action.APPROVE: ("initiatives.approve_initiative", Status.APPROVED, "lead"),
    Transition.Action.REJECT: ("initiatives.reject_initiative", Status.DRAFT, "lead"),
    Transition.Action.ACTIVATE: ("initiatives.activate_initiative", Status.ACTIVE, "lead"),
    Transition.Action.COMPLETE: ("initiatives.complete_initiative", Status.COMPLETED, "both"),
    Transition.Action.CANCEL: ("initiatives.cancel_initiative", Status.CANCELLED, "both"),
}

_MESSAGES: dict[str, "StrOrPromise"] = {
    Transition.Action.SUBMIT: gettext_lazy("Initiative submitted for approval: %(title)s"),
    Transition.Action.APPROVE: gettext_lazy("Initiative approved and published: %(title)s"),
    Transition.Action.REJECT: gettext_lazy("Initiative returned to draft: %(title)s"),
    Transition.Action.ACTIVATE: gettext_lazy("Initiative started: %(title)s"),
    Transition.Action.COMPLETE: gettext_lazy("Initiative completed: %(title)s"),
    Transition.Action.CANCEL: gettext_lazy("Initiative cancelled: %(title)s"),
    Transition.Action.MARK_SUCCESS: gettext_lazy("Marked as a successful experience: %(title)s"),
}


def _lead_team(initiative: Initiative) -> Iterable:
    return [
        membership.user
        for membership in Membership.objects.filter(
            organization_id=initiative.lead_organization_id, role__in=(Role.ADMIN, Role.EDITOR)
        ).select_related("user")
    ]


def _coordinators(initiative: Initiative) -> Iterable:
    return [c.user for c in RegionCoordinator.objects.filter(region_id=initiative.region_id).select_related("user")]


def _announce(initiative: Initiative, action: str, audience: str, reason: str, actor) -> None:
    users: list[User] = []
    if audience in ("lead", "both"):
        users += _lead_team(initiative)
    if audience in ("coordinators", "both"):
        users += _coordinators(initiative)
    users = [user for user in users if user.pk != getattr(actor, "pk", None)]
    title = initiative.title_ar
    notify(
        users=users,
        title_for=lambda: _MESSAGES[action] % {"title": title},
        body_for=(lambda: _("Reason: %(reason)s") % {"reason": reason}) if reason else None,
        url=reverse("initiatives:detail", kwargs={"initiative_id": initiative.pk}),
    )


@transaction.atomic
def initiative_transition(
    *, actor, initiative: Initiative, action: str, reason: str = "", expected_version: int | None = None
) -> Initiative:
    """Move an initiative one step along its workflow.

    The row is locked first and the permission (which depends on the status) is checked on the
    locked row, so of two people acting at once exactly one succeeds; the other gets a Conflict.
    `expected_version` is the version the person acted on (the page or the API read it): when the
    initiative moved on since, that is a Conflict too, however late the second request arrives.
    """
    if action not in _TRANSITIONS:
        raise InvalidInput(_("Unknown action."), code="invalid_action")
    permission, new_status, audience = _TRANSITIONS[action]
    counts.hold_organization(initiative.lead_organization_id)
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if expected_version is not None and expected_version != locked.version:
        raise Conflict(code="stale_version")
    if not can(actor, permission, locked):
        if locked.status != initiative.status:
            raise Conflict(_("The initiative changed status meanwhile. Reload it and try again."),
                           code="status_changed")
        raise NotPermitted()
    reason = (reason or "").strip()
    if action == Transition.Action.REJECT and not reason:
        raise InvalidInput(_("Give the reason for rejecting it."), code="reason_required", field="reason")
    now = timezone.now()
    previous = locked.status
    before = counts.cells_of([locked.pk])[locked.pk]
    locked.status = new_status
    updated = ["status", "updated_at", "version"]
    if action == Transition.Action.SUBMIT:
        locked.submitted_at, locked.rejection_reason = now, ""
        updated += ["submitted_at", "rejection_reason"]
    elif action == Transition.Action.APPROVE:
        locked.published_at = now
        updated.append("published_at")
    elif action == Transition.Action.REJECT:
        locked.rejection_reason = reason
        updated.append("rejection_reason")
    locked.version = F("version") + 1
    locked._history_user = actor
    locked.save(update_fields=updated)
    locked.refresh_from_db()
    counts.apply(before=before, after=counts.with_changes(before, status=new_status))
    if (previous in PUBLISHED_STATUSES) != (new_status in PUBLISHED_STATUSES):
        similar_changed(initiative=locked)
    Transition.objects.create(initiative=locked, action=action, from_status=previous, to_status=new_status,
                              actor=actor, reason=reason)
    _announce(locked, action, audience, reason, actor)
    return locked


@transaction.atomic
def initiative_mark_success(*, actor, initiative: Initiative, successful: bool = True) -> Initiative:
    """The coordinator marks a completed initiative with results as a successful experience."""
    counts.hold_organization(initiative.lead_organization_id)
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    require(actor, "initiatives.mark_success", locked)
    before = counts.cells_of([locked.pk])[locked.pk]
    locked.is_success_story = successful
    locked.success_marked_at = timezone.now() if successful else None
    locked._history_user = actor
    locked.save(update_fields=["is_success_story", "success_marked_at", "updated_at"])
    counts.apply(before=before, after=counts.with_changes(before, success=successful))
    if successful:
        Transition.objects.create(initiative=locked, action=Transition.Action.MARK_SUCCESS,
                                  from_status=locked.status, to_status=locked.status, actor=actor)
        _announce(locked, Transition.Action.MARK_SUCCESS, "lead", "", actor)
    return locked


@transaction.atomic
def initiative_replicate(*, actor, source: Initiative, organization) -> Initiative:
    """A new draft in `organization`, in its region, linked to the experience it repeats.

    The one rule, for the page and the API alike: a published initiative may be replicated into any
    organisation the person may start an initiative for (initiatives.create_for_organization): one
    where they are an admin or editor, or any organisation for a platform admin, who belongs to none.
    Anything else is NotPermitted (403), whatever the page offered.
    """
    require(actor, "initiatives.replicate_initiative", source)
    require(actor, "initiatives.create_for_organization", organization)
    copy_fields = ("title_ar", "title_en", "summary_ar", "summary_en", "description_ar", "description_en",
                   "currency", "planned_beneficiaries")
    data: dict[str, Any] = {name: getattr(source, name) for name in copy_fields}
    data.update(
        region=organization.region,
        lessons_ar="",
        axes=list(source.axes.all()),
        sdgs=list(source.sdgs.all()),
        target_groups=list(source.target_groups.all()),
    )
    # F() keeps the count exact when many replicate at once. First: the source's row is then locked before
    # any count row, as an edit of the source locks them (no deadlock between the two).
    Initiative.objects.filter(pk=source.pk).update(replication_count=F("replication_count") + 1)
    replica = initiative_create(actor=actor, organization=organization, data=data)
    replica.replicated_from = source
    replica.save(update_fields=["replicated_from"])
    notify(
        users=[user for user in _lead_team(source) if user.pk != actor.pk],
        title_for=lambda: _("Your experience is being replicated in %(region)s: %(title)s")
        % {"region": organization.region.name_ar, "title": source.title_ar},
        url=reverse("initiatives:detail", kwargs={"initiative_id": source.pk}),
    )
    return replica


@transaction.atomic
def initiative_delete(*, actor, initiative: Initiative) -> None:
    """Remove an initiative with its partners, places, attachments and workflow steps (a platform admin)."""
    require(actor, "initiatives.delete_initiative", initiative)
    counts.hold_organization(initiative.lead_organization_id)
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    before = counts.cells_of([locked.pk])[locked.pk]
    if locked.replicated_from_id:
        Initiative.objects.filter(pk=locked.replicated_from_id).update(replication_count=F("replication_count") - 1)
    locked._history_user = actor
    locked.delete()
    counts.apply(before=before)
    search.unindex(SEARCH_KIND, initiative.pk)


# ---------------------------------------------------------------- counts kept elsewhere


def organization_sector_changed(*, organization_id: int, old: str, new: str) -> None:
    """Move the counts of an organisation's initiatives to its new sector (orgs.services calls this in
    its transaction, after saving the organisation)."""
    if old == new:
        return
    # The caller holds the organisation's row for update: no write of its initiatives is in flight
    # (each takes a share lock on it first, counts.hold_organization), so they read as they are.
    ids = list(Initiative.objects.filter(lead_organization_id=organization_id).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        found = counts.cells_of(ids[start:start + 500])
        before: Counter = Counter()
        after: Counter = Counter()
        for cells in found.values():
            after.update(cells)
            before.update(counts.with_changes(cells, sector=old))
        counts.apply(before=before, after=after)


# ---------------------------------------------------------------- similar initiatives


def _similarity_state(initiative: Initiative) -> tuple:
    """What the similar list of an initiative is computed from (selectors.similar_ids)."""
    return (
        initiative.title_ar, initiative.summary_ar, initiative.region_id, initiative.status in PUBLISHED_STATUSES,
        sorted(initiative.axes.values_list("pk", flat=True)),
        sorted(initiative.target_groups.values_list("pk", flat=True)),
    )


def similar_changed(*, initiative: Initiative) -> None:
    """Recompute the initiative's similar list in the background once this change is committed."""
    from .tasks import compute_similar

    enqueue_with_transaction(compute_similar, initiative_id=initiative.pk)
