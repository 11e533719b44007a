"""Award programmes and their yearly cycles: categories with weighted criteria, applications (usually with an
initiative from the registry), the jury (judges invited per cycle, panels per category and round), scoresheets,
and the results (winners, certificates, the people's choice).

The arithmetic lives in `scoring.py` (pure functions, hand-checked in the tests); what it produces is kept on
write in RoundEntry and Scoresheet, so that the judge's queue, the organiser's board and the results page read
rows rather than recompute.
"""

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from musharaka.core.files import private_storage
from musharaka.core.models import TimeStampedModel

if TYPE_CHECKING:
    from musharaka.accounts.models import User

MAX_SCORE = 10  # every criterion is scored on 0–10
WEIGHT_TOTAL = 100  # a category's criteria weigh 100 together
MAX_JUDGES_PER_APPLICATION = 15
MAX_WINNERS = 3


class Programme(TimeStampedModel):
    """An award run by an organiser year after year (e.g. the regional development award)."""

    # Named `organization` so that the organisation predicates (orgs.rules) read it as they are.
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="award_programmes",
                                     verbose_name=_("organiser"))
    name_ar = models.CharField(_("name (Arabic)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=8000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=8000)
    eligibility_ar = models.TextField(_("eligibility rules (Arabic)"), blank=True, max_length=8000)
    eligibility_en = models.TextField(_("eligibility rules (English)"), blank=True, max_length=8000)
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="award_programmes", verbose_name=_("region"),
                               help_text=_("Leave empty for a national award."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name_ar", "pk"]
        verbose_name = _("award programme")
        verbose_name_plural = _("award programmes")

    def __str__(self) -> str:
        return self.name_ar


class CycleStage(models.TextChoices):
    """The phases in order; the organiser moves a cycle from one to the next (services.cycle_advance)."""

    DRAFT = "draft", pgettext_lazy("award cycle", "Being prepared")
    NOMINATIONS = "nominations", _("Nominations")
    ELIGIBILITY = "eligibility", _("Eligibility check")
    JUDGING = "judging", _("Judging")
    DELIBERATION = "deliberation", _("Deliberation")
    PUBLISHED = "published", _("Results published")


STAGE_ORDER = [stage.value for stage in CycleStage]


class Cycle(TimeStampedModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cycles",
                                  verbose_name=_("programme"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True,
                                help_text=_("E.g. the fifth edition. The programme's name and the year are shown "
                                            "anyway."))
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    stage = models.CharField(_("phase"), max_length=12, choices=CycleStage.choices, default=CycleStage.DRAFT)
    # The deadline is a moment, kept to the second, in the platform's time zone when typed on a page.
    nominations_open_at = models.DateTimeField(_("nominations open"))
    nominations_close_at = models.DateTimeField(_("nominations close"))
    # The planned dates of the later phases, shown on the timeline; the organiser moves the phase itself.
    eligibility_until = models.DateField(_("eligibility check until"), null=True, blank=True)
    judging_until = models.DateField(_("judging until"), null=True, blank=True)
    deliberation_until = models.DateField(_("deliberation until"), null=True, blank=True)
    results_on = models.DateField(_("results announced on"), null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    blind_judging = models.BooleanField(_("blind judging"), default=False,
                                        help_text=_("Judges do not see who applied."))
    feedback_to_applicants = models.BooleanField(
        _("feedback to applicants"), default=True,
        help_text=_("With the results, each applicant reads the judges' comments, without their names."))
    people_choice = models.BooleanField(_("people's choice vote"), default=False,
                                        help_text=_("Signed-in people vote for one application per category; the "
                                                    "vote is shown apart from the jury's ranking."))
    people_choice_open = models.BooleanField(_("people's choice vote open"), default=False)

    # Kept on write by the services.
    application_count = models.PositiveIntegerField(default=0)  # submitted or later, never drafts
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at", "application_count"])
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="awards_one_cycle_per_programme_year"),
            models.CheckConstraint(condition=Q(nominations_close_at__gt=models.F("nominations_open_at")),
                                   name="awards_cycle_closes_after_opening"),
        ]
        indexes = [models.Index(fields=["stage", "-year"], name="awards_cycle_stage_year")]

    def __str__(self) -> str:
        return f"{self.programme.name_ar} {self.year}"

    @property
    def organization_id(self) -> int:
        return self.programme.organization_id

    def is_at_or_after(self, stage: str) -> bool:
        return STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(stage)


class CategoryKind(models.TextChoices):
    INITIATIVE = "initiative", _("Best initiative")
    PARTNERSHIP = "partnership", _("Best partnership")
    VOLUNTEER_TEAM = "volunteer_team", _("Best volunteer team")
    OTHER = "other", pgettext_lazy("award category", "Other")


class Category(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="categories", verbose_name=_("cycle"))
    kind = models.CharField(_("kind"), max_length=16, choices=CategoryKind.choices, default=CategoryKind.INITIATIVE)
    name_ar = models.CharField(_("name (Arabic)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=4000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=4000)
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("development axis"))
    needs_initiative = models.BooleanField(_("applications name an initiative"), default=True)
    allows_residents = models.BooleanField(_("residents may apply"), default=False,
                                           help_text=_("Otherwise only organisations apply."))
    judges_per_application = models.PositiveSmallIntegerField(
        _("judges per application"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_JUDGES_PER_APPLICATION)])
    winner_places = models.PositiveSmallIntegerField(
        _("places awarded"), default=3, validators=[MinValueValidator(1), MaxValueValidator(MAX_WINNERS)],
        help_text=_("1 for a single winner, 3 for first to third."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cycle", "position", "pk"]
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")

    def __str__(self) -> str:
        return self.name_ar


class Criterion(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="criteria")
    name_ar = models.CharField(_("name (Arabic)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    guidance_ar = models.TextField(_("guidance (Arabic)"), blank=True, max_length=2000)
    guidance_en = models.TextField(_("guidance (English)"), blank=True, max_length=2000)
    weight = models.PositiveSmallIntegerField(_("weight (%)"),
                                              validators=[MinValueValidator(1), MaxValueValidator(WEIGHT_TOTAL)])
    # What each level of the 0–10 scale means: {"0": {"ar": "…", "en": "…"}, …, "10": {…}}; levels may be left
    # out (the judge then sees the nearest described level below).
    levels = models.JSONField(_("level descriptors"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name_ar


class Question(models.Model):
    """A question every applicant of the category answers (the application's `answers` keep the text)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="questions")
    text_ar = models.CharField(_("question (Arabic)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    max_length = models.PositiveSmallIntegerField(_("longest answer (characters)"), default=2000,
                                                  validators=[MinValueValidator(50), MaxValueValidator(10000)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text_ar


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(TimeStampedModel):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="applications",
                                 verbose_name=_("category"))
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")  # category's, kept
    # An organisation applies through its staff; a resident applies alone where the category allows.
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="award_applications", verbose_name=_("applicant organisation"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_applications",
                                  verbose_name=_("applicant"))
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="award_applications", verbose_name=_("initiative"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True, max_length=4000)
    summary_en = models.TextField(_("summary (English)"), blank=True, max_length=4000)
    answers = models.JSONField(default=dict, blank=True)  # {"<question id>": "answer text"}
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    eligibility_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    eligibility_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                               blank=True, related_name="+")
    # Kept on write: the last round the application reached, and the people's choice votes it received.
    last_round = models.PositiveSmallIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at", "last_round", "vote_count", "answers"])
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One application per initiative per category (a draft counts: it is continued, not doubled).
            models.UniqueConstraint(fields=["category", "initiative"], condition=Q(initiative__isnull=False),
                                    name="awards_one_application_per_initiative"),
        ]
        indexes = [
            models.Index(fields=["cycle", "status"], name="awards_application_cycle"),
            models.Index(fields=["category", "status"], name="awards_application_category"),
            models.Index(fields=["organization", "-created_at"], name="awards_application_org"),
            models.Index(fields=["applicant", "-created_at"], name="awards_application_person"),
        ]

    def __str__(self) -> str:
        return self.title_ar


class ApplicationEvidence(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="awards/evidence/%Y/", storage=private_storage)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class JudgeStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Judge(TimeStampedModel):
    """A person invited to the cycle's jury; panels draw on the judges who accepted."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_judgeships")
    status = models.CharField(_("status"), max_length=10, choices=JudgeStatus.choices, default=JudgeStatus.INVITED)
    expertise = models.CharField(_("expertise"), max_length=250, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "pk"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="awards_one_judgeship_per_cycle")]


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("judging round", "Open")
    CLOSED = "closed", pgettext_lazy("judging round", "Closed")


class Round(models.Model):
    """A judging round of one category, with its own panel. Round 1 takes every eligible application; each later
    round takes the top `advancing` of the round before."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"), default=1)
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    normalise = models.BooleanField(
        _("normalise scores"), default=False,
        help_text=_("Rank by each judge's z-scores rather than the raw totals, so that strict and lenient judges "
                    "weigh alike."))
    judging_until = models.DateField(_("judging until"), null=True, blank=True)
    panel = models.ManyToManyField(Judge, through="PanelMember", related_name="rounds")
    # Kept on write: sheets assigned and submitted, for the organiser's progress board.
    sheet_count = models.PositiveIntegerField(default=0)
    submitted_count = models.PositiveIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["category", "number"]
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        constraints = [models.UniqueConstraint(fields=["category", "number"], name="awards_one_round_number")]

    def __str__(self) -> str:
        return f"{self.category} — {self.number}"


class PanelMember(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="members")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "judge"], name="awards_one_seat_per_round")]

    def __str__(self) -> str:
        return f"{self.judge_id} @ {self.round_id}"


class RoundEntry(models.Model):
    """An application in a round, with its results kept on write (services.round_rank)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="entries")
    raw_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)  # mean of the totals
    normalised_score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)  # mean z-score
    heaviest_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)  # tie-break 1
    spread = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)  # tie-break 2
    judges_submitted = models.PositiveSmallIntegerField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)
    tied = models.BooleanField(default=False)  # tied after both tie-breaks: flagged for deliberation
    advanced = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "application"], name="awards_one_entry_per_round")]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.round_id}"


class SheetStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Not started")
    DRAFT = "draft", pgettext_lazy("scoresheet", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("scoresheet", "Submitted")


class Scoresheet(models.Model):
    """One judge's scores of one application in one round: exactly one per judge, application and round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="sheets")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sheets")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="sheets")
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.ASSIGNED)
    total = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)  # Σ weight × score / 10
    z_score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    is_outlier = models.BooleanField(default=False)
    overall_comment = models.TextField(_("overall comment"), blank=True, max_length=4000)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "application", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "application", "judge"],
                                               name="awards_one_sheet_per_judge")]
        indexes = [models.Index(fields=["judge", "status"], name="awards_sheet_judge_queue")]

    def __str__(self) -> str:
        return f"{self.judge_id} → {self.application_id} ({self.round_id})"


class Score(models.Model):
    sheet = models.ForeignKey(Scoresheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_SCORE)])
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="awards_one_score_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=MAX_SCORE), name="awards_score_on_the_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class RecusalSource(models.TextChoices):
    APPLICANT = "applicant", _("Belongs to the applicant organisation")
    PARTNER = "partner", _("Belongs to an organisation of the initiative")
    SELF = "self", _("Is the applicant")
    DECLARED = "declared", _("Declared a conflict of interest")


class Recusal(models.Model):
    """A judge kept away from an application: found automatically or declared by the judge with a reason."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="recusals")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recusals")
    source = models.CharField(max_length=10, choices=RecusalSource.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "application"], name="awards_one_recusal")]

    def __str__(self) -> str:
        return f"{self.judge_id} ✕ {self.application_id}"


