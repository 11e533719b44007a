"""Partnership agreements (MoUs, cooperation agreements, contracts, letters of intent), their parties, the
commitments each party made, and the dated follow-up of those commitments.

An agreement's status is derived from its dates where it can be (signed → active → expiring → expired), so it
never goes stale; only what a person decides is stored (`stage`: draft, signed, terminated, renewed).
`notice_starts_on` (end date minus the notice period) is kept on write so that "expiring" and "expiring within
N days" are plain indexed date comparisons at national scale.
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from musharaka.core.files import private_storage, protected_file_url
from musharaka.core.models import TimeStampedModel

if TYPE_CHECKING:
    from musharaka.accounts.models import User


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    COOPERATION = "cooperation", _("Cooperation agreement")
    CONTRACT = "contract", _("Contract")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")


class Renewal(models.TextChoices):
    NONE = "none", _("Not renewable")
    AUTOMATIC = "automatic", _("Renewed automatically")
    BY_DECISION = "by_decision", _("Renewed by the parties' decision")


class Stage(models.TextChoices):
    """What people decided. The status shown (AgreementStatus) adds what the dates say."""

    DRAFT = "draft", pgettext_lazy("agreement", "Draft")
    SIGNED = "signed", pgettext_lazy("agreement", "Signed")
    TERMINATED = "terminated", pgettext_lazy("agreement", "Terminated")
    RENEWED = "renewed", pgettext_lazy("agreement", "Renewed")  # superseded by a renewal agreement


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement", "Draft")
    SIGNED = "signed", pgettext_lazy("agreement", "Signed, not yet in force")
    ACTIVE = "active", pgettext_lazy("agreement", "Active")
    EXPIRING = "expiring", pgettext_lazy("agreement", "In its notice period")
    EXPIRED = "expired", pgettext_lazy("agreement", "Expired")
    TERMINATED = "terminated", pgettext_lazy("agreement", "Terminated")
    RENEWED = "renewed", pgettext_lazy("agreement", "Renewed")


DEFAULT_NOTICE_DAYS = 90


def sector_list(party_sectors: str) -> list[str]:
    """The sectors in Agreement.party_sectors (sorted, comma-joined, kept on write) as a list."""
    return [sector for sector in party_sectors.split(",") if sector]


def derive_status(*, stage: str, starts_on: datetime.date | None, ends_on: datetime.date | None,
                  notice_starts_on: datetime.date | None, today: datetime.date) -> str:
    """The status a person sees, from the stored stage and the dates (selectors.status_q is its SQL twin)."""
    if stage != Stage.SIGNED:
        return stage  # draft, terminated and renewed are decisions, not dates
    if starts_on and today < starts_on:
        return AgreementStatus.SIGNED
    if ends_on and today > ends_on:
        return AgreementStatus.EXPIRED
    if notice_starts_on and today >= notice_starts_on:
        return AgreementStatus.EXPIRING
    return AgreementStatus.ACTIVE


class Agreement(TimeStampedModel):
    # The party that keeps the record (it entered it): its admins and editors edit the agreement. Named
    # `organization` so that the organisation predicates (orgs.rules) read it as they are.
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="kept_agreements",
                                     verbose_name=_("recorded by"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices, default=AgreementKind.MOU)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    objectives_ar = models.TextField(_("objectives (Arabic)"), blank=True, max_length=8000)
    objectives_en = models.TextField(_("objectives (English)"), blank=True, max_length=8000)
    axes = models.ManyToManyField("taxonomy.Axis", related_name="agreements", blank=True, verbose_name=_("axes"))
    regions = models.ManyToManyField("geo.Region", related_name="agreements", blank=True,
                                     verbose_name=_("regions covered"))

    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(_("place of signing"), max_length=250, blank=True)
    # As the press writes it: "بحضور معالي نائب وزير الشؤون البلدية والقروية والإسكان".
    signed_before = models.CharField(_("signed in the presence of"), max_length=300, blank=True)
    event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="partnership_agreements", verbose_name=_("signed at the event"))
    session = models.ForeignKey("events.Session", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="partnership_agreements", verbose_name=_("signing session"))
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    renewal = models.CharField(_("renewal"), max_length=12, choices=Renewal.choices, default=Renewal.NONE)
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=DEFAULT_NOTICE_DAYS,
        help_text=_("How long before the end the parties must decide on renewal or end."))
    # ends_on - notice_days, kept on write (see save): "expiring" is then an indexed comparison.
    notice_starts_on = models.DateField(null=True, blank=True, editable=False)
    renews = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewals",
                               verbose_name=_("renews the agreement"))
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True, max_length=2000)

    is_published = models.BooleanField(pgettext_lazy("agreement", "published"), default=False,
                                       help_text=_("Published agreements are public; their documents stay private "
                                                   "unless each is marked public."))
    initiatives = models.ManyToManyField("initiatives.Initiative", related_name="agreements", blank=True,
                                         verbose_name=_("linked initiatives"))

    # Kept on write by the services, read by every list and the network.
    party_count = models.PositiveSmallIntegerField(default=0)
    commitment_count = models.PositiveIntegerField(default=0)
    commitments_done = models.PositiveIntegerField(default=0)
    # The sorted, distinct sectors of the parties, comma-joined ("authority,nonprofit"): filter by sector and
    # count sector pairs without joining parties and organisations.
    party_sectors = models.CharField(max_length=120, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at", "party_count", "commitment_count",
                                                 "commitments_done", "party_sectors"])
    _history_user: "User | None"
    _change_reason: str
    _party_org_ids: frozenset[int]  # rules.party_organization_ids keeps it on the instance

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [
            models.Index(fields=["is_published", "stage", "signed_on"], name="agreement_public_signed"),
            models.Index(fields=["kind", "signed_on"], name="agreement_kind_signed"),
            models.Index(fields=["stage", "notice_starts_on"], name="agreement_stage_notice"),
            models.Index(fields=["stage", "ends_on"], name="agreement_stage_end"),
            models.Index(fields=["event"], name="agreement_event"),
            models.Index(fields=["organization", "signed_on"], name="agreement_keeper_signed"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__isnull=True) | models.Q(starts_on__isnull=True)
                                   | models.Q(ends_on__gte=models.F("starts_on")), name="agreement_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.title_ar

    def save(self, *args, **kwargs) -> None:
        self.notice_starts_on = (self.ends_on - datetime.timedelta(days=self.notice_days)) if self.ends_on else None
        if kwargs.get("update_fields") is not None and "ends_on" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "notice_starts_on"}
        super().save(*args, **kwargs)

    def status(self, today: datetime.date) -> str:
        return derive_status(stage=self.stage, starts_on=self.starts_on, ends_on=self.ends_on,
                             notice_starts_on=self.notice_starts_on, today=today)


class PartyRole(models.TextChoices):
    FIRST_PARTY = "first_party", _("First party")
    SECOND_PARTY = "second_party", _("Second party")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementing party")
    SUPERVISOR = "supervisor", _("Supervising party")


class AgreementParty(TimeStampedModel):
    """One party to an agreement: an organisation on the platform, or (from the press) one that is not yet,
    named in `name_ar` (its commitments are then followed up by the parties on the platform)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="agreement_parties", verbose_name=_("organisation"))
    name_ar = models.CharField(_("name, if not on the platform (Arabic)"), max_length=250, blank=True)
    name_en = models.CharField(_("name, if not on the platform (English)"), max_length=250, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTNER)
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organization"], name="agreement_party_unique",
                                    condition=models.Q(organization__isnull=False)),
            models.CheckConstraint(condition=models.Q(organization__isnull=False) | ~models.Q(name_ar=""),
                                   name="agreement_party_named"),
        ]
        indexes = [models.Index(fields=["organization", "agreement"], name="agreement_party_org")]

    def __str__(self) -> str:
        return self.name_ar or str(self.organization)


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Fulfilled")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", pgettext_lazy("commitment", "Cancelled")


