"""Every write to volunteering: opportunities, their questions and shifts, applications, hours and certificates.

Seats: an application or a decision locks the shift row (SELECT … FOR UPDATE) first and the application row after
it, always in that order, reads `accepted_count` and either takes a seat or joins the waitlist; the counters of the
shift and of the opportunity (`seats_left`, `pending_count`) move in the same transaction by relative updates
(F expressions), so two transactions on different shifts of one opportunity never overwrite each other's counts.
Rows are inserted under the lock, so the primary key is the arrival order the waitlist follows.

Hours: only verified entries count. Each change into or out of "verified" moves `HoursTally` (year, organisation,
region, axis) by the entry's hours in the same transaction, so the tallies always equal the sums of verified entries.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Min, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.core.permissions import can, require
from musharaka.core.records import assign_fields, clean_record, parse_decimal, parse_moment
from musharaka.core.text import clean_text
from musharaka.notifications.services import notify
from musharaka.orgs.models import Membership, Organization, Role

from .models import (
    ANSWER_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MAX_ENTRY_HOURS,
    MAX_SHIFT_CAPACITY,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Answer,
    Application,
    ApplicationStatus,
    Certificate,
    EntryStatus,
    HourEntry,
    HoursTally,
    HourValue,
    Opportunity,
    OpportunityStatus,
    Question,
    Shift,
    Skill,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

SEARCH_KIND = "opportunity"
MIN_ENTRY_HOURS = Decimal("0.25")
MAX_QUESTIONS = 20
MAX_SHIFTS = 200
ACTIVITY_MAX_LENGTH = 300

OPPORTUNITY_FIELDS = (
    "title_ar", "title_en", "description_ar", "description_en", "region_id", "city_id", "neighbourhood_id",
    "axis_id", "starts_on", "ends_on", "minimum_age", "auto_accept", "initiative_id", "event_id",
)
TEXT_LIMITS = {"title_ar": TITLE_MAX_LENGTH, "title_en": TITLE_MAX_LENGTH,
               "description_ar": DESCRIPTION_MAX_LENGTH, "description_en": DESCRIPTION_MAX_LENGTH}


# ---------------------------------------------------------------- helpers


def _bump(model, pk: int, **changes: int) -> None:
    """Relative counter updates: exact even when two transactions change the same row."""
    model.objects.filter(pk=pk).update(**{name: F(name) + delta for name, delta in changes.items() if delta})


def _author(record, actor) -> None:
    """django-simple-history records `actor` as the author of the record's next save."""
    record._history_user = actor


def _staff_of(organization_id: int):
    return [membership.user for membership in Membership.objects.filter(
        organization_id=organization_id, role__in=(Role.ADMIN, Role.EDITOR)).select_related("user")]


def _url(name: str, *args: int) -> str:
    try:
        return reverse(f"volunteering:{name}", args=args)
    except NoReverseMatch:  # the pages are wired after the services (and absent in some test settings)
        return ""


def _opportunity_url(opportunity_id: int) -> str:
    return _url("opportunity", opportunity_id)


def opportunity_search_texts(opportunity: Opportunity) -> tuple[str, ...]:
    organization = opportunity.organization
    return (opportunity.title_ar, opportunity.title_en, opportunity.description_ar, opportunity.description_en,
            organization.name_ar, getattr(organization, "name_en", ""))


def _reindex(opportunity: Opportunity) -> None:
    if opportunity.status == OpportunityStatus.PUBLISHED:
        search.index(SEARCH_KIND, opportunity.pk, *opportunity_search_texts(opportunity))
    else:
        search.unindex(SEARCH_KIND, opportunity.pk)


def _today() -> datetime.date:
    return timezone.localdate()


