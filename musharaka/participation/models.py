"""Residents' participation: processes and their phases, ideas with supports, comments and official answers,
surveys, participatory budgets, moderation, follows and digests, and the topic summary of what residents said.

A **process** is run by one organisation (an authority, a municipality, an association) for an area — a region,
optionally a city, optionally some of its neighbourhoods — and moves through dated **phases** (information, ideas,
consultation, voting, implementation, evaluation). What a resident may do depends on the phase in force now
(`Process.phase_at`, checked by the predicates of `rules.py`): ideas are posted and supported in the ideas phase,
surveys answered in the consultation phase, ballots cast in the voting phase; comments run through the ideas and
consultation phases. The organisation answers ideas officially at any time.

Counts that lists show (supports, comments, ideas, ballots, answers) are kept on write, in the same transaction as
the row they count, so that no list counts rows per view.

**Moderation.** A process may ask for pre-moderation: new ideas and comments are then `pending` and only shown once
a moderator approves them. Anyone signed in may report abusive content; moderators (the process's organisation's
admins and editors, the coordinators of its region, platform staff) hide and restore with a reason and block a
person from the process. Every moderation action writes a `ModerationAction` row (append-only).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from musharaka.core.files import private_storage
from musharaka.core.models import TimeStampedModel
from musharaka.plans.models import ParticipantGroup

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5_000
COMMENT_MAX_LENGTH = 2_000
REASON_MAX_LENGTH = 1_000
ANSWER_TEXT_MAX_LENGTH = 5_000
COMMENT_MAX_DEPTH = 4  # replies to replies stop here; deeper answers attach to the deepest allowed comment


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Process(TimeStampedModel):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="processes",
                                     verbose_name=_("organisation"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=TITLE_MAX_LENGTH)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH, blank=True)
    summary_ar = models.CharField(_("summary (Arabic)"), max_length=500, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), max_length=BODY_MAX_LENGTH, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=BODY_MAX_LENGTH, blank=True)
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("development axis"))
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    city = models.ForeignKey("geo.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("city"))
    neighbourhoods = models.ManyToManyField("geo.Neighbourhood", blank=True, related_name="+",
                                            verbose_name=_("neighbourhoods"))
    status = models.CharField(_("status"), max_length=10, choices=ProcessStatus.choices,
                              default=ProcessStatus.DRAFT)
    premoderation = models.BooleanField(
        _("pre-moderation"), default=False,
        help_text=_("New ideas and comments appear only after a moderator approves them."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept on write (visible content only).
    idea_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    follower_count = models.PositiveIntegerField(default=0)
    # Moved on every change of the input the topic summary reads (ideas and comments, their visibility): the
    # summary is regenerated only when it differs from the one the summary was built from.
    input_version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at", "idea_count", "comment_count", "follower_count",
                                                 "input_version"])

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")
        indexes = [
            models.Index(fields=["status", "-id"], name="part_process_status"),
            models.Index(fields=["region", "status", "-id"], name="part_process_region"),
            models.Index(fields=["city", "status", "-id"], name="part_process_city"),
            models.Index(fields=["organization", "-id"], name="part_process_org"),
        ]

    def __str__(self) -> str:
        return self.title_ar

    def phase_at(self, moment=None) -> "Phase | None":
        """The phase in force at `moment` (now by default): the latest started one that has not ended. Uses the
        prefetched phases when the caller prefetched them."""
        moment = moment or timezone.now()
        current = None
        for phase in self.phases.all():
            if phase.starts_at <= moment < phase.ends_at and (current is None or phase.starts_at > current.starts_at):
                current = phase
        return current


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    IDEAS = "ideas", _("Ideas")
    CONSULTATION = "consultation", _("Consultation")
    VOTING = "voting", _("Voting")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")


# What residents may do in each phase (the predicates of rules.py read this table).
PHASE_ALLOWS = {
    "post_idea": {PhaseKind.IDEAS},
    "support_idea": {PhaseKind.IDEAS},
    "comment": {PhaseKind.IDEAS, PhaseKind.CONSULTATION},
    "answer_survey": {PhaseKind.CONSULTATION},
    "vote_budget": {PhaseKind.VOTING},
}


class Phase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=14, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    description_ar = models.TextField(_("description (Arabic)"), max_length=2_000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2_000, blank=True)

    class Meta:
        ordering = ["process", "starts_at", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="part_phase_ends_after_start"),
        ]
        indexes = [models.Index(fields=["process", "starts_at"], name="part_phase_process")]

    def __str__(self) -> str:
        return f"{self.process_id}:{self.kind}"


class Visibility(models.TextChoices):
    """Moderation state of residents' content. Only `visible` content is shown to the public and counted."""

    PENDING = "pending", _("Awaiting moderation")
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")


