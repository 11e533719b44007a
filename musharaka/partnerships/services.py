"""Every write to partnership agreements: the agreement and its parties, commitments and their follow-up,
documents, comments, and the decisions that end or renew an agreement.

Counters on Agreement (parties, commitments, commitments fulfilled, the parties' sectors) are kept here, in the
same transaction as the change, so lists, statistics and the network never count per view.
"""

import datetime
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core import search
from musharaka.core.errors import InvalidInput, NotPermitted
from musharaka.core.files import ATTACHMENT_MAX_BYTES, validate_document_upload
from musharaka.core.permissions import require
from musharaka.core.text import clean_text
from musharaka.orgs.roles import roles_of

from .models import (
    OPEN_COMMITMENT_STATUSES,
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    PartyRole,
    Renewal,
    Stage,
)
from .rules import STAFF_ROLES, party_organization_ids

if TYPE_CHECKING:
    from musharaka.accounts.models import User
    from musharaka.orgs.models import Organization

SEARCH_KIND = "agreement"
MIN_SIGNED_PARTIES = 2
MAX_PARTIES = 30
MAX_NOTICE_DAYS = 730

AGREEMENT_FIELDS = (
    "kind", "title_ar", "title_en", "objectives_ar", "objectives_en", "signed_on", "signed_place", "signed_before",
    "event", "session", "starts_on", "ends_on", "renewal", "notice_days", "is_published",
)
COMMITMENT_FIELDS = ("title_ar", "title_en", "description", "due_on", "owner_name", "owner", "position")


@dataclass(frozen=True)
class PartySpec:
    """One party as a form or the API gives it: an organisation on the platform, or a name from the press."""

    organization: "Organization | None" = None
    name_ar: str = ""
    name_en: str = ""
    role: str = PartyRole.PARTNER
    signatory_name: str = ""
    signatory_title: str = ""


# ---------------------------------------------------------------- agreements


def _delete_files(files: list) -> None:
    """Stored files of deleted rows, once the deletion is committed (a rollback keeps them)."""
    for stored in files:
        stored.delete(save=False)


def agreement_search_texts(agreement: Agreement) -> tuple[str, ...]:
    names = []
    for party in agreement.parties.select_related("organization"):
        if party.organization is not None:
            names += [party.organization.name_ar, party.organization.name_en]
        names += [party.name_ar, party.name_en, party.signatory_name]
    return (agreement.title_ar, agreement.title_en, agreement.objectives_ar, agreement.signed_place,
            agreement.signed_before, " ".join(name for name in names if name))


def _clean_agreement(agreement: Agreement) -> None:
    agreement.title_ar = clean_text(agreement.title_ar, field="title_ar", max_length=300, min_length=3)
    agreement.title_en = clean_text(agreement.title_en, field="title_en", max_length=300)
    agreement.objectives_ar = clean_text(agreement.objectives_ar, field="objectives_ar", max_length=8000)
    agreement.objectives_en = clean_text(agreement.objectives_en, field="objectives_en", max_length=8000)
    agreement.signed_place = clean_text(agreement.signed_place, field="signed_place", max_length=250)
    agreement.signed_before = clean_text(agreement.signed_before, field="signed_before", max_length=300)
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        raise InvalidInput(_("The end must not be before the start."), code="end_before_start", field="ends_on")
    if agreement.notice_days is None or not 0 <= agreement.notice_days <= MAX_NOTICE_DAYS:
        raise InvalidInput(_("The notice period is between 0 and %(days)s days.") % {"days": MAX_NOTICE_DAYS},
                           code="notice_out_of_range", field="notice_days")
    if agreement.renewal != Renewal.NONE and not agreement.ends_on:
        raise InvalidInput(_("A renewable agreement needs an end date."), code="renewal_needs_end", field="ends_on")
    if agreement.session is not None and agreement.session.event_id != agreement.event_id:
        raise InvalidInput(_("The session is not part of the chosen event."), code="session_not_in_event",
                           field="session")
    if agreement.stage == Stage.DRAFT and agreement.is_published:
        raise InvalidInput(_("A draft cannot be published: record the signing first."), code="draft_published",
                           field="is_published")
    if agreement.stage != Stage.DRAFT and not agreement.signed_on:
        raise InvalidInput(_("Give the date of signing."), code="signed_on_required", field="signed_on")