def _as_date(value: Any, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(_("Enter a valid date."), field=field) from None


def _as_id(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise InvalidInput(_("Choose a valid option."), field=field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose a valid option."), field=field) from None
    if number < 1 or number > 2**31 - 1:
        raise InvalidInput(_("Choose a valid option."), field=field)
    return number


# ---------------------------------------------------------------- opportunities


def _check_opportunity(opportunity: Opportunity) -> None:
    """The place consistent, the dates in order, the linked initiative and event of the same organisation."""
    from musharaka.events.models import Event
    from musharaka.geo.models import City, Neighbourhood, Region
    from musharaka.initiatives.models import Initiative
    from musharaka.taxonomy.models import Axis

    for name in TEXT_LIMITS:
        setattr(opportunity, name, clean_text(getattr(opportunity, name) or "", field=name,
                                              max_length=TEXT_LIMITS[name]))
    if not opportunity.title_ar:
        raise InvalidInput(_("This field is required."), field="title_ar")
    if not opportunity.description_ar:
        raise InvalidInput(_("This field is required."), field="description_ar")
    for name in ("region_id", "city_id", "neighbourhood_id", "axis_id", "initiative_id", "event_id"):
        setattr(opportunity, name, _as_id(getattr(opportunity, name), name))
    if opportunity.neighbourhood_id:
        neighbourhood = Neighbourhood.objects.filter(pk=opportunity.neighbourhood_id).select_related("city").first()
        if neighbourhood is None:
            raise InvalidInput(_("Choose a valid option."), field="neighbourhood_id")
        if opportunity.city_id and opportunity.city_id != neighbourhood.city_id:
            raise InvalidInput(_("The neighbourhood is not in this city."), field="neighbourhood_id")
        opportunity.city_id = neighbourhood.city_id
    if opportunity.city_id:
        city = City.objects.filter(pk=opportunity.city_id).first()
        if city is None:
            raise InvalidInput(_("Choose a valid option."), field="city_id")
        if opportunity.region_id and opportunity.region_id != city.region_id:
            raise InvalidInput(_("The city is not in this region."), field="city_id")
        opportunity.region_id = city.region_id
    if not opportunity.region_id:
        raise InvalidInput(_("Choose the region."), field="region_id")
    if not Region.objects.filter(pk=opportunity.region_id).exists():
        raise InvalidInput(_("Choose a valid option."), field="region_id")
    if opportunity.axis_id and not Axis.objects.filter(pk=opportunity.axis_id).exists():
        raise InvalidInput(_("Choose a valid option."), field="axis_id")
    if opportunity.initiative_id:
        lead = Initiative.objects.filter(pk=opportunity.initiative_id).values_list("lead_organization_id",
                                                                                   flat=True).first()
        if lead != opportunity.organization_id:
            raise InvalidInput(_("Link an initiative of this organisation."), field="initiative_id")
    if opportunity.event_id:
        organizer = Event.objects.filter(pk=opportunity.event_id).values_list("organization_id", flat=True).first()
        if organizer != opportunity.organization_id:
            raise InvalidInput(_("Link an event of this organisation."), field="event_id")
    for name in ("starts_on", "ends_on"):
        value = getattr(opportunity, name)
        if value in (None, ""):
            raise InvalidInput(_("This field is required."), field=name)
        setattr(opportunity, name, _as_date(value, name))
    if opportunity.ends_on < opportunity.starts_on:
        raise InvalidInput(_("The end date comes before the start date."), field="ends_on")
    clean_record(opportunity, exclude=["organization", "region", "city", "neighbourhood", "axis", "initiative",
                                       "event", "skills", "created_by"])


def _set_skills(opportunity: Opportunity, skill_ids) -> None:
    ids = {number for value in skill_ids if (number := _as_id(value, "skill_ids")) is not None}
    skills = list(Skill.objects.filter(pk__in=ids))
    if len(skills) != len(ids):
        raise InvalidInput(_("Choose a valid option."), field="skill_ids")
    opportunity.skills.set(skills)


@transaction.atomic
def opportunity_create(*, actor: "User", organization: Organization, data: dict[str, Any], skill_ids=(),
                       questions=()) -> Opportunity:
    """A draft opportunity; `questions` are dicts as for question_save (text_ar, text_en, required)."""
    require(actor, "volunteering.create_for_organization", organization)
    opportunity = Opportunity(organization=organization, created_by=actor)
    assign_fields(opportunity, data, OPPORTUNITY_FIELDS)
    _check_opportunity(opportunity)
    _author(opportunity, actor)
    opportunity.save()
    _set_skills(opportunity, skill_ids)
    for position, question in enumerate(questions):
        _question_write(opportunity, {"position": position, **question}, None)
    return opportunity


@transaction.atomic
def opportunity_update(*, actor: "User", opportunity: Opportunity, data: dict[str, Any],
                       skill_ids=None) -> Opportunity:
    require(actor, "volunteering.change_opportunity", opportunity)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise Conflict(_("A cancelled opportunity cannot be changed."), code="cancelled")
    assign_fields(opportunity, data, OPPORTUNITY_FIELDS)
    _check_opportunity(opportunity)
    _author(opportunity, actor)
    opportunity.save()
    if skill_ids is not None:
        _set_skills(opportunity, skill_ids)
    _reindex(opportunity)
    return opportunity


def _move(actor: "User", opportunity: Opportunity, allowed: tuple[str, ...], status: str) -> Opportunity:
    require(actor, "volunteering.change_opportunity", opportunity)
    opportunity = Opportunity.objects.select_for_update().select_related("organization").get(pk=opportunity.pk)
    if opportunity.status == status:
        return opportunity
    if opportunity.status not in allowed:
        raise Conflict(_("This opportunity cannot move to that status now."), code="bad_transition")
    opportunity.status = status
    if status == OpportunityStatus.PUBLISHED and opportunity.published_at is None:
        opportunity.published_at = timezone.now()
    _author(opportunity, actor)
    opportunity.save(update_fields=["status", "published_at", "updated_at"])
    _reindex(opportunity)
    return opportunity


@transaction.atomic
def opportunity_publish(*, actor: "User", opportunity: Opportunity) -> Opportunity:
    """Draft (or closed, to reopen it) → published; it needs at least one shift."""
    if not Shift.objects.filter(opportunity_id=opportunity.pk).exists():
        require(actor, "volunteering.change_opportunity", opportunity)
        raise Conflict(_("Add at least one shift before publishing."), code="no_shifts")
    return _move(actor, opportunity, (OpportunityStatus.DRAFT, OpportunityStatus.CLOSED),
                 OpportunityStatus.PUBLISHED)


@transaction.atomic
def opportunity_close(*, actor: "User", opportunity: Opportunity) -> Opportunity:
    """No new applications; hours may still be logged and verified."""
    return _move(actor, opportunity, (OpportunityStatus.PUBLISHED,), OpportunityStatus.CLOSED)


@transaction.atomic
def opportunity_cancel(*, actor: "User", opportunity: Opportunity) -> Opportunity:
    opportunity = _move(actor, opportunity, (OpportunityStatus.DRAFT, OpportunityStatus.PUBLISHED,
                                             OpportunityStatus.CLOSED), OpportunityStatus.CANCELLED)
    volunteers = [application.volunteer for application in Application.objects.filter(
        opportunity=opportunity, status__in=(ApplicationStatus.ACCEPTED, ApplicationStatus.PENDING,
                                             ApplicationStatus.WAITLISTED)).select_related("volunteer")]
    title = opportunity.title_ar
    notify(users=volunteers, title_for=lambda: _("Volunteer opportunity cancelled: %(title)s") % {"title": title},
           url=_opportunity_url(opportunity.pk))
    return opportunity


@transaction.atomic
def opportunity_delete(*, actor: "User", opportunity: Opportunity) -> None:
    require(actor, "volunteering.change_opportunity", opportunity)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status != OpportunityStatus.DRAFT:
        raise Conflict(_("Only a draft can be deleted; cancel or close it instead."), code="not_draft")
    search.unindex(SEARCH_KIND, opportunity.pk)
    _author(opportunity, actor)
    opportunity.delete()


# ---------------------------------------------------------------- questions


def _question_write(opportunity: Opportunity, data: dict[str, Any], question: Question | None) -> Question:
    if question is None:
        if Question.objects.filter(opportunity=opportunity).count() >= MAX_QUESTIONS:
            raise Conflict(_("An opportunity has at most %(count)s questions.") % {"count": MAX_QUESTIONS},
                           code="too_many")
        question = Question(opportunity=opportunity,
                            position=Question.objects.filter(opportunity=opportunity).count())
    if "text_ar" in data:
        question.text_ar = clean_text(data["text_ar"], field="text_ar", max_length=300, min_length=2)
    if "text_en" in data:
        question.text_en = clean_text(data["text_en"], field="text_en", max_length=300)
    if "required" in data:
        question.required = bool(data["required"])
    if "position" in data:
        try:
            question.position = min(max(int(data["position"]), 0), 32767)
        except (TypeError, ValueError):
            raise InvalidInput(_("Enter a whole number."), field="position") from None
    if not question.text_ar:
        raise InvalidInput(_("This field is required."), field="text_ar")
    question.save()
    return question


@transaction.atomic
def question_save(*, actor: "User", opportunity: Opportunity, data: dict[str, Any],
                  question: Question | None = None) -> Question:
    require(actor, "volunteering.change_opportunity", opportunity)
    if question is not None and question.opportunity_id != opportunity.pk:
        raise InvalidInput(_("Choose a valid option."), field="question")
    return _question_write(opportunity, data, question)


@transaction.atomic
def question_delete(*, actor: "User", question: Question) -> None:
    require(actor, "volunteering.change_opportunity", question.opportunity)
    question.delete()


# ---------------------------------------------------------------- shifts


def _as_capacity(value: Any) -> int:
    if isinstance(value, bool) or value in (None, ""):
        raise InvalidInput(_("Enter a whole number."), field="capacity")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Enter a whole number."), field="capacity") from None
    if not 1 <= number <= MAX_SHIFT_CAPACITY:
        raise InvalidInput(_("Enter a number between 1 and %(max)s.") % {"max": MAX_SHIFT_CAPACITY},
                           field="capacity")
    return number


@transaction.atomic
def shift_save(*, actor: "User", opportunity: Opportunity, data: dict[str, Any], shift: Shift | None = None) -> Shift:
    """Create or change a shift (title, starts_at, ends_at, capacity); the capacity never goes below the seats
    already taken. With auto_accept, seats a larger capacity frees go to the waitlist in arrival order."""
    require(actor, "volunteering.change_opportunity", opportunity)
    opportunity = Opportunity.objects.get(pk=opportunity.pk)
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise Conflict(_("A cancelled opportunity cannot be changed."), code="cancelled")
    if shift is None:
        if Shift.objects.filter(opportunity=opportunity).count() >= MAX_SHIFTS:
            raise Conflict(_("An opportunity has at most %(count)s shifts.") % {"count": MAX_SHIFTS},
                           code="too_many")
        shift = Shift(opportunity=opportunity, accepted_count=0, waitlist_count=0)
        old_seats = 0
    else:
        shift = Shift.objects.select_for_update().get(pk=shift.pk)
        if shift.opportunity_id != opportunity.pk:
            raise InvalidInput(_("Choose a valid option."), field="shift")
        old_seats = shift.seats_left
    if "title" in data:
        shift.title = clean_text(data["title"], field="title", max_length=200)
    for name in ("starts_at", "ends_at"):
        if name in data:
            setattr(shift, name, parse_moment(data[name], field=name))
        elif getattr(shift, name, None) is None:
            raise InvalidInput(_("This field is required."), field=name)
    if shift.ends_at <= shift.starts_at:
        raise InvalidInput(_("The shift ends before it starts."), field="ends_at")
    starts_on = timezone.localdate(shift.starts_at)
    if not opportunity.starts_on <= starts_on <= opportunity.ends_on:
        # The opportunity's stored dates decide: a conflict with them (409), as the same moment fits another one.
        raise Conflict(_("The shift must fall within the opportunity's dates."), code="outside_dates",
                       field="starts_at")
    if "capacity" in data or shift.pk is None:
        capacity = _as_capacity(data.get("capacity"))
        if capacity < shift.accepted_count:
            raise Conflict(_("%(count)s volunteers are already accepted on this shift: the capacity cannot be "
                             "lower.") % {"count": shift.accepted_count}, code="below_accepted")
        shift.capacity = capacity
    shift.save()
    _bump(Opportunity, opportunity.pk, seats_left=shift.seats_left - old_seats)
    if opportunity.auto_accept:
        _promote_waitlist(shift)
    return shift


@transaction.atomic
def shift_delete(*, actor: "User", shift: Shift) -> None:
    require(actor, "volunteering.change_opportunity", shift.opportunity)
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if Application.objects.filter(shift=shift, status=ApplicationStatus.ACCEPTED).exists():
        raise Conflict(_("This shift has accepted volunteers: decline them first."), code="has_accepted")
    pending = Application.objects.filter(shift=shift, status=ApplicationStatus.PENDING).count()
    _bump(Opportunity, shift.opportunity_id, seats_left=-shift.seats_left, pending_count=-pending)
    shift.delete()


# ---------------------------------------------------------------- applications


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _clean_answers(opportunity: Opportunity, answers: dict[int, str] | None) -> dict[int, str]:
    questions = {question.pk: question for question in Question.objects.filter(opportunity=opportunity)}
    cleaned: dict[int, str] = {}
    for key, value in (answers or {}).items():
        question_id = _as_id(key, "answers")
        if question_id not in questions:
            raise InvalidInput(_("An answer names a question this opportunity does not ask."), field="answers")
        text = clean_text(str(value or ""), field=f"answer_{question_id}", max_length=ANSWER_MAX_LENGTH)
        if text:
            cleaned[question_id] = text
    for question in questions.values():
        if question.required and question.pk not in cleaned:
            raise InvalidInput(_("Answer this question."), code="answer_required", field=f"answer_{question.pk}")
    return cleaned


def _enter(application: Application, status: str) -> None:
    """Count the application into `status` (its shift is locked by the caller)."""
    if status == ApplicationStatus.ACCEPTED:
        _bump(Shift, application.shift_id, accepted_count=1)
        _bump(Opportunity, application.opportunity_id, seats_left=-1)
    elif status == ApplicationStatus.WAITLISTED:
        _bump(Shift, application.shift_id, waitlist_count=1)
    elif status == ApplicationStatus.PENDING:
        _bump(Opportunity, application.opportunity_id, pending_count=1)


def _leave(application: Application, status: str) -> None:
    if status == ApplicationStatus.ACCEPTED:
        _bump(Shift, application.shift_id, accepted_count=-1)
        _bump(Opportunity, application.opportunity_id, seats_left=1)
    elif status == ApplicationStatus.WAITLISTED:
        _bump(Shift, application.shift_id, waitlist_count=-1)
    elif status == ApplicationStatus.PENDING:
        _bump(Opportunity, application.opportunity_id, pending_count=-1)


def _set_status(application: Application, status: str, actor: "User | None") -> None:
    previous = application.status
    if previous == status:
        return
    _leave(application, previous)
    _enter(application, status)
    application.status = status
    _author(application, actor)
    application.save()


def _notify_decision(application: Application) -> None:
    opportunity = application.opportunity
    title, status, reason = opportunity.title_ar, application.status, application.decline_reason

    def title_for() -> str:
        if status == ApplicationStatus.ACCEPTED:
            return _("You are accepted as a volunteer: %(title)s") % {"title": title}
        if status == ApplicationStatus.WAITLISTED:
            return _("You are on the waitlist: %(title)s") % {"title": title}
        return _("Your application was declined: %(title)s") % {"title": title}

    notify(users=[application.volunteer], title_for=title_for, body_for=(lambda: reason) if reason else None,
           url=_opportunity_url(opportunity.pk))


def _promote_waitlist(shift: Shift) -> int:
    """Seats free on an auto-accept shift go to the waitlist in arrival order (the shift is locked)."""
    shift.refresh_from_db(fields=["capacity", "accepted_count", "waitlist_count"])
    free = shift.capacity - shift.accepted_count
    if free <= 0:
        return 0
    waiters = list(Application.objects.select_for_update().filter(
        shift=shift, status=ApplicationStatus.WAITLISTED).select_related("opportunity", "volunteer")[:free])
    for waiter in waiters:
        _set_status(waiter, ApplicationStatus.ACCEPTED, None)
        waiter.decided_at = timezone.now()
        waiter.save(update_fields=["decided_at"])
        _notify_decision(waiter)
    return len(waiters)


def application_create(*, actor: "User", shift: Shift, message: str = "", answers: dict[int, str] | None = None,
                       birth_date=None) -> Application:
    """Apply to a shift: pending, or with auto_accept a free seat at once, else the waitlist."""
    if not (actor and actor.is_authenticated):
        raise NotPermitted()
    message = clean_text(message, field="message", max_length=ANSWER_MAX_LENGTH)
    with transaction.atomic():
        shift = Shift.objects.select_for_update(of=("self",)).select_related(
            "opportunity", "opportunity__organization").get(pk=shift.pk)
        opportunity = shift.opportunity
        require(actor, "volunteering.apply", opportunity)
        if opportunity.status != OpportunityStatus.PUBLISHED:
            raise Conflict(_("This opportunity takes no applications now."), code="not_open")
        if shift.starts_at <= timezone.now():
            raise Conflict(_("This shift has already started."), code="shift_started")
        if opportunity.minimum_age:
            if birth_date in (None, ""):
                raise InvalidInput(_("Give your date of birth: this opportunity has a minimum age."),
                                   code="birth_date_required", field="birth_date")
            birth_date = _as_date(birth_date, "birth_date")
            day = timezone.localdate(shift.starts_at)
            if birth_date > _today() or birth_date.year < 1900:
                raise InvalidInput(_("Enter a valid date."), field="birth_date")
            if _age_on(birth_date, day) < opportunity.minimum_age:
                raise InvalidInput(_("The minimum age for this opportunity is %(age)s years on the shift's date.")
                                   % {"age": opportunity.minimum_age}, code="too_young", field="birth_date")
        else:
            birth_date = None
        cleaned = _clean_answers(opportunity, answers)
        if Application.objects.filter(shift=shift, volunteer=actor,
                                      status__in=(ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED,
                                                  ApplicationStatus.WAITLISTED)).exists():
            raise Conflict(_("You have already applied to this shift."), code="already_applied")
        application = Application(opportunity=opportunity, shift=shift, volunteer=actor, message=message,
                                  birth_date=birth_date)
        if opportunity.auto_accept:
            full = shift.accepted_count >= shift.capacity
            application.status = ApplicationStatus.WAITLISTED if full else ApplicationStatus.ACCEPTED
            application.decided_at = timezone.now()
        _author(application, actor)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise Conflict(_("You have already applied to this shift."), code="already_applied") from None
        _enter(application, application.status)
        Answer.objects.bulk_create([Answer(application=application, question_id=question_id, text=text)
                                    for question_id, text in cleaned.items()])
        name = str(actor)
        title = opportunity.title_ar
        notify(users=_staff_of(opportunity.organization_id),
               title_for=lambda: _("New volunteer application: %(title)s") % {"title": title},
               body_for=lambda: name,
               url=_url("applications", opportunity.pk))
        if opportunity.auto_accept:
            transaction.on_commit(partial(_notify_decision, application))
    return application


DECISIONS = {"accept": ApplicationStatus.ACCEPTED, "waitlist": ApplicationStatus.WAITLISTED,
             "decline": ApplicationStatus.DECLINED}


def application_decide(*, actor: "User", application: Application, decision: str, reason: str = "") -> Application:
    if decision not in DECISIONS:
        raise InvalidInput(_("Choose a valid option."), field="decision")
    status = DECISIONS[decision]
    reason = clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH)
    require(actor, "volunteering.decide_application", application)
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=application.shift_id)
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "opportunity", "volunteer").get(pk=application.pk)
        if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED,
                                      ApplicationStatus.WAITLISTED):
            raise Conflict(_("This application was withdrawn or declined."), code="not_live")
        if application.opportunity.status == OpportunityStatus.CANCELLED:
            raise Conflict(_("A cancelled opportunity cannot be changed."), code="cancelled")
        if application.status == status:
            return application
        if status == ApplicationStatus.ACCEPTED and shift.accepted_count >= shift.capacity:
            raise Conflict(_("This shift is full."), code="full")
        freed = application.status == ApplicationStatus.ACCEPTED
        _set_status(application, status, actor)
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.decline_reason = reason if status == ApplicationStatus.DECLINED else ""
        application.save(update_fields=["decided_at", "decided_by", "decline_reason", "updated_at"])
        _notify_decision(application)
        if freed and application.opportunity.auto_accept:
            _promote_waitlist(shift)
    return application


