"""Forums, workshops and meetings: series and editions, agenda, speakers, registrations.

Seat counts are kept on write (Event and EventAudience carry confirmed/waiting counters updated in
the same transaction as the registration, under a row lock on the event), never recomputed per view.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from musharaka.core.files import private_storage, protected_file_url
from musharaka.core.models import TimeStampedModel
from musharaka.orgs.models import Sector

if TYPE_CHECKING:
    from musharaka.accounts.models import User


class Kind(models.TextChoices):
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Workshop")
    MEETING = "meeting", _("Coordination meeting")
    TRAINING = "training", _("Training course")
    EXHIBITION = "exhibition", _("Exhibition")
    AWARD_CEREMONY = "award_ceremony", _("Award ceremony")


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    DIALOGUE = "dialogue", _("Dialogue session")
    PAPER = "paper", _("Working paper")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training course")
    EXHIBITION_VISIT = "exhibition_visit", _("Exhibition visit")
    AWARD_CEREMONY = "award_ceremony", _("Award ceremony")
    SIGNING = "signing", _("Signing of agreements")


# The five sectors of DESIGN.md, and the public (residents, volunteers, anyone interested).
PUBLIC = "public"
AUDIENCE_CHOICES = [*Sector.choices, (PUBLIC, _("The public"))]


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")


class RegistrationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Waiting for e-mail confirmation")
    PENDING = "pending", _("Waiting for the organiser's approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


# Statuses that hold a seat (a pending approval keeps its seat until the organiser decides).
SEAT_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED)
# Statuses of a registration still in play: one per person and event.
LIVE_STATUSES = (RegistrationStatus.UNVERIFIED, *SEAT_STATUSES, RegistrationStatus.WAITING)


class EventSeries(TimeStampedModel):
    """A forum held again and again (yearly): its editions are Events."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="event_series",
                                     verbose_name=_("organiser"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        constraints = [models.UniqueConstraint(fields=["organization", "name_ar"], name="event_series_unique")]

    def __str__(self) -> str:
        return self.name_ar


class Event(TimeStampedModel):
    series = models.ForeignKey(EventSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="editions",
                               verbose_name=_("series"))
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)  # الملتقى الخامس = 5
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FORUM)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=20000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=20000)

    # Named `organization` so that the organisation predicates (orgs.rules) apply to events as they are.
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="organized_events",
                                     verbose_name=_("organiser"))
    co_organizers = models.ManyToManyField("orgs.Organization", related_name="co_organized_events", blank=True,
                                           verbose_name=_("co-organisers"))
    sponsors = models.ManyToManyField("orgs.Organization", related_name="sponsored_events", blank=True,
                                      verbose_name=_("sponsors"))
    # As the press writes it: "صاحب السمو الملكي الأمير سلمان بن سلطان" / "أمير منطقة المدينة المنورة".
    patron_name = models.CharField(_("patron"), max_length=200, blank=True)
    patron_title = models.CharField(_("patron's title"), max_length=200, blank=True)

    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="events", verbose_name=_("region"))
    city = models.ForeignKey("geo.City", on_delete=models.PROTECT, related_name="events", null=True, blank=True,
                             verbose_name=_("city"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    axes = models.ManyToManyField("taxonomy.Axis", related_name="events", blank=True, verbose_name=_("themes"))

    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    requires_approval = models.BooleanField(_("registrations need the organiser's approval"), default=False)
    registration_open = models.BooleanField(_("registration open"), default=True)
    cover_image = models.ImageField(_("cover image"), upload_to="events/covers/%Y/", storage=private_storage,
                                    blank=True)
    is_published = models.BooleanField(pgettext_lazy("event", "published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # Kept on write under the event's row lock (services), read by every page.
    confirmed_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at", "confirmed_count", "waiting_count"])
    _history_user: "User | None"

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["is_published", "starts_at"], name="event_published_start"),
            models.Index(fields=["is_published", "ends_at"], name="event_published_end"),
            models.Index(fields=["kind", "starts_at"], name="event_kind_start"),
            models.Index(fields=["region", "starts_at"], name="event_region_start"),
            models.Index(fields=["city", "starts_at"], name="event_city_start"),
            models.Index(fields=["organization", "starts_at"], name="event_org_start"),
            models.Index(fields=["series", "edition"], name="event_series_edition"),
            # The list's count over an index alone: when (ends_at) with kind, region and city (0005_bench_indexes).
            models.Index(fields=["is_published", "ends_at", "kind", "region", "city"], name="event_list_when"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_end_after_start"),
            models.UniqueConstraint(fields=["series", "edition"], name="event_edition_unique"),
        ]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.confirmed_count)

    @property
    def cover_url(self) -> str:
        """views.event_cover, which checks who asks; named by the file, so a new cover is a new URL."""
        return protected_file_url("events:cover", self.cover_image, event_id=self.pk)


class GuestOfHonour(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("guest of honour")
        verbose_name_plural = _("guests of honour")

    def __str__(self) -> str:
        return self.name


class EventAudience(models.Model):
    """One audience category of an event, with its optional quota and its counts (kept on write)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="audiences")
    category = models.CharField(_("audience"), max_length=20, choices=AUDIENCE_CHOICES)
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    confirmed_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["confirmed_count", "waiting_count"])

    class Meta:
        ordering = ["event_id", "pk"]
        verbose_name = _("audience category")
        verbose_name_plural = _("audience categories")
        constraints = [models.UniqueConstraint(fields=["event", "category"], name="event_audience_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.category}"

    @property
    def seats_left(self) -> int | None:
        return None if self.quota is None else max(0, self.quota - self.confirmed_count)


class Speaker(TimeStampedModel):
    """Someone who speaks or moderates at an event, with or without an account."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="event_talks")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True)  # "مدير عام مصادر التوفير"
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    organization_name = models.CharField(_("organisation"), max_length=250, blank=True)
    photo = models.ImageField(_("photo"), upload_to="events/speakers/%Y/", storage=private_storage, blank=True)
    bio_ar = models.TextField(_("biography (Arabic)"), blank=True, max_length=5000)
    bio_en = models.TextField(_("biography (English)"), blank=True, max_length=5000)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        ordering = ["event_id", "name_ar"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        indexes = [models.Index(fields=["event", "name_ar"], name="speaker_event_name")]

    def __str__(self) -> str:
        return self.name_ar

    @property
    def photo_url(self) -> str:
        """views.speaker_photo, which applies the event's rule; named by the file, so a new photo is a new URL."""
        return protected_file_url("events:speaker_photo", self.photo, event_id=self.event_id, speaker_id=self.pk)


class Session(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.DIALOGUE)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    abstract_ar = models.TextField(_("abstract (Arabic)"), blank=True, max_length=5000)
    abstract_en = models.TextField(_("abstract (English)"), blank=True, max_length=5000)
    # The local day of starts_at, stored: the agenda groups by it and it is indexed.
    day = models.DateField(_("day"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    track = models.CharField(_("track"), max_length=100, blank=True)  # parallel tracks side by side
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    confirmed_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions", blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "confirmed_count", "waiting_count"])
    _history_user: "User | None"

    class Meta:
        ordering = ["starts_at", "track", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["event", "day", "starts_at"], name="session_event_day")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                   name="session_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.confirmed_count)


class SessionSpeaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="appearances")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="appearances")
    role = models.CharField(_("role"), max_length=10, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "speaker"], name="session_speaker_unique")]

    def __str__(self) -> str:
        return f"{self.speaker_id} @ {self.session_id} ({self.role})"


# A phone number as people write it: Western, Arabic-Indic or Persian digits, spaces, + - ( ). The service checks
# it and the API's schema declares it (the page and the API refuse the same numbers).
PHONE_PATTERN = r"^[0-9\u0660-\u0669\u06f0-\u06f9+\- ()]*$"


class Registration(TimeStampedModel):
    """A seat asked for at an event: by a signed-in person, or a visitor who confirms by e-mail.

    Arrival order is the primary key: rows are inserted under the event's row lock.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="event_registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    category = models.CharField(_("audience"), max_length=20, choices=AUDIENCE_CHOICES)
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "id"], name="registration_event_status"),
            models.Index(fields=["event", "category", "status", "id"], name="registration_category"),
            models.Index(fields=["user", "status"], name="registration_user"),
        ]
        constraints = [
            # One live registration per person (account or e-mail) and event; cancelled ones may repeat.
            models.UniqueConstraint(fields=["event", "user"], condition=models.Q(status__in=LIVE_STATUSES),
                                    name="registration_live_user"),
            models.UniqueConstraint(fields=["event", "email"], condition=models.Q(status__in=LIVE_STATUSES),
                                    name="registration_live_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.event_id} ({self.status})"


class SessionSeat(models.Model):
    """A registrant's place in one session that has its own capacity (a workshop, a training course)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="session_seats")
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["session", "status", "id"], name="session_seat_status")]
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], condition=models.Q(status__in=LIVE_STATUSES),
                                    name="session_seat_live"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.session_id} ({self.status})"