class IdeaState(models.TextChoices):
    """The organisation's official answer."""

    OPEN = "open", _("Not answered yet")
    CONSIDERING = "considering", _("Under consideration")
    ACCEPTED = "accepted", pgettext_lazy("idea", "Accepted")
    REJECTED = "rejected", pgettext_lazy("idea", "Rejected")
    INITIATIVE = "initiative", _("Turned into an initiative")
    MERGED = "merged", _("Merged into another idea")


class Idea(TimeStampedModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participation_ideas")
    group = models.CharField(_("participant group"), max_length=14, choices=ParticipantGroup.choices,
                             default=ParticipantGroup.OTHER)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=BODY_MAX_LENGTH)
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("development axis"))
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    # Re-encoded from its pixels alone (no EXIF), on the private storage: a hidden idea's image is not served.
    image = models.ImageField(_("image"), upload_to="participation/ideas/%Y/%m/", storage=private_storage,
                              blank=True)
    visibility = models.CharField(_("moderation"), max_length=8, choices=Visibility.choices,
                                  default=Visibility.VISIBLE)
    state = models.CharField(_("official answer"), max_length=12, choices=IdeaState.choices, default=IdeaState.OPEN)
    answer_text = models.TextField(_("answer"), max_length=ANSWER_TEXT_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("initiative"))
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="merged_ideas", verbose_name=_("merged into"))
    # Kept on write: supports (a merged idea's supports move to the idea it joined) and visible comments.
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at", "support_count", "comment_count"])

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["process", "visibility", "-id"], name="part_idea_recent"),
            models.Index(fields=["process", "visibility", "-support_count"], name="part_idea_supported"),
            models.Index(fields=["process", "state"], name="part_idea_state"),
            models.Index(fields=["process", "neighbourhood"], name="part_idea_neighbourhood"),
            models.Index(fields=["process", "axis"], name="part_idea_axis"),
            models.Index(fields=["author", "-id"], name="part_idea_author"),
        ]

    def __str__(self) -> str:
        return self.title


class Support(models.Model):
    """One person's support for one idea (one per person per idea, by the unique constraint)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="participation_supports")
    group = models.CharField(_("participant group"), max_length=14, choices=ParticipantGroup.choices,
                             default=ParticipantGroup.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="part_one_support_per_idea")]
        indexes = [models.Index(fields=["user", "idea"], name="part_support_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Comment(TimeStampedModel):
    """A comment on an idea, or a reply to one (threaded through `parent`, `depth` kept for the page's indent)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="participation_comments")
    group = models.CharField(_("participant group"), max_length=14, choices=ParticipantGroup.choices,
                             default=ParticipantGroup.OTHER)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    visibility = models.CharField(_("moderation"), max_length=8, choices=Visibility.choices,
                                  default=Visibility.VISIBLE)
    is_official = models.BooleanField(default=False)  # written by the process's organisation
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["idea", "visibility", "id"], name="part_comment_idea"),
            models.Index(fields=["author", "-id"], name="part_comment_author"),
        ]

    def __str__(self) -> str:
        return f"{self.idea_id}#{self.pk}"