def application_withdraw(*, actor: "User", application: Application) -> Application:
    if not (actor and actor.is_authenticated and application.volunteer_id == actor.pk):
        raise NotPermitted()
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=application.shift_id)
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "opportunity").get(pk=application.pk)
        if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED,
                                      ApplicationStatus.WAITLISTED):
            raise Conflict(_("This application was withdrawn or declined."), code="not_live")
        freed = application.status == ApplicationStatus.ACCEPTED
        _set_status(application, ApplicationStatus.WITHDRAWN, actor)
        if freed and application.opportunity.auto_accept:
            _promote_waitlist(shift)
    return application


# ---------------------------------------------------------------- hours


def _tally(entry: HourEntry, sign: int) -> None:
    """Move the tally of the entry's year, organisation, region and axis by ±its hours."""
    _tally_add(entry.date.year, entry.organization_id, entry.region_id, entry.axis_id,
               entry.hours * sign, sign)


def _tally_add(year: int, organization_id: int, region_id: int, axis_id: int | None, hours: Decimal,
               entries: int) -> None:
    key = {"year": year, "organization_id": organization_id, "region_id": region_id, "axis_id": axis_id}
    changes = {"hours": F("hours") + hours, "entries": F("entries") + entries}
    if HoursTally.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():  # a savepoint: another transaction may create the same row first
            HoursTally.objects.create(**key, hours=hours, entries=entries)
    except IntegrityError:
        HoursTally.objects.filter(**key).update(**changes)


