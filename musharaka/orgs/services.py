"""Every write to organisations, memberships and coordinators, with its rules."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.files import strip_image_metadata, validate_image_upload
from musharaka.core.permissions import require
from musharaka.notifications.services import notify

from .models import Membership, Organization, RegionCoordinator, Role
from .roles import forget_roles

SEARCH_KIND = "organization"

EDITABLE_FIELDS = (
    "name_ar", "name_en", "sector", "description_ar", "description_en", "region", "city",
    "logo", "website", "email", "phone", "address",
)


def organization_search_texts(organization: Organization) -> list[str]:
    region, city = organization.region, organization.city
    return [
        organization.name_ar, organization.name_en, organization.description_ar, organization.description_en,
        region.name_ar, region.name_en, city.name_ar if city else "", city.name_en if city else "",
    ]


def organization_reindex(*, organization: Organization) -> None:
    search.index(SEARCH_KIND, organization.pk, *organization_search_texts(organization))


def _check_logo(data: dict[str, Any]) -> None:
    logo = data.get("logo")
    if logo and hasattr(logo, "size") and not getattr(logo, "_committed", False):
        try:
            validate_image_upload(logo)
        except ValidationError as error:
            raise InvalidInput(error.messages[0], code=error.code or "invalid_logo", field="logo") from error
        data["logo"] = strip_image_metadata(logo)  # no GPS position or camera details in a public logo


def _check_place(data: dict[str, Any]) -> None:
    city, region = data.get("city"), data.get("region")
    if city is not None and region is not None and city.region_id != region.pk:
        raise InvalidInput(_("The city is not in the chosen region."), code="city_not_in_region", field="city")


@transaction.atomic
def organization_create(*, actor, data: dict[str, Any]) -> Organization:
    """A new organisation; the person who registers it becomes its first administrator."""
    require(actor, "orgs.add_organization")
    _check_place(data)
    _check_logo(data)
    fields = {name: value for name, value in data.items() if name in EDITABLE_FIELDS and value is not None}
    organization = Organization(created_by=actor, **fields)
    organization._history_user = actor
    organization.full_clean(exclude=["logo"])
    organization.save()
    membership = Membership(organization=organization, user=actor, role=Role.ADMIN)
    membership._history_user = actor
    membership.save()
    forget_roles(actor)
    organization_reindex(organization=organization)
    return organization


# Stored untranslated in the history (its change reason) and translated when the history is shown.
REVERIFY_REASON = gettext_noop("Region or sector changed: no longer verified until a coordinator verifies it again")


@transaction.atomic
def organization_update(*, actor, organization: Organization, data: dict[str, Any]) -> Organization:
    """Save changes. A new region or sector withdraws the verification: a coordinator of the (new) region
    vouched for the organisation as it was, so one of them verifies it again; its admins and those
    coordinators are told."""
    require(actor, "orgs.change_organization", organization)
    merged = {"region": organization.region, "city": organization.city, **data}
    _check_place(merged)
    _check_logo(data)
    # Locked, so that two sector changes at once move the initiatives' counts one after the other; the
    # stored region and sector, not the caller's copy, decide whether the verification goes.
    old_sector, old_region_id, was_verified = (
        Organization.objects.select_for_update().values_list("sector", "region_id", "verified").get(pk=organization.pk)
    )
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(organization, name, value)
    moved = organization.sector != old_sector or organization.region_id != old_region_id
    reverify = moved and was_verified
    if moved:
        organization.verified, organization.verified_at = False, None
    organization._history_user = actor
    organization.full_clean(exclude=["logo"])
    if reverify:
        organization._change_reason = REVERIFY_REASON  # django-simple-history stores it with the change
    try:
        organization.save()
    finally:
        organization.__dict__.pop("_change_reason", None)  # not for this instance's later saves
    if reverify:
        _announce_reverification(organization, actor)
    if organization.sector != old_sector:
        from musharaka.initiatives.services import organization_sector_changed  # initiatives builds on orgs

        organization_sector_changed(organization_id=organization.pk, old=old_sector, new=organization.sector)
    organization_reindex(organization=organization)
    return organization


def _announce_reverification(organization: Organization, actor) -> None:
    url = reverse("orgs:detail", kwargs={"organization_id": organization.pk})
    name = organization.name_ar
    admins = [m.user for m in Membership.objects.filter(organization=organization, role=Role.ADMIN).select_related("user")]
    notify(
        users=admins,
        title_for=lambda: _("%(name)s is no longer verified: its region or sector changed") % {"name": name},
        body_for=lambda: _("A coordinator of its region will verify it again."),
        url=url,
    )
    coordinators = [
        c.user for c in RegionCoordinator.objects.filter(region_id=organization.region_id).select_related("user")
        if c.user_id != getattr(actor, "pk", None)
    ]
    notify(
        users=coordinators,
        title_for=lambda: _("%(name)s changed its region or sector and awaits your verification") % {"name": name},
        url=url,
    )


@transaction.atomic
def organization_set_verified(*, actor, organization: Organization, verified: bool) -> Organization:
    require(actor, "orgs.verify_organization", organization)
    organization.verified = verified
    organization.verified_at = timezone.now() if verified else None
    organization._history_user = actor
    organization.save(update_fields=["verified", "verified_at", "updated_at"])
    return organization


def _find_user(identifier: str):
    identifier = (identifier or "").strip()
    user = get_user_model().objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier)).first()
    if not identifier or user is None:
        # A value of the request's body, not the record its URL names: invalid input (the page's form error,
        # the API's 422), not a 404 that says the organisation was not found.
        raise InvalidInput(_("No user has that user name or e-mail."), code="user_not_found", field="user")
    return user


@transaction.atomic
def membership_add(*, actor, organization: Organization, user_identifier: str, role: str) -> Membership:
    require(actor, "orgs.manage_members", organization)
    if role not in Role.values:
        raise InvalidInput(_("Unknown role."), code="invalid_role", field="role")
    user = _find_user(user_identifier)
    membership = Membership(organization=organization, user=user, role=role)
    membership._history_user = actor
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise Conflict(_("This person is already a member."), code="already_member") from error
    forget_roles(user)
    return membership


def _lock_admins(organization: Organization) -> int:
    """Count the administrators with their rows locked, so two removals cannot both pass."""
    return len(
        Membership.objects.select_for_update().filter(organization=organization, role=Role.ADMIN).values_list("pk")
    )


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    require(actor, "orgs.manage_members", membership.organization)
    if role not in Role.values:
        raise InvalidInput(_("Unknown role."), code="invalid_role", field="role")
    if membership.role == Role.ADMIN and role != Role.ADMIN and _lock_admins(membership.organization) <= 1:
        raise Conflict(_("An organisation needs at least one administrator."), code="last_admin")
    membership.role = role
    membership._history_user = actor
    membership.save(update_fields=["role", "updated_at"])
    forget_roles(membership.user)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    require(actor, "orgs.manage_members", membership.organization)
    if membership.role == Role.ADMIN and _lock_admins(membership.organization) <= 1:
        raise Conflict(_("An organisation needs at least one administrator."), code="last_admin")
    membership._history_user = actor
    membership.delete()
    forget_roles(membership.user)


@transaction.atomic
def coordinator_assign(*, actor, region, user_identifier: str) -> RegionCoordinator:
    require(actor, "orgs.assign_coordinator")
    user = _find_user(user_identifier)
    coordinator, _created = RegionCoordinator.objects.get_or_create(region=region, user=user)
    forget_roles(user)
    return coordinator