def _check_signed_parties(agreement: Agreement) -> None:
    if agreement.stage != Stage.DRAFT and agreement.party_count < MIN_SIGNED_PARTIES:
        raise InvalidInput(_("A signed agreement has at least two parties."), code="too_few_parties", field="parties")


def _set_parties(agreement: Agreement, parties: list[PartySpec]) -> None:
    """Replace the parties, keeping the rows (and so the commitments) of the parties that stay."""
    if len(parties) > MAX_PARTIES:
        raise InvalidInput(_("At most %(count)s parties.") % {"count": MAX_PARTIES}, code="too_many_parties",
                           field="parties")
    existing = list(agreement.parties.all())
    by_org = {party.organization_id: party for party in existing if party.organization_id}
    by_name = {party.name_ar: party for party in existing if not party.organization_id}
    kept: set[int] = set()
    seen_orgs: set[int] = set()
    for position, spec in enumerate(parties):
        name_ar = clean_text(spec.name_ar, field="parties", max_length=250)
        if spec.organization is None and not name_ar:
            raise InvalidInput(_("Choose the party's organisation or write its name."), code="party_unnamed",
                               field="parties")
        if spec.organization is not None:
            if spec.organization.pk in seen_orgs:
                raise InvalidInput(_("An organisation is a party only once."), code="party_repeated", field="parties")
            seen_orgs.add(spec.organization.pk)
            party = by_org.get(spec.organization.pk) or AgreementParty(agreement=agreement,
                                                                        organization=spec.organization)
            name_ar = ""
        else:
            party = by_name.get(name_ar) or AgreementParty(agreement=agreement)
        party.name_ar = name_ar
        party.name_en = clean_text(spec.name_en, field="parties", max_length=250) if not spec.organization else ""
        if spec.role not in PartyRole.values:
            raise InvalidInput(_("Choose a valid role."), code="invalid_role", field="parties")
        party.role = spec.role
        party.signatory_name = clean_text(spec.signatory_name, field="parties", max_length=200)
        party.signatory_title = clean_text(spec.signatory_title, field="parties", max_length=250)
        party.position = position
        party.save()
        kept.add(party.pk)
    if agreement.organization_id not in seen_orgs:
        raise InvalidInput(_("The organisation recording the agreement must be one of its parties."),
                           code="keeper_not_party", field="parties")
    for party in existing:
        if party.pk not in kept:
            if party.commitments.exists():
                raise InvalidInput(_("A party with commitments cannot be removed: remove its commitments first."),
                                   code="party_has_commitments", field="parties")
            party.delete()
    agreement._party_org_ids = frozenset(seen_orgs)


def refresh_counters(agreement: Agreement) -> None:
    """Recount what the lists read (parties, commitments, sectors) in the same transaction as the change."""
    parties = agreement.parties.select_related("organization")
    sectors = sorted({party.organization.sector for party in parties if party.organization is not None})
    counts = agreement.commitments.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=CommitmentStatus.DONE)))
    Agreement.objects.filter(pk=agreement.pk).update(
        party_count=len(parties), party_sectors=",".join(sectors),
        commitment_count=counts["total"], commitments_done=counts["done"])
    agreement.party_count = len(parties)
    agreement.party_sectors = ",".join(sectors)
    agreement.commitment_count, agreement.commitments_done = counts["total"], counts["done"]


def _save(agreement: Agreement, actor: "User") -> None:
    agreement._history_user = actor
    agreement.save()