def _clean_entry(entry: HourEntry, opportunity: Opportunity, data: dict[str, Any]) -> None:
    if "hours" in data or entry.pk is None:
        hours = parse_decimal(data.get("hours"), field="hours")
        if not MIN_ENTRY_HOURS <= hours <= MAX_ENTRY_HOURS:
            raise InvalidInput(_("Enter between %(low)s and %(high)s hours.") % {
                "low": MIN_ENTRY_HOURS, "high": MAX_ENTRY_HOURS}, field="hours")
        if (hours * 4) != (hours * 4).to_integral_value():
            raise InvalidInput(_("Enter hours in quarters of an hour (0.25, 0.5, 0.75…)."), field="hours")
        entry.hours = hours.quantize(Decimal("0.01"))
    if "date" in data or entry.pk is None:
        if data.get("date") in (None, ""):
            raise InvalidInput(_("This field is required."), field="date")
        day = _as_date(data["date"], "date")
        if day > _today():
            raise InvalidInput(_("Hours cannot be logged for a future date."), field="date")
        if not opportunity.starts_on <= day <= opportunity.ends_on:
            raise InvalidInput(_("The date must fall within the opportunity's dates."), field="date")
        entry.date = day
    if "activity" in data:
        entry.activity = clean_text(data["activity"], field="activity", max_length=ACTIVITY_MAX_LENGTH)
    if "shift_id" in data:
        shift_id = _as_id(data["shift_id"], "shift_id")
        if shift_id is not None and not Shift.objects.filter(pk=shift_id, opportunity=opportunity).exists():
            raise InvalidInput(_("Choose a shift of this opportunity."), field="shift_id")
        entry.shift_id = shift_id
    if entry.shift_id is None and not entry.activity:
        raise InvalidInput(_("Choose the shift or describe the activity."), field="activity")


