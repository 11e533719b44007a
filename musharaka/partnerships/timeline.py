"""An agreement's timeline, as its page tells it: signed → its commitments (by due date) → their progress updates →
how it ended or goes on (renewal, termination, expiry).

The phases come in that order whatever the dates say (a commitment due before the signing still reads after it), so
that the page reads as the life of the agreement; within a phase, entries are in date order.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Agreement, AgreementStatus, Commitment, CommitmentUpdate, Stage

SIGNED, COMMITMENTS, UPDATES, END = range(4)


@dataclass(frozen=True)
class TimelineEntry:
    phase: int
    kind: str  # signed, in_force, commitment, update, notice, renewed, terminated, expired, ends
    date: datetime.date | None
    title: str
    detail: str = ""
    overdue: bool = False
    agreement_id: int | None = None  # the renewal agreement, for "renewed"


def _by_date(entry: TimelineEntry) -> tuple:
    # Undated entries (a commitment without a due date) close their phase.
    return (entry.phase, entry.date is None, entry.date or datetime.date.min)


def agreement_timeline(agreement: Agreement, today: datetime.date, *, commitments: list[Commitment] | None = None,
                       updates: list[CommitmentUpdate] | None = None,
                       renewals: list[Agreement] | None = None) -> list[TimelineEntry]:
    """The entries of `agreement`'s timeline. The page passes what it has already read (commitments with their
    updates, the renewals) so that the timeline costs no query of its own."""
    if commitments is None:
        commitments = list(agreement.commitments.select_related("party", "party__organization"))
    if updates is None:
        updates = [update for commitment in commitments for update in commitment.updates.all()]
    if renewals is None:
        renewals = list(agreement.renewals.all())
    titles = {commitment.pk: commitment.title_ar for commitment in commitments}
    entries: list[TimelineEntry] = []
    if agreement.signed_on:
        entries.append(TimelineEntry(SIGNED, "signed", agreement.signed_on, _("Signed"),
                                     agreement.signed_place))
    if agreement.starts_on and agreement.stage != Stage.DRAFT:
        entries.append(TimelineEntry(SIGNED, "in_force", agreement.starts_on, _("In force")))
    for commitment in commitments:
        entries.append(TimelineEntry(COMMITMENTS, "commitment", commitment.due_on, commitment.title_ar,
                                     str(commitment.party), overdue=commitment.is_overdue(today)))
    for update in updates:
        entries.append(TimelineEntry(UPDATES, "update", update.happened_on, titles.get(update.commitment_id, ""),
                                     update.note))
    status = agreement.status(today)
    if agreement.stage == Stage.TERMINATED:
        entries.append(TimelineEntry(END, "terminated", agreement.terminated_on, _("Terminated"),
                                     agreement.termination_reason))
    elif agreement.stage == Stage.RENEWED:
        for renewal in renewals:
            entries.append(TimelineEntry(END, "renewed", renewal.signed_on, _("Renewed"), renewal.title_ar,
                                         agreement_id=renewal.pk))
        if not renewals:
            entries.append(TimelineEntry(END, "renewed", agreement.ends_on, _("Renewed")))
    elif agreement.stage == Stage.SIGNED and agreement.ends_on:
        if agreement.notice_starts_on and agreement.notice_starts_on < agreement.ends_on:
            entries.append(TimelineEntry(END, "notice", agreement.notice_starts_on, _("Notice period starts")))
        if status == AgreementStatus.EXPIRED:
            entries.append(TimelineEntry(END, "expired", agreement.ends_on, _("Expired")))
        else:
            entries.append(TimelineEntry(END, "ends", agreement.ends_on, _("Ends")))
    return sorted(entries, key=_by_date)