# ---------------------------------------------------------------- part 6: audience questions and session feedback

# The kinds of session where the audience may send questions to the moderator.
QUESTION_SESSION_KINDS = (SessionKind.DIALOGUE, SessionKind.PAPER, SessionKind.WORKSHOP, SessionKind.TRAINING)
QUESTION_MAX_LENGTH = 500
QUESTION_MIN_LENGTH = 5  # characters that are not spaces
# A question as the API's schema states it: no control characters (line breaks and tabs allowed), and at least
# QUESTION_MIN_LENGTH characters other than spaces (str.isspace(), each written out as core.schemas does).
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SPACES = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
QUESTION_PATTERN = rf"^[^{_CONTROLS}]*(?:[^{_CONTROLS}{_SPACES}][^{_CONTROLS}]*){{{QUESTION_MIN_LENGTH}}}$"
FEEDBACK_COMMENT_MAX_LENGTH = 2000


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the moderator")
    APPROVED = "approved", pgettext_lazy("question", "Approved")
    ANSWERED = "answered", pgettext_lazy("question", "Answered")
    HIDDEN = "hidden", pgettext_lazy("question", "Hidden")
    WITHDRAWN = "withdrawn", pgettext_lazy("question", "Withdrawn")


# What the audience sees; the rest only the asker (their own) and the moderators.
PUBLIC_QUESTION_STATUSES = (QuestionStatus.APPROVED, QuestionStatus.ANSWERED)