@transaction.atomic
def hours_log(*, actor: "User", opportunity: Opportunity, data: dict[str, Any]) -> HourEntry:
    """An accepted volunteer logs hours (date, hours, activity, shift_id); they count once verified."""
    require(actor, "volunteering.log_hours", opportunity)
    opportunity = Opportunity.objects.get(pk=opportunity.pk)
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise Conflict(_("A cancelled opportunity cannot be changed."), code="cancelled")
    entry = HourEntry(volunteer=actor, opportunity=opportunity, organization_id=opportunity.organization_id,
                      region_id=opportunity.region_id, axis_id=opportunity.axis_id)
    _clean_entry(entry, opportunity, data)
    entry.save()
    return entry


def _own_pending(actor: "User", entry: HourEntry) -> HourEntry:
    if not (actor and actor.is_authenticated and entry.volunteer_id == actor.pk):
        raise NotPermitted()
    entry = HourEntry.objects.select_for_update(of=("self",)).select_related("opportunity").get(pk=entry.pk)
    if entry.status != EntryStatus.PENDING:
        raise Conflict(_("Only hours awaiting verification can be changed."), code="not_pending")
    return entry


@transaction.atomic
def hours_update(*, actor: "User", entry: HourEntry, data: dict[str, Any]) -> HourEntry:
    entry = _own_pending(actor, entry)
    _clean_entry(entry, entry.opportunity, data)
    entry.save()
    return entry


