"""The daily partnership alerts (run by the task in tasks.py, enqueued from cron by `send_partnership_alerts`).

1. Agreements that have entered their notice period: the admins of every party on the platform are told the end
   date and what happens then (the renewal mode).
2. Overdue commitments: the admins of the commitment's own party (of the recording party when that party is not
   on the platform) and the commitment's responsible member.
3. Lapsed agreements renewed automatically: extended by their own term (as many terms as cover today), and the
   parties' admins told.

Nothing is sent twice. Each alert first claims its `PartnershipAlert.key` ("notice:<agreement>:<notice start>",
"overdue:<commitment>:<due date>") in the transaction that writes its notifications and queues its mail: a
second run finds the key taken; two runs at once meet on the unique key, the second waits for the first's commit
and then skips. A changed end or due date is a new key, hence a new alert. An automatic renewal is its own
proof: the agreement's row is locked and its end date checked again in the transaction that renews it and
tells the parties, so a second run finds it in force.

The candidates are read in chunks by primary key; per chunk, one query for the keys already taken, one for the
parties and one for their admins, so the cost grows with the alerts to send, not with the register's size.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from musharaka.core.dates import dual_date
from musharaka.notifications.services import notify
from musharaka.orgs.models import Membership, Role

from . import services
from .models import Agreement, AgreementParty, AgreementStatus, AlertKind, PartnershipAlert, Renewal, Stage
from .selectors import overdue_commitments, status_q

logger = logging.getLogger(__name__)

CHUNK = 500
MAX_TERMS_PER_RUN = 50


@dataclass
class AlertReport:
    notices: int = 0  # agreements whose notice period was announced
    overdue: int = 0  # overdue commitments announced
    renewed: int = 0  # agreements renewed automatically
    notifications: int = 0  # in-app notifications written (one e-mail each for people with an address)


def notice_key(agreement_id: int, notice_starts_on: datetime.date) -> str:
    return f"{AlertKind.NOTICE_PERIOD}:{agreement_id}:{notice_starts_on.isoformat()}"


def overdue_key(commitment_id: int, due_on: datetime.date) -> str:
    return f"{AlertKind.OVERDUE_COMMITMENT}:{commitment_id}:{due_on.isoformat()}"


def agreement_url(agreement_id: int) -> str:
    return reverse("partnerships:detail", kwargs={"agreement_id": agreement_id})


def send_partnership_alerts(*, today: datetime.date) -> AlertReport:
    report = AlertReport()
    # Renewals first: a renewed agreement is in force again, and its new notice period is a later alert.
    _renew_lapsed(today, report)
    _announce_notice_periods(today, report)
    _announce_overdue(today, report)
    logger.info("partnership alerts for %s: %s", today.isoformat(), report)
    return report


# ---------------------------------------------------------------- reading in chunks


def _chunks(queryset: QuerySet, fields: tuple[str, ...]) -> Iterator[list[dict]]:
    """Rows of `queryset` as dicts, CHUNK at a time, by increasing primary key (keyset pagination: rows that
    another run changes meanwhile neither shift nor repeat the chunks)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values("pk", *fields)[:CHUNK])
        if rows:
            yield rows
        if len(rows) < CHUNK:
            return
        last = rows[-1]["pk"]


def _admins_by_organization(organization_ids) -> dict[int, list]:
    """The active admins of these organisations, one query (inactive people are dropped by notify too)."""
    admins: dict[int, list] = defaultdict(list)
    memberships = (Membership.objects.filter(organization_id__in=set(organization_ids), role=Role.ADMIN,
                                             user__is_active=True).select_related("user").order_by("pk"))
    for membership in memberships:
        admins[membership.organization_id].append(membership.user)
    return admins


def _parties_by_agreement(agreement_ids) -> dict[int, list[int]]:
    parties: dict[int, list[int]] = defaultdict(list)
    rows = (AgreementParty.objects.filter(agreement_id__in=agreement_ids, organization__isnull=False)
            .order_by("position", "pk").values_list("agreement_id", "organization_id"))
    for agreement_id, organization_id in rows:
        parties[agreement_id].append(organization_id)
    return parties


def _party_admins(agreement_ids) -> dict[int, list]:
    """For each agreement, the admins of its parties on the platform."""
    parties = _parties_by_agreement(agreement_ids)
    admins = _admins_by_organization(org_id for org_ids in parties.values() for org_id in org_ids)
    return {agreement_id: [user for org_id in org_ids for user in admins.get(org_id, [])]
            for agreement_id, org_ids in parties.items()}


def _claim(**fields) -> PartnershipAlert | None:
    """Take the alert's key, or None when a run (this one before, or another at the same time) has it. Called
    inside the alert's transaction: the key is taken exactly when its notifications are committed."""
    try:
        with transaction.atomic():
            return PartnershipAlert.objects.create(**fields)
    except IntegrityError:
        return None


def _taken(keys: list[str]) -> set[str]:
    return set(PartnershipAlert.objects.filter(key__in=keys).values_list("key", flat=True))


# ---------------------------------------------------------------- 1. notice periods