class DeliberationNote(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="deliberation_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


def new_certificate_code() -> str:
    from musharaka.events.models import CERTIFICATE_ALPHABET, CERTIFICATE_CODE_LENGTH

    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _index in range(CERTIFICATE_CODE_LENGTH))


class Winner(models.Model):
    """A place awarded in a category, confirmed by the organiser; its certificate is verified by `code`."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="winners")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="awards")
    place = models.PositiveSmallIntegerField(_("place"),
                                             validators=[MinValueValidator(1), MaxValueValidator(MAX_WINNERS)])
    citation_ar = models.TextField(_("citation (Arabic)"), blank=True, max_length=2000)
    citation_en = models.TextField(_("citation (English)"), blank=True, max_length=2000)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)  # as ranked, for the record
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_at = models.DateTimeField()
    code = models.CharField(max_length=16, unique=True, default=new_certificate_code)
    # What the certificate prints, copied when the results are published (names may change later).
    printed = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["category", "place"]
        constraints = [
            models.UniqueConstraint(fields=["category", "place"], name="awards_one_winner_per_place"),
            models.UniqueConstraint(fields=["category", "application"], name="awards_one_place_per_application"),
        ]

    def __str__(self) -> str:
        return f"{self.category} #{self.place}"


class Vote(models.Model):
    """The people's choice: one vote per signed-in person per category, apart from the jury."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="votes")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "user"], name="awards_one_vote_per_person")]


    def __str__(self) -> str:
        return f"{self.user_id} → {self.application_id}"