@transaction.atomic
def hours_delete(*, actor: "User", entry: HourEntry) -> None:
    _own_pending(actor, entry).delete()


def _notify_rejected(entry: HourEntry) -> None:
    day, hours, reason = entry.date, entry.hours, entry.reject_reason
    notify(users=[entry.volunteer],
           title_for=lambda: _("Your hours of %(date)s (%(hours)s h) were not verified") % {"date": day,
                                                                                            "hours": hours},
           body_for=lambda: reason, url=_url("profile"))


@transaction.atomic
def hours_verify(*, actor: "User", entry: HourEntry) -> HourEntry:
    require(actor, "volunteering.verify_hours", entry)
    entry = HourEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.PENDING:
        raise Conflict(_("Only hours awaiting verification can be verified."), code="not_pending")
    entry.status = EntryStatus.VERIFIED
    entry.decided_at, entry.decided_by, entry.reject_reason = timezone.now(), actor, ""
    entry.save(update_fields=["status", "decided_at", "decided_by", "reject_reason"])
    _tally(entry, 1)
    return entry


@transaction.atomic
def hours_reject(*, actor: "User", entry: HourEntry, reason: str) -> HourEntry:
    """Pending or already verified hours are rejected with a reason (verified ones leave the tally)."""
    reason = clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH, min_length=2)
    require(actor, "volunteering.verify_hours", entry)
    entry = HourEntry.objects.select_for_update(of=("self",)).select_related("volunteer").get(pk=entry.pk)
    if entry.status == EntryStatus.REJECTED:
        raise Conflict(_("These hours were already rejected."), code="not_pending")
    if entry.status == EntryStatus.VERIFIED:
        _tally(entry, -1)
    entry.status = EntryStatus.REJECTED
    entry.decided_at, entry.decided_by, entry.reject_reason = timezone.now(), actor, reason
    entry.save(update_fields=["status", "decided_at", "decided_by", "reject_reason"])
    _notify_rejected(entry)
    return entry