@transaction.atomic
def agreement_create(*, actor: "User", organization: "Organization", data: dict[str, Any], parties: list[PartySpec],
                     axes=(), regions=(), initiatives=()) -> Agreement:
    require(actor, "partnerships.create_for_organization", organization)
    values = {name: data[name] for name in AGREEMENT_FIELDS if name in data}
    agreement = Agreement(organization=organization, created_by=actor, **values)
    agreement.stage = data.get("stage", Stage.DRAFT)
    if agreement.stage not in (Stage.DRAFT, Stage.SIGNED):
        raise InvalidInput(_("A new agreement is a draft or signed."), code="invalid_stage", field="stage")
    _clean_agreement(agreement)
    _save(agreement, actor)
    _set_parties(agreement, parties)
    refresh_counters(agreement)
    _check_signed_parties(agreement)
    agreement.axes.set(axes)
    agreement.regions.set(regions)
    agreement.initiatives.set(initiatives)
    search.index(SEARCH_KIND, agreement.pk, *agreement_search_texts(agreement))
    return agreement


@transaction.atomic
def agreement_update(*, actor: "User", agreement: Agreement, data: dict[str, Any], parties: list[PartySpec] | None = None,
                     axes=None, regions=None, initiatives=None) -> Agreement:
    require(actor, "partnerships.change_agreement", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    if "stage" in data and data["stage"] != agreement.stage:
        # Termination and renewal have their own services (they need a date and a reason or a new term).
        if {agreement.stage, data["stage"]} != {Stage.DRAFT, Stage.SIGNED}:
            raise InvalidInput(_("Use termination or renewal to end or renew an agreement."), code="invalid_stage",
                               field="stage")
        agreement.stage = data["stage"]
    _clean_agreement(agreement)
    _save(agreement, actor)
    if parties is not None:
        _set_parties(agreement, parties)
    refresh_counters(agreement)
    _check_signed_parties(agreement)
    if axes is not None:
        agreement.axes.set(axes)
    if regions is not None:
        agreement.regions.set(regions)
    if initiatives is not None:
        agreement.initiatives.set(initiatives)
    search.index(SEARCH_KIND, agreement.pk, *agreement_search_texts(agreement))
    return agreement


@transaction.atomic
def agreement_terminate(*, actor: "User", agreement: Agreement, terminated_on: datetime.date, reason: str) -> Agreement:
    require(actor, "partnerships.change_agreement", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.stage != Stage.SIGNED:
        raise InvalidInput(_("Only a signed agreement in force can be terminated."), code="not_terminable")
    if agreement.signed_on and terminated_on < agreement.signed_on:
        raise InvalidInput(_("The termination cannot be before the signing."), code="terminated_before_signed",
                           field="terminated_on")
    agreement.stage = Stage.TERMINATED
    agreement.terminated_on = terminated_on
    agreement.termination_reason = clean_text(reason, field="termination_reason", max_length=2000, min_length=3)
    _save(agreement, actor)
    return agreement


@transaction.atomic
def agreement_renew(*, actor: "User", agreement: Agreement, signed_on: datetime.date, ends_on: datetime.date,
                    title_ar: str = "") -> Agreement:
    """Renewal by the parties' decision: a new agreement (same parties, the open commitments carried over) that
    renews this one, which is then marked renewed."""
    require(actor, "partnerships.change_agreement", agreement)
    old = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if old.stage != Stage.SIGNED:
        raise InvalidInput(_("Only a signed agreement can be renewed."), code="not_renewable")
    starts_on = max(signed_on, (old.ends_on + datetime.timedelta(days=1)) if old.ends_on else signed_on)
    if ends_on <= starts_on:
        raise InvalidInput(_("The new term must end after it starts (%(date)s).") % {"date": starts_on.isoformat()},
                           code="end_before_start", field="ends_on")
    new = Agreement(
        organization=old.organization, created_by=actor, kind=old.kind, title_ar=title_ar or old.title_ar,
        title_en=old.title_en, objectives_ar=old.objectives_ar, objectives_en=old.objectives_en, stage=Stage.SIGNED,
        signed_on=signed_on, starts_on=starts_on, ends_on=ends_on, renewal=old.renewal, notice_days=old.notice_days,
        is_published=old.is_published, renews=old)
    _clean_agreement(new)
    _save(new, actor)
    party_map = {}
    for party in old.parties.all():
        old_pk = party.pk
        party.pk = None
        party.agreement = new
        party.save()
        party_map[old_pk] = party
    for commitment in old.commitments.filter(status__in=OPEN_COMMITMENT_STATUSES):
        commitment.pk = None
        commitment.agreement = new
        commitment.party = party_map[commitment.party_id]
        commitment.save()
    new.axes.set(old.axes.all())
    new.regions.set(old.regions.all())
    new.initiatives.set(old.initiatives.all())
    refresh_counters(new)
    old.stage = Stage.RENEWED
    _save(old, actor)
    search.index(SEARCH_KIND, new.pk, *agreement_search_texts(new))
    return new


@transaction.atomic
def agreement_unpublish(*, actor: "User", agreement: Agreement) -> Agreement:
    """A region coordinator's (or platform admin's) moderation: the agreement leaves the public register."""
    require(actor, "partnerships.moderate_agreement", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.is_published = False
    _save(agreement, actor)
    return agreement


@transaction.atomic
def agreement_delete(*, actor: "User", agreement: Agreement) -> None:
    """Only drafts are deleted: a signed agreement is ended by termination, so its record stays."""
    require(actor, "partnerships.change_agreement", agreement)
    if agreement.stage != Stage.DRAFT:
        raise InvalidInput(_("Only a draft can be deleted; terminate a signed agreement instead."),
                           code="not_deletable")
    files = [document.file for document in agreement.documents.all()]
    files += [update.evidence for update in CommitmentUpdate.objects.filter(commitment__agreement=agreement)
              if update.evidence]
    search.unindex(SEARCH_KIND, agreement.pk)
    agreement._history_user = actor
    agreement.delete()
    transaction.on_commit(partial(_delete_files, files))


def renew_automatically(*, agreement: Agreement) -> Agreement:
    """The alert job's part for automatic renewal: a lapsed term is extended by its own length (history says so)."""
    assert agreement.ends_on is not None  # a renewable agreement has an end (_clean_agreement)
    term = (agreement.ends_on - agreement.starts_on) if agreement.starts_on else datetime.timedelta(days=365)
    agreement.starts_on = agreement.ends_on + datetime.timedelta(days=1)
    agreement.ends_on = agreement.starts_on + term
    agreement._change_reason = "automatic renewal"
    agreement._history_user = None
    agreement.save()
    return agreement


# ---------------------------------------------------------------- commitments


def _clean_commitment(commitment: Commitment) -> None:
    commitment.title_ar = clean_text(commitment.title_ar, field="title_ar", max_length=400, min_length=3)
    commitment.title_en = clean_text(commitment.title_en, field="title_en", max_length=400)
    commitment.description = clean_text(commitment.description, field="description", max_length=4000)
    commitment.owner_name = clean_text(commitment.owner_name, field="owner_name", max_length=200)


@transaction.atomic
def commitment_create(*, actor: "User", agreement: Agreement, party: AgreementParty, data: dict[str, Any]) -> Commitment:
    """Commitments are part of what was agreed: the recording party enters them for every party."""
    require(actor, "partnerships.change_agreement", agreement)
    if party.agreement_id != agreement.pk:
        raise InvalidInput(_("Choose one of the agreement's parties."), code="party_not_in_agreement", field="party")
    commitment = Commitment(agreement=agreement, party=party,
                            **{name: data[name] for name in COMMITMENT_FIELDS if name in data})
    _clean_commitment(commitment)
    commitment._history_user = actor
    commitment.save()
    refresh_counters(agreement)
    return commitment


@transaction.atomic
def commitment_edit(*, actor: "User", commitment: Commitment, data: dict[str, Any],
                    party: AgreementParty | None = None) -> Commitment:
    require(actor, "partnerships.change_agreement", commitment.agreement)
    commitment = Commitment.objects.select_for_update().select_related("agreement").get(pk=commitment.pk)
    for name in COMMITMENT_FIELDS:
        if name in data:
            setattr(commitment, name, data[name])
    if party is not None:
        if party.agreement_id != commitment.agreement_id:
            raise InvalidInput(_("Choose one of the agreement's parties."), code="party_not_in_agreement",
                               field="party")
        commitment.party = party
    _clean_commitment(commitment)
    commitment._history_user = actor
    commitment.save()
    return commitment


@transaction.atomic
def commitment_delete(*, actor: "User", commitment: Commitment) -> None:
    require(actor, "partnerships.change_agreement", commitment.agreement)
    agreement = commitment.agreement
    files = [update.evidence for update in commitment.updates.all() if update.evidence]
    commitment._history_user = actor
    commitment.delete()
    refresh_counters(agreement)
    transaction.on_commit(partial(_delete_files, files))


@transaction.atomic
def commitment_update_add(*, actor: "User", commitment: Commitment, happened_on: datetime.date, note: str, status: str,
                          progress: int | None = None, evidence=None) -> CommitmentUpdate:
    """A dated progress note by the commitment's own party; the commitment takes its status and progress."""
    require(actor, "partnerships.follow_up_commitment", commitment)
    commitment = Commitment.objects.select_for_update().select_related("agreement", "party").get(pk=commitment.pk)
    if commitment.agreement.stage == Stage.DRAFT:
        raise InvalidInput(_("Follow-up starts once the agreement is signed."), code="agreement_draft")
    if status not in CommitmentStatus.values:
        raise InvalidInput(_("Choose a valid status."), code="invalid_status", field="status")
    if happened_on > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), code="date_in_future", field="happened_on")
    progress = 100 if status == CommitmentStatus.DONE else (commitment.progress if progress is None else progress)
    if not 0 <= progress <= 100:
        raise InvalidInput(_("Progress is a percentage from 0 to 100."), code="progress_out_of_range", field="progress")
    update = CommitmentUpdate(commitment=commitment, happened_on=happened_on, status=status, progress=progress,
                              note=clean_text(note, field="note", max_length=4000, min_length=3), author=actor)
    if evidence:
        try:
            update.evidence_type = validate_document_upload(evidence, max_bytes=ATTACHMENT_MAX_BYTES)
        except ValidationError as error:
            raise InvalidInput(error.messages[0], code=error.code or "invalid_file", field="evidence") from error
        update.evidence = evidence
    update.save()
    commitment.status = status
    commitment.progress = progress
    commitment.completed_on = happened_on if status == CommitmentStatus.DONE else None
    commitment._history_user = actor
    commitment.save(update_fields=["status", "progress", "completed_on", "updated_at"])
    refresh_counters(commitment.agreement)
    return update


# ---------------------------------------------------------------- documents and comments


@transaction.atomic
def document_add(*, actor: "User", agreement: Agreement, title: str, upload, is_public: bool = False) -> AgreementDocument:
    require(actor, "partnerships.change_agreement", agreement)
    try:
        content_type = validate_document_upload(upload, max_bytes=ATTACHMENT_MAX_BYTES)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], code=error.code or "invalid_file", field="file") from error
    return AgreementDocument.objects.create(
        agreement=agreement, title=clean_text(title, field="title", max_length=250, min_length=2), file=upload,
        content_type=content_type, size=upload.size, is_public=is_public, uploaded_by=actor)


@transaction.atomic
def document_delete(*, actor: "User", document: AgreementDocument) -> None:
    require(actor, "partnerships.change_agreement", document.agreement)
    stored = document.file
    document.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def comment_add(*, actor: "User", agreement: Agreement, body: str) -> AgreementComment:
    require(actor, "partnerships.comment_agreement", agreement)
    roles = roles_of(actor).by_organization
    on_behalf = next((org_id for org_id in sorted(party_organization_ids(agreement))
                      if roles.get(org_id) in STAFF_ROLES), None)
    return AgreementComment.objects.create(agreement=agreement, author=actor, organization_id=on_behalf,
                                           body=clean_text(body, field="body", max_length=4000, min_length=2))


@transaction.atomic
def comment_delete(*, actor: "User", comment: AgreementComment) -> None:
    if comment.author_id != getattr(actor, "pk", None):
        require(actor, "partnerships.moderate_agreement", comment.agreement)
    if not comment.agreement_id:
        raise NotPermitted()
    comment.delete()