def _renewal_text(renewal: str, ends_on: datetime.date) -> str:
    if renewal == Renewal.AUTOMATIC:
        return _("It is renewed automatically for the same term on %(date)s unless the parties decide otherwise "
                 "before then.") % {"date": dual_date(ends_on + datetime.timedelta(days=1))}
    if renewal == Renewal.BY_DECISION:
        return _("It is renewed only by the parties' decision: record the renewal before it ends if it is to "
                 "continue.")
    return _("It is not renewable: agree with the other parties on closing its open commitments.")


def _announce_notice_periods(today: datetime.date, report: AlertReport) -> None:
    candidates = Agreement.objects.filter(status_q(AgreementStatus.EXPIRING, today))
    for rows in _chunks(candidates, ("title_ar", "ends_on", "notice_starts_on", "renewal")):
        for row in rows:
            row["key"] = notice_key(row["pk"], row["notice_starts_on"])
        taken = _taken([row["key"] for row in rows])
        rows = [row for row in rows if row["key"] not in taken]
        if not rows:
            continue
        recipients = _party_admins([row["pk"] for row in rows])
        for row in rows:
            with transaction.atomic():
                alert = _claim(kind=AlertKind.NOTICE_PERIOD, key=row["key"], agreement_id=row["pk"])
                if alert is None:
                    continue
                alert.recipients = notify(
                    users=recipients.get(row["pk"], []),
                    title_for=lambda row=row: _("The agreement “%(title)s” has entered its notice period") % {
                        "title": row["title_ar"]},
                    body_for=lambda row=row: _("It ends on %(date)s. %(renewal)s") % {
                        "date": dual_date(row["ends_on"]), "renewal": _renewal_text(row["renewal"], row["ends_on"])},
                    url=agreement_url(row["pk"]))
                alert.save(update_fields=["recipients"])
            report.notices += 1
            report.notifications += alert.recipients


# ---------------------------------------------------------------- 2. overdue commitments


def _announce_overdue(today: datetime.date, report: AlertReport) -> None:
    from musharaka.accounts.models import User

    fields = ("title_ar", "due_on", "owner_id", "agreement_id", "agreement__title_ar", "agreement__organization_id",
              "party__organization_id")
    for rows in _chunks(overdue_commitments(today=today), fields):
        for row in rows:
            row["key"] = overdue_key(row["pk"], row["due_on"])
            # A party not on the platform is followed up by the party that recorded the agreement.
            row["answerable"] = row["party__organization_id"] or row["agreement__organization_id"]
        taken = _taken([row["key"] for row in rows])
        rows = [row for row in rows if row["key"] not in taken]
        if not rows:
            continue
        admins = _admins_by_organization(row["answerable"] for row in rows)
        owners = User.objects.in_bulk({row["owner_id"] for row in rows if row["owner_id"]})
        for row in rows:
            users = [*admins.get(row["answerable"], []), owners.get(row["owner_id"])]
            with transaction.atomic():
                alert = _claim(kind=AlertKind.OVERDUE_COMMITMENT, key=row["key"], agreement_id=row["agreement_id"],
                               commitment_id=row["pk"])
                if alert is None:
                    continue
                alert.recipients = notify(
                    users=users,
                    title_for=lambda row=row: _("Overdue commitment: %(title)s") % {"title": row["title_ar"]},
                    body_for=lambda row=row: _("It was due on %(date)s under the agreement “%(agreement)s”. Record "
                                               "its progress, or agree on a new date.") % {
                        "date": dual_date(row["due_on"]), "agreement": row["agreement__title_ar"]},
                    url=agreement_url(row["agreement_id"]))
                alert.save(update_fields=["recipients"])
            report.overdue += 1
            report.notifications += alert.recipients


# ---------------------------------------------------------------- 3. automatic renewals


def _renew_lapsed(today: datetime.date, report: AlertReport) -> None:
    lapsed = Agreement.objects.filter(stage=Stage.SIGNED, renewal=Renewal.AUTOMATIC, ends_on__lt=today)
    for rows in _chunks(lapsed, ()):
        ids = [row["pk"] for row in rows]
        recipients = _party_admins(ids)
        for agreement_id in ids:
            with transaction.atomic():
                agreement = Agreement.objects.select_for_update().filter(pk=agreement_id).first()
                # Checked again under the lock: another run may have renewed it (or a person ended it) meanwhile.
                if agreement is None or not (agreement.stage == Stage.SIGNED and agreement.renewal == Renewal.AUTOMATIC
                                             and agreement.ends_on and agreement.ends_on < today):
                    continue
                # A job that did not run for a while (or an agreement entered late) catches up term by term, each
                # in the agreement's history; a term of a few days long lapsed goes on at the next run.
                for _term in range(MAX_TERMS_PER_RUN):
                    services.renew_automatically(agreement=agreement)
                    if agreement.ends_on >= today:
                        break
                report.notifications += notify(
                    users=recipients.get(agreement_id, []),
                    title_for=lambda agreement=agreement: _("The agreement “%(title)s” was renewed automatically") % {
                        "title": agreement.title_ar},
                    body_for=lambda agreement=agreement: _("Its new term runs from %(start)s to %(end)s.") % {
                        "start": dual_date(agreement.starts_on), "end": dual_date(agreement.ends_on)},
                    url=agreement_url(agreement_id))
            report.renewed += 1