@transaction.atomic
def hours_verify_shift(*, actor: "User", shift: Shift) -> int:
    """Verify every pending entry of the shift at once (but the actor's own); returns how many."""
    require(actor, "volunteering.verify_hours", shift)
    entries = list(HourEntry.objects.select_for_update().filter(shift_id=shift.pk, status=EntryStatus.PENDING)
                   .exclude(volunteer=actor))
    if not entries:
        return 0
    now = timezone.now()
    HourEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
        status=EntryStatus.VERIFIED, decided_at=now, decided_by=actor, reject_reason="")
    sums: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for entry in entries:
        group = sums[(entry.date.year, entry.organization_id, entry.region_id, entry.axis_id)]
        group[0] += entry.hours
        group[1] += 1
    # Tally rows in one order for every transaction, so two bulk verifications never wait on each other in a cycle.
    for (year, organization_id, region_id, axis_id), (hours, count) in sorted(
            sums.items(), key=lambda item: (item[0][0], item[0][1], item[0][2], item[0][3] or 0)):
        _tally_add(year, organization_id, region_id, axis_id, hours, count)
    return len(entries)


# ---------------------------------------------------------------- certificates


@transaction.atomic
def certificate_issue(*, actor: "User", volunteer: "User", organization: Organization,
                      opportunity: Opportunity | None = None) -> Certificate:
    """A certificate of the volunteer's verified hours with the organisation (or one of its opportunities)."""
    if not (actor and actor.is_authenticated):
        raise NotPermitted()
    if actor.pk != volunteer.pk and not can(actor, "volunteering.revoke_certificate", organization):
        raise NotPermitted()
    if opportunity is not None and opportunity.organization_id != organization.pk:
        raise InvalidInput(_("Choose an opportunity of this organisation."), field="opportunity_id")
    entries = HourEntry.objects.filter(volunteer=volunteer, organization=organization, status=EntryStatus.VERIFIED)
    if opportunity is not None:
        entries = entries.filter(opportunity=opportunity)
    totals = entries.aggregate(hours=Sum("hours"), first=Min("date"), last=Max("date"))
    if not totals["hours"]:
        raise Conflict(_("There are no verified hours to certify."), code="no_hours")
    # Asking again for the same hours gives the same certificate (a second click prints no second paper).
    same = Certificate.objects.filter(volunteer=volunteer, organization=organization, opportunity=opportunity,
                                      revoked_at__isnull=True, hours=totals["hours"], first_date=totals["first"],
                                      last_date=totals["last"]).first()
    if same is not None:
        return same
    certificate = Certificate(
        volunteer=volunteer, organization=organization, opportunity=opportunity, issued_at=timezone.now(),
        issued_by=actor, name=(volunteer.get_full_name() or volunteer.username)[:200],
        organization_name_ar=organization.name_ar[:200],
        organization_name_en=(getattr(organization, "name_en", "") or "")[:200],
        opportunity_title_ar=opportunity.title_ar if opportunity else "",
        opportunity_title_en=opportunity.title_en if opportunity else "",
        first_date=totals["first"], last_date=totals["last"], hours=totals["hours"])
    certificate.save()
    return certificate


