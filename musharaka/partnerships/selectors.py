"""Reads of partnership agreements: visibility, the status in SQL, the register's filters and rows."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from musharaka.core import search
from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.roles import roles_of

from .models import OPEN_COMMITMENT_STATUSES, Agreement, AgreementStatus, Commitment, Stage
from .services import SEARCH_KIND


def party_condition(organization_ids) -> Q:
    """Agreements with one of these organisations among their parties (a semi-join over the parties' index)."""
    from .models import AgreementParty

    return Q(pk__in=AgreementParty.objects.filter(organization_id__in=organization_ids).values("agreement_id"))


def visible_agreements(user) -> QuerySet[Agreement]:
    """Published agreements; those of the person's organisations (drafts too); past the draft stage, those
    recorded by organisations of the regions they coordinate. Platform admins see all."""
    agreements = Agreement.objects.all()
    if is_platform_admin(user):
        return agreements
    roles = roles_of(user)
    condition = Q(is_published=True) & ~Q(stage=Stage.DRAFT)
    if roles.by_organization:
        condition |= party_condition(list(roles.by_organization))
    if roles.coordinated_regions:
        condition |= Q(organization__region_id__in=list(roles.coordinated_regions)) & ~Q(stage=Stage.DRAFT)
    return agreements.filter(condition)


def status_q(status: str, today: datetime.date) -> Q:
    """The SQL twin of models.derive_status: agreements whose status is `status` on `today`."""
    signed = Q(stage=Stage.SIGNED)
    started = Q(starts_on__isnull=True) | Q(starts_on__lte=today)
    not_ended = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    if status == AgreementStatus.SIGNED:
        return signed & Q(starts_on__gt=today)
    if status == AgreementStatus.EXPIRED:
        return signed & started & Q(ends_on__lt=today)
    if status == AgreementStatus.EXPIRING:
        return signed & started & not_ended & Q(notice_starts_on__lte=today)
    if status == AgreementStatus.ACTIVE:
        return signed & started & not_ended & (Q(notice_starts_on__isnull=True) | Q(notice_starts_on__gt=today))
    return Q(stage=status)  # draft, terminated, renewed


@dataclass(frozen=True)
class AgreementFilters:
    q: str = ""
    kind: str = ""
    status: str = ""
    sector: str = ""  # orgs.Sector: one of the parties is of this sector
    region: int | None = None  # geo.Region: covered by the agreement
    axis: str = ""  # taxonomy.Axis code
    expiring_within: int | None = None  # days: in force and ending within this many days
    organization: int | None = None  # one of the parties
    event: int | None = None


def filtered_agreements(user, filters: AgreementFilters, *, today: datetime.date | None = None) -> QuerySet[Agreement]:
    today = today or timezone.localdate()
    agreements = visible_agreements(user)
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.status:
        agreements = agreements.filter(status_q(filters.status, today))
    if filters.sector:
        # party_sectors is the sorted, comma-joined set kept on write: match a whole item only.
        agreements = agreements.filter(Q(party_sectors=filters.sector) | Q(party_sectors__startswith=f"{filters.sector},")
                                       | Q(party_sectors__endswith=f",{filters.sector}")
                                       | Q(party_sectors__contains=f",{filters.sector},"))
    if filters.region:
        agreements = agreements.filter(regions=filters.region)
    if filters.axis:
        agreements = agreements.filter(axes__code=filters.axis)
    if filters.organization:
        agreements = agreements.filter(party_condition([filters.organization]))
    if filters.event:
        agreements = agreements.filter(event_id=filters.event)
    if filters.expiring_within is not None:
        agreements = agreements.filter(stage=Stage.SIGNED, ends_on__gte=today,
                                       ends_on__lte=today + datetime.timedelta(days=filters.expiring_within))
    if filters.q:
        agreements = search.matching(agreements, kind=SEARCH_KIND, query=filters.q)
    return agreements


LIST_FIELDS = (
    "id", "kind", "title_ar", "title_en", "stage", "signed_on", "starts_on", "ends_on", "notice_starts_on",
    "renewal", "is_published", "party_count", "commitment_count", "commitments_done", "party_sectors",
    "organization_id", "organization__name_ar", "organization__name_en", "event_id", "event__title_ar",
    "event__title_en", "updated_at",
)


def agreement_rows(queryset: QuerySet[Agreement], *, today: datetime.date | None = None) -> list[dict]:
    """The register's rows as dicts (no model instance per row), each with its derived status."""
    from .models import derive_status

    today = today or timezone.localdate()
    rows = list(queryset.values(*LIST_FIELDS))
    for row in rows:
        row["status"] = derive_status(stage=row["stage"], starts_on=row["starts_on"], ends_on=row["ends_on"],
                                      notice_starts_on=row["notice_starts_on"], today=today)
    return rows


def overdue_commitments(*, today: datetime.date | None = None) -> QuerySet[Commitment]:
    today = today or timezone.localdate()
    return Commitment.objects.filter(status__in=OPEN_COMMITMENT_STATUSES, due_on__lt=today,
                                     agreement__stage=Stage.SIGNED)