class AbuseReason(models.TextChoices):
    OFFENSIVE = "offensive", _("Offensive or abusive")
    SPAM = "spam", _("Spam or advertising")
    PERSONAL = "personal", _("Personal data of others")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", pgettext_lazy("abuse", "Other")


class AbuseReportStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("abuse report", "Open")
    ACTED = "acted", _("Content hidden")
    DISMISSED = "dismissed", _("Dismissed")


class AbuseReport(models.Model):
    """Someone's report that an idea or a comment is abusive (exactly one of the two)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="abuse_reports")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="abuse_reports")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="abuse_reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=AbuseReason.choices)
    detail = models.CharField(_("details"), max_length=REASON_MAX_LENGTH, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AbuseReportStatus.choices,
                              default=AbuseReportStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        constraints = [
            models.CheckConstraint(
                condition=(Q(idea__isnull=False, comment__isnull=True) | Q(idea__isnull=True, comment__isnull=False)),
                name="part_abuse_one_target"),
            # One open report per person and content: reporting again adds nothing.
            models.UniqueConstraint(fields=["reporter", "idea"], condition=Q(status="open", idea__isnull=False),
                                    name="part_abuse_once_idea"),
            models.UniqueConstraint(fields=["reporter", "comment"],
                                    condition=Q(status="open", comment__isnull=False), name="part_abuse_once_comment"),
        ]
        indexes = [models.Index(fields=["process", "status", "-id"], name="part_abuse_queue")]

    def __str__(self) -> str:
        return f"{self.reason}:{self.idea_id or self.comment_id}"


class ModerationKind(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    DISMISS = "dismiss", _("Report dismissed")
    BLOCK = "block", _("Person blocked")
    UNBLOCK = "unblock", _("Person unblocked")
    MERGE = "merge", _("Ideas merged")


class ModerationAction(models.Model):
    """The audit trail of moderation (append-only: services create rows, nothing updates or deletes them)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="moderation_actions")
    kind = models.CharField(_("action"), max_length=8, choices=ModerationKind.choices)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")  # the person blocked or unblocked, or the content's author
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        indexes = [models.Index(fields=["process", "-id"], name="part_moderation_log")]

    def __str__(self) -> str:
        return f"{self.kind}@{self.process_id}"