class Question(models.Model):
    """A question from the audience to a session's moderator. Votes are counted on write (vote_count)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_questions")
    text = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    # Hidden from the audience only: the moderator still sees who asked.
    anonymous = models.BooleanField(_("ask without showing my name"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.PENDING)
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-vote_count", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            # The audience's list and the hall's screen: one session's questions in one status, by votes.
            models.Index("session", "status", models.F("vote_count").desc(), "id", name="question_session_votes"),
            models.Index(fields=["author", "session"], name="question_author"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} @ {self.session_id} ({self.status})"


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="question_vote_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"


class SessionFeedback(TimeStampedModel):
    """One attendee's rating (1–5) and comment on one session, given after the event."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_feedback")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=FEEDBACK_COMMENT_MAX_LENGTH)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        # The results group by (session, rating): the index answers them without reading the rows.
        indexes = [models.Index(fields=["session", "rating"], name="feedback_session_rating")]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="feedback_once"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.session_id}: {self.rating}"


# ---------------------------------------------------------------- tickets and check-in (issue #11, part 4)


def new_ticket_code() -> str:
    import secrets

    return secrets.token_urlsafe(12)  # 96 random bits: not guessable, short enough for a QR scanned in a hall


class Ticket(models.Model):
    """A registration's ticket: the code its QR carries and staff type at the door (issued with the registration,
    valid while the registration holds a confirmed seat)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="ticket")
    code = models.CharField(max_length=32, unique=True, default=new_ticket_code)

    def __str__(self) -> str:
        return f"ticket {self.registration_id}"


class CheckIn(models.Model):
    """A registrant let in at the door (session empty) or into one session with its own seats; one row per place."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="check_ins")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="check_ins")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="check_ins")
    category = models.CharField(max_length=20, choices=AUDIENCE_CHOICES)
    checked_in_at = models.DateTimeField()
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["event", "session", "checked_in_at"], name="checkin_event_session")]
        constraints = [
            # Two scanners at once: the database keeps one row per registrant and place.
            models.UniqueConstraint(fields=["registration"], condition=models.Q(session__isnull=True),
                                    name="checkin_once_at_door"),
            models.UniqueConstraint(fields=["registration", "session"], condition=models.Q(session__isnull=False),
                                    name="checkin_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.session_id or 'door'}"


class AttendanceCount(models.Model):
    """Attendance kept on write: one row per event, place (session, or 0 for the door) and audience category."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance_counts")
    session_key = models.PositiveIntegerField(default=0)  # 0: the event's door; else the session's id
    category = models.CharField(max_length=20, choices=AUDIENCE_CHOICES)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["event", "session_key", "category"]
        constraints = [models.UniqueConstraint(fields=["event", "session_key", "category"],
                                               name="attendance_count_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.session_key}/{self.category}: {self.count}"


# ---------------------------------------------------------------- outcomes: recommendations (توصيات), deliverable 8


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("recommendation", "Proposed")
    ADOPTED = "adopted", pgettext_lazy("recommendation", "Adopted")
    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation", "In progress")
    DONE = "done", pgettext_lazy("recommendation", "Done")
    DROPPED = "dropped", pgettext_lazy("recommendation", "Dropped")


# Still to be carried out: these can be overdue.
OPEN_RECOMMENDATION_STATUSES = (RecommendationStatus.PROPOSED, RecommendationStatus.ADOPTED,
                                RecommendationStatus.IN_PROGRESS)
# from → the statuses it may move to. Done and dropped are final: a dropped recommendation that comes back
# is a new one (its reason for being dropped stays on record).
RECOMMENDATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    # Work may start on a proposed one straight away: starting it adopts it.
    RecommendationStatus.PROPOSED: (RecommendationStatus.ADOPTED, RecommendationStatus.IN_PROGRESS,
                                    RecommendationStatus.DROPPED),
    RecommendationStatus.ADOPTED: (RecommendationStatus.IN_PROGRESS, RecommendationStatus.DONE,
                                   RecommendationStatus.DROPPED),
    RecommendationStatus.IN_PROGRESS: (RecommendationStatus.DONE, RecommendationStatus.DROPPED),
    RecommendationStatus.DONE: (),
    RecommendationStatus.DROPPED: (),
}


class Recommendation(TimeStampedModel):
    """A recommendation of an event, followed up by its responsible organisation until done or dropped.

    `organization` is the responsible organisation (so the organisation predicates of orgs.rules apply to it);
    `region` and `event_published` copy the event's (kept by events.recommendations.sync_event) so that the
    tracker filters on this table alone, every filter with its index.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("number"), default=1)  # its place in the event's list
    text_ar = models.TextField(_("recommendation (Arabic)"), max_length=4000)
    text_en = models.TextField(_("recommendation (English)"), blank=True, max_length=4000)
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="event_recommendations", verbose_name=_("development axis"))
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="recommendations",
                                     verbose_name=_("responsible organisation"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RecommendationStatus.choices,
                              default=RecommendationStatus.PROPOSED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="+")
    event_published = models.BooleanField(default=False)
    updates_count = models.PositiveIntegerField(default=0)  # kept on write
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at", "updates_count", "region", "event_published"])
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        ordering = ["event_id", "number", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["event", "number"], name="rec_event_number"),
            models.Index(fields=["event_published", "status", "due_date"], name="rec_status_due"),
            models.Index(fields=["event_published", "due_date"], name="rec_due"),
            models.Index(fields=["event_published", "region", "status"], name="rec_region_status"),
            models.Index(fields=["event_published", "axis", "status"], name="rec_axis_status"),
            models.Index(fields=["event_published", "organization", "status"], name="rec_org_status"),
            models.Index(fields=["event", "status"], name="rec_event_status"),
            # The tracker's order walked in the index, overdue included (0005_bench_indexes).
            models.Index(fields=["event_published", "due_date", "event", "number", "status"], name="rec_due_order"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RECOMMENDATION_STATUSES

    def allowed_statuses(self) -> tuple[str, ...]:
        return RECOMMENDATION_TRANSITIONS[self.status]


class RecommendationUpdate(models.Model):
    """A dated follow-up of a recommendation by its responsible organisation, optionally moving its status."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("update"), max_length=4000)
    old_status = models.CharField(max_length=12, choices=RecommendationStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=12, choices=RecommendationStatus.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    _history_user: "User | None"

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("recommendation update")
        verbose_name_plural = _("recommendation updates")
        indexes = [models.Index(fields=["recommendation", "date"], name="rec_update_date")]

    def __str__(self) -> str:
        return f"{self.recommendation_id} @ {self.date}"


class RecommendationEvidence(models.Model):
    """A file that shows the work done (minutes, a photo, a report): private, served by a checking view."""

    update = models.ForeignKey(RecommendationUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="events/evidence/%Y/", storage=private_storage)
    title = models.CharField(_("title"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return protected_file_url("events:recommendation_evidence", self.file, recommendation_id=self.update.recommendation_id,
                                  evidence_id=self.pk)


# ---------------------------------------------------------------- exhibition of initiatives (issue #11, part 7)

EXHIBIT_COMMENT_MIN_LENGTH = 2  # characters that are not spaces
EXHIBIT_COMMENT_MAX_LENGTH = 1000
# A comment as the API's schema states it: the question's rule with its own minimum.
EXHIBIT_COMMENT_PATTERN = rf"^[^{_CONTROLS}]*(?:[^{_CONTROLS}{_SPACES}][^{_CONTROLS}]*){{{EXHIBIT_COMMENT_MIN_LENGTH}}}$"


class Booth(models.Model):
    """A stand in an event's exhibition: a neighbourhood's or an organisation's (either, both or neither)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    number = models.CharField(_("booth number"), max_length=20, blank=True)
    location = models.CharField(_("place in the hall"), max_length=200, blank=True)
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")

    def __str__(self) -> str:
        return f"{self.number} {self.name_ar}".strip()


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", pgettext_lazy("comment", "Approved")
    HIDDEN = "hidden", pgettext_lazy("comment", "Hidden")


class Showcase(models.Model):
    """An initiative of the registry shown at an event, at a booth (none yet: unassigned). Shown to the public only
    while the initiative is published; likes and approved comments are counted on write."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="showcases")
    booth = models.ForeignKey(Booth, on_delete=models.SET_NULL, null=True, blank=True, related_name="showcases")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="showcases")
    blurb_ar = models.CharField(_("blurb (Arabic)"), max_length=500, blank=True)
    blurb_en = models.CharField(_("blurb (English)"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    like_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)  # approved comments only
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("showcased initiative")
        verbose_name_plural = _("showcased initiatives")
        constraints = [models.UniqueConstraint(fields=["event", "initiative"], name="showcase_once_per_event")]
        indexes = [models.Index(fields=["event", "booth", "order", "id"], name="showcase_event_booth")]

    def __str__(self) -> str:
        return f"{self.initiative_id} @ {self.event_id}"


class ShowcaseLike(models.Model):
    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["showcase", "user"], name="showcase_like_once")]
        indexes = [models.Index(fields=["user", "showcase"], name="showcase_like_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.showcase_id}"


class ShowcaseComment(models.Model):
    """A visitor's comment on a showcased initiative; the event's managers approve or hide it."""

    showcase = models.ForeignKey(Showcase, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), max_length=EXHIBIT_COMMENT_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices,
                              default=CommentStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["showcase", "status", "id"], name="exhibit_comment_showcase"),
            models.Index(fields=["status", "id"], name="exhibit_comment_status"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} @ {self.showcase_id} ({self.status})"


# ---------------------------------------------------------------- development media: news, photos (deliverable 8)


class NewsPost(TimeStampedModel):
    """A news post of an event, written by its managers: plain text (paragraphs separated by a blank line), never
    HTML; seen by others only once both the post and its event are published."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="news_posts")
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    body_ar = models.TextField(_("text (Arabic)"), max_length=20000)
    body_en = models.TextField(_("text (English)"), blank=True, max_length=20000)
    cover_image = models.ImageField(_("image"), upload_to="events/news/%Y/", storage=private_storage, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    is_published = models.BooleanField(pgettext_lazy("news", "published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        ordering = ["-created_at", "-pk"]  # not published_at: NULLs sort differently on SQLite and PostgreSQL
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        indexes = [models.Index(fields=["event", "is_published", "published_at"], name="news_event_published")]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def cover_url(self) -> str:
        return protected_file_url("events:news_cover", self.cover_image, event_id=self.event_id, post_id=self.pk)


class EventPhoto(models.Model):
    """A photo of an event's gallery, with a small copy (thumbnail) made on upload so the gallery stays light."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos",
                                verbose_name=_("session"))
    image = models.ImageField(_("photo"), upload_to="events/photos/%Y/", storage=private_storage)
    thumbnail = models.ImageField(upload_to="events/photos/thumbs/%Y/", storage=private_storage, blank=True)
    caption_ar = models.CharField(_("caption (Arabic)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [models.Index(fields=["event", "position", "id"], name="photo_event_position")]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.pk}"

    @property
    def url(self) -> str:
        return protected_file_url("events:photo", self.image, event_id=self.event_id, photo_id=self.pk)

    @property
    def thumbnail_url(self) -> str:
        # Without a thumbnail (the bulk demo's photos) the small address serves the photo itself.
        return protected_file_url("events:photo_thumbnail", self.thumbnail or self.image, event_id=self.event_id,
                                  photo_id=self.pk)


# ---------------------------------------------------------------- attendance certificates (issue #11, part 5)

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not mistaken.
CERTIFICATE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 16  # 80 random bits, printed as four groups of four


def new_certificate_code() -> str:
    import secrets

    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _index in range(CERTIFICATE_CODE_LENGTH))


class AttendanceCertificate(models.Model):
    """A certificate of attendance of a workshop or training course (the event, or one session of a forum).

    What the certificate prints is copied on issue (name, titles, organiser, dates, hours), so that the public
    verification shows exactly what the paper shows even after the event is edited.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="certificates")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificates")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="certificates")
    code = models.CharField(max_length=CERTIFICATE_CODE_LENGTH, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    # As printed.
    name = models.CharField(_("name"), max_length=200)
    organization_name_ar = models.CharField(max_length=200)
    organization_name_en = models.CharField(max_length=200, blank=True)
    event_title_ar = models.CharField(max_length=250)
    event_title_en = models.CharField(max_length=250, blank=True)
    session_title_ar = models.CharField(max_length=250, blank=True)
    session_title_en = models.CharField(max_length=250, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    days = models.PositiveSmallIntegerField(default=1)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")
        indexes = [models.Index(fields=["event", "-id"], name="certificate_event_recent")]
        constraints = [
            # Two downloads at once (or a download during the organiser's bulk issue) keep one certificate.
            models.UniqueConstraint(fields=["registration"], condition=models.Q(session__isnull=True),
                                    name="certificate_once_per_event"),
            models.UniqueConstraint(fields=["registration", "session"], condition=models.Q(session__isnull=False),
                                    name="certificate_once_per_session"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