@transaction.atomic
def certificate_revoke(*, actor: "User", certificate: Certificate, reason: str) -> Certificate:
    require(actor, "volunteering.revoke_certificate", certificate)
    reason = clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH, min_length=2)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise Conflict(_("This certificate is already revoked."), code="revoked")
    certificate.revoked_at, certificate.revoked_reason = timezone.now(), reason
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    return certificate


# ---- volapi16: the values of a volunteer hour (platform staff)

HOUR_VALUE_MAXIMUM = Decimal(100_000)


def hour_value_create(*, actor, data: dict[str, Any]) -> HourValue:
    """A value of an hour from a date, national (no region) or for one region, on a stated basis. One value per
    region (or nationally) per date: a second one on the same date is a 409 (`exists`)."""
    require(actor, "volunteering.manage_hour_values")
    amount = parse_decimal(data.get("amount"), field="amount")
    if amount < Decimal("0.01") or amount > HOUR_VALUE_MAXIMUM:
        raise InvalidInput(_("Enter a value between 0.01 and %(maximum)s.") % {"maximum": HOUR_VALUE_MAXIMUM},
                            field="amount")
    if amount.quantize(Decimal("0.01")) != amount:
        raise InvalidInput(_("Use at most %(count)s decimal places.") % {"count": 2}, field="amount")
    effective_from = data.get("effective_from")
    if not isinstance(effective_from, datetime.date):
        raise InvalidInput(_("Enter a date."), field="effective_from")
    value = HourValue(
        region_id=data.get("region_id") or None, amount=amount, currency=data.get("currency") or "SAR",
        basis_ar=clean_text(data.get("basis_ar") or "", field="basis_ar", max_length=300, min_length=2),
        basis_en=clean_text(data.get("basis_en") or "", field="basis_en", max_length=300),
        effective_from=effective_from)
    clean_record(value, exclude=["region"])
    if value.region_id is not None:
        from musharaka.geo.models import Region

        if not Region.objects.filter(pk=value.region_id).exists():
            raise InvalidInput(_("Choose a region from the list."), field="region_id")
    try:
        with transaction.atomic():
            value.save()
    except IntegrityError:
        raise Conflict(_("A value of an hour already takes effect on that date here."),
                        code="exists") from None
    return value


def hour_value_delete(*, actor, hour_value: HourValue) -> None:
    """Remove a value (statistics then price hours at the value in force without it; investments already copied
    into impact analyses keep theirs)."""
    require(actor, "volunteering.manage_hour_values")
    hour_value.delete()