class Block(models.Model):
    """A person blocked from posting, supporting, commenting, answering and voting in a process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="blocks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [models.UniqueConstraint(fields=["process", "user"], name="part_block_once")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.process_id}"


# ---- surveys


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("survey", "Open")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


class Survey(TimeStampedModel):
    """A consultation form. Answered while it is open and the process is in its consultation phase; an anonymous
    survey stores no link from a response to its author (only a keyed hash, so one person answers once)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="surveys")
    title_ar = models.CharField(_("title (Arabic)"), max_length=TITLE_MAX_LENGTH)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), max_length=BODY_MAX_LENGTH, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=BODY_MAX_LENGTH, blank=True)
    anonymous = models.BooleanField(_("anonymous answers"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    response_count = models.PositiveIntegerField(default=0)  # kept on write

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["process", "status"], name="part_survey_process")]

    def __str__(self) -> str:
        return self.title_ar


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale")
    RANKING = "ranking", _("Ranking")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    FILE = "file", _("File")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    label_ar = models.CharField(_("question (Arabic)"), max_length=500)
    label_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_ar = models.CharField(_("help (Arabic)"), max_length=500, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # For the choice kinds: [{"key": "a", "label_ar": "...", "label_en": "..."}]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Scale bounds (scale), or the allowed range (number).
    minimum = models.DecimalField(_("minimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(_("maximum"), max_digits=14, decimal_places=4, null=True, blank=True)
    # Conditional: asked only when the answer to `show_if` (an earlier choice question) is one of `show_if_keys`.
    show_if = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="dependants",
                                verbose_name=_("shown only if"))
    show_if_keys = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.label_ar


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Signed surveys: who answered. Anonymous surveys: nobody; `respondent_key` (a keyed hash of the person and
    # the survey) alone stops a second answer.
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    respondent_key = models.CharField(max_length=64)
    group = models.CharField(_("participant group"), max_length=14, choices=ParticipantGroup.choices,
                             default=ParticipantGroup.OTHER)
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["survey", "respondent_key"], name="part_one_response")]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"


class SurveyAnswer(models.Model):
    """One answer to one question. Choice answers hold their keys in order (a ranking's first is its top)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True, max_length=BODY_MAX_LENGTH)
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    keys = models.JSONField(default=list, blank=True)
    file = models.FileField(upload_to="participation/surveys/%Y/%m/", storage=private_storage, blank=True)

    class Meta:
        ordering = ["response", "pk"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="part_one_answer")]
        indexes = [models.Index(fields=["question", "response"], name="part_answer_question")]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class SurveyExport(models.Model):
    """A file of a survey's answers, written in the background row by row (bounded memory)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=4, choices=ExportFormat.choices)
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    file = models.FileField(upload_to="participation/exports/", storage=private_storage, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("survey export")
        verbose_name_plural = _("survey exports")

    def __str__(self) -> str:
        return f"{self.survey_id}.{self.format}"


# ---- participatory budgeting


class BudgetRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first, within the budget")
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares (proportional)")


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("Approve any projects within the budget")
    CHOOSE_N = "choose_n", _("Choose up to N projects")


class Budget(TimeStampedModel):
    """An amount residents of an area distribute among projects by their ballots, under the rule chosen."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="budgets")
    title_ar = models.CharField(_("title (Arabic)"), max_length=TITLE_MAX_LENGTH)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH, blank=True)
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    amount = models.DecimalField(_("budget"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("1"))])
    currency = models.CharField(_("currency"), max_length=3, default="SAR")
    rule = models.CharField(_("rule"), max_length=12, choices=BudgetRule.choices, default=BudgetRule.EQUAL_SHARES)
    ballot_kind = models.CharField(_("ballot"), max_length=8, choices=BallotKind.choices, default=BallotKind.APPROVAL)
    choose_n = models.PositiveSmallIntegerField(_("projects each voter may choose"), null=True, blank=True,
                                                validators=[MinValueValidator(1), MaxValueValidator(100)])
    ballot_count = models.PositiveIntegerField(default=0)  # kept on write
    result_computed_at = models.DateTimeField(null=True, blank=True)
    result_published = models.BooleanField(default=False)

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")

    def __str__(self) -> str:
        return self.title_ar


class Feasibility(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    FEASIBLE = "feasible", _("Feasible")
    UNFEASIBLE = "unfeasible", _("Not feasible")


class BudgetProject(TimeStampedModel):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_projects",
                             verbose_name=_("from the idea"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=BODY_MAX_LENGTH, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2,
                               validators=[MinValueValidator(Decimal("1"))])
    feasibility = models.CharField(_("feasibility"), max_length=10, choices=Feasibility.choices,
                                   default=Feasibility.PENDING)
    feasibility_note = models.CharField(_("feasibility note"), max_length=REASON_MAX_LENGTH, blank=True)
    vote_count = models.PositiveIntegerField(default=0)  # kept on write
    # The result (null until computed): funded or not, and why — a code and its figures, rendered by the page.
    funded = models.BooleanField(null=True, blank=True)
    result_rank = models.PositiveIntegerField(null=True, blank=True)
    result_reason = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["budget", "pk"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        indexes = [models.Index(fields=["budget", "feasibility"], name="part_project_budget")]

    def __str__(self) -> str:
        return self.title


class Ballot(TimeStampedModel):
    """One person's ballot in one budget (changeable until the voting phase closes)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_ballots")
    group = models.CharField(_("participant group"), max_length=14, choices=ParticipantGroup.choices,
                             default=ParticipantGroup.OTHER)
    projects = models.ManyToManyField(BudgetProject, through="BallotChoice", related_name="+")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["budget", "voter"], name="part_one_ballot")]

    def __str__(self) -> str:
        return f"{self.voter_id}@{self.budget_id}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="ballot_choices")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "project"], name="part_choice_once")]
        indexes = [models.Index(fields=["project", "ballot"], name="part_choice_project")]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.project_id}"