# A commitment past its due date in one of these statuses is overdue.
OPEN_COMMITMENT_STATUSES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS, CommitmentStatus.DELAYED)


class Commitment(TimeStampedModel):
    """What one party undertook, by when, and who answers for it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="commitments",
                              verbose_name=_("party"))
    title_ar = models.CharField(_("commitment (Arabic)"), max_length=400)
    title_en = models.CharField(_("commitment (English)"), max_length=400, blank=True)
    description = models.TextField(_("details"), blank=True, max_length=4000)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    owner_name = models.CharField(_("responsible person or unit"), max_length=200, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="partnership_commitments", verbose_name=_("responsible member"))
    status = models.CharField(_("status"), max_length=12, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.PLANNED)
    _history_user: "User | None"
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completed_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_on", "position", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["agreement", "party"], name="commitment_agreement_party"),
            models.Index(fields=["status", "due_on"], name="commitment_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="commitment_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.title_ar

    def is_overdue(self, today: datetime.date) -> bool:
        return bool(self.due_on and self.due_on < today and self.status in OPEN_COMMITMENT_STATUSES)


class CommitmentUpdate(models.Model):
    """A dated note on a commitment's progress, with its evidence (a private file of the parties)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("what was done"), max_length=4000)
    status = models.CharField(_("status after this update"), max_length=12, choices=CommitmentStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    evidence = models.FileField(_("evidence"), upload_to="partnerships/evidence/%Y/", storage=private_storage,
                                blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["commitment", "happened_on"], name="commitment_update_date")]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.happened_on}"

    @property
    def evidence_url(self) -> str:
        return protected_file_url("partnerships:evidence", self.evidence, agreement_id=self.commitment.agreement_id,
                                  update_id=self.pk)


class AgreementDocument(models.Model):
    """The signed text, annexes, minutes: private to the parties unless marked public on a published agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to="partnerships/documents/%Y/", storage=private_storage)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    is_public = models.BooleanField(_("public when the agreement is published"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return protected_file_url("partnerships:document", self.file, agreement_id=self.agreement_id,
                                  document_id=self.pk)


class AgreementComment(models.Model):
    """A party's note on the agreement, seen by the parties (not the public)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name=_("on behalf of"))
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["agreement", "created_at"], name="agreement_comment_date")]

    def __str__(self) -> str:
        return self.body[:60]


class AlertKind(models.TextChoices):
    NOTICE_PERIOD = "notice", _("Agreement entering its notice period")
    OVERDUE_COMMITMENT = "overdue", _("Overdue commitment")


class PartnershipAlert(models.Model):
    """One alert sent (to all the recipients at once). The unique key is what makes the daily job idempotent:
    a second run, or two runs at once, find the key taken and send nothing."""

    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    # "notice:<agreement id>:<notice start date>" or "overdue:<commitment id>:<due date>": a new end or due date
    # is a new alert, the same one never twice.
    key = models.CharField(max_length=80, unique=True)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="alerts")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts")
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.key