# ---- follows and digests


class Follow(models.Model):
    """A person following a process, an idea or a neighbourhood (exactly one)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_follows")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, null=True, blank=True, related_name="follows")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="follows")
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="+")
    email = models.BooleanField(_("by e-mail too"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(process__isnull=False, idea__isnull=True, neighbourhood__isnull=True)
                           | Q(process__isnull=True, idea__isnull=False, neighbourhood__isnull=True)
                           | Q(process__isnull=True, idea__isnull=True, neighbourhood__isnull=False)),
                name="part_follow_one_target"),
            models.UniqueConstraint(fields=["user", "process"], condition=Q(process__isnull=False),
                                    name="part_follow_process_once"),
            models.UniqueConstraint(fields=["user", "idea"], condition=Q(idea__isnull=False),
                                    name="part_follow_idea_once"),
            models.UniqueConstraint(fields=["user", "neighbourhood"], condition=Q(neighbourhood__isnull=False),
                                    name="part_follow_neighbourhood_once"),
        ]
        indexes = [
            models.Index(fields=["process", "user"], name="part_follow_process"),
            models.Index(fields=["idea", "user"], name="part_follow_idea"),
            models.Index(fields=["neighbourhood", "user"], name="part_follow_neighbourhood"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.process_id or self.idea_id or self.neighbourhood_id}"


class ActivityKind(models.TextChoices):
    IDEA_POSTED = "idea_posted", _("New idea")
    IDEA_ANSWERED = "idea_answered", _("Official answer")
    COMMENT_POSTED = "comment_posted", _("New comment")
    PHASE_STARTED = "phase_started", _("New phase")
    SURVEY_OPENED = "survey_opened", _("Survey opened")
    RESULT_PUBLISHED = "result_published", _("Budget result published")


class Activity(models.Model):
    """Something followers hear about in their next digest (written by the services, visible content only)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=16, choices=ActivityKind.choices)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    summary = models.CharField(max_length=300)  # the line the digest prints (in the language of the content)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["created_at"], name="part_activity_created"),
            models.Index(fields=["process", "created_at"], name="part_activity_process"),
        ]

    def __str__(self) -> str:
        return self.summary


class DigestDelivery(models.Model):
    """One digest for one person and one period: the unique constraint makes the digest job idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()  # the day (daily digests) the digest covers
    activity_count = models.PositiveIntegerField(default=0)
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["user", "period"], name="part_digest_once")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.period}"


# ---- topic summary


class TopicSummary(models.Model):
    """The grouping of a process's ideas and comments into topics, built from `input_version`."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="topic_summary")
    input_version = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("topic summary")
        verbose_name_plural = _("topic summaries")

    def __str__(self) -> str:
        return f"topics of {self.process_id}"


class Topic(models.Model):
    summary = models.ForeignKey(TopicSummary, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField(default=0)
    terms = models.JSONField(default=list)  # the words that name the topic, most telling first
    size = models.PositiveIntegerField(default=0)  # ideas and comments in the topic
    idea_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    by_neighbourhood = models.JSONField(default=dict)  # {neighbourhood id or "": count}
    by_group = models.JSONField(default=dict)  # {participant group: count}
    # The posts nearest the topic's centre: [{"kind": "idea"|"comment", "id": …, "idea_id": …, "text": "…"}]
    representatives = models.JSONField(default=list)

    class Meta:
        ordering = ["summary", "position"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return " · ".join(self.terms[:3])

