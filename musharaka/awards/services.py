"""Every write to awards: programmes and cycles with their categories, criteria and questions; applications and
their evidence; the jury (invitations, panels, recusals, assignment); scoresheets; rounds and their ranking;
deliberation, winners, the published results and the people's choice.

What the lists read is kept here, in the same transaction as the change: the cycle's application count, each
round's sheet counts, and every figure of a round's ranking (recomputed from the round's submitted sheets each
time a sheet is submitted, by `scoring.round_result`).
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.core.files import ATTACHMENT_MAX_BYTES, validate_document_upload
from musharaka.core.permissions import require
from musharaka.core.records import assign_fields, clean_record
from musharaka.core.text import clean_text
from musharaka.initiatives.models import Initiative, InitiativePartner
from musharaka.notifications.services import notify
from musharaka.orgs.models import Membership

from . import scoring
from .models import (
    MAX_SCORE,
    WEIGHT_TOTAL,
    Application,
    ApplicationEvidence,
    ApplicationStatus,
    Category,
    Criterion,
    Cycle,
    CycleStage,
    DeliberationNote,
    Judge,
    JudgeStatus,
    PanelMember,
    Programme,
    Question,
    Recusal,
    RecusalSource,
    Round,
    RoundEntry,
    RoundStatus,
    Score,
    Scoresheet,
    SheetStatus,
    Vote,
    Winner,
)
from .rules import forget_recusals, is_staff_of

if TYPE_CHECKING:
    from musharaka.accounts.models import User
    from musharaka.orgs.models import Organization

SEARCH_KIND = "award_programme"
MAX_EVIDENCE_FILES = 10
MAX_CATEGORIES = 30
MAX_CRITERIA = 20
MAX_QUESTIONS = 20

PROGRAMME_FIELDS = ("name_ar", "name_en", "description_ar", "description_en", "eligibility_ar", "eligibility_en",
                    "region")
CYCLE_FIELDS = ("year", "title_ar", "title_en", "nominations_open_at", "nominations_close_at", "eligibility_until",
                "judging_until", "deliberation_until", "results_on", "blind_judging", "feedback_to_applicants",
                "people_choice")
CATEGORY_FIELDS = ("kind", "name_ar", "name_en", "description_ar", "description_en", "axis", "needs_initiative",
                   "allows_residents", "judges_per_application", "winner_places", "position")
CRITERION_FIELDS = ("name_ar", "name_en", "guidance_ar", "guidance_en", "weight", "levels", "position")
QUESTION_FIELDS = ("text_ar", "text_en", "required", "max_length", "position")
APPLICATION_FIELDS = ("title_ar", "title_en", "summary_ar", "summary_en")


def _require_stage(cycle: Cycle, *stages: str, message: str | None = None) -> None:
    if cycle.stage not in stages:
        raise Conflict(message or _("This cannot be done in the cycle's current phase (%(phase)s).")
                       % {"phase": cycle.get_stage_display()}, code="wrong_phase")


def _delete_files(files: list) -> None:
    """Stored files of deleted rows, once the deletion is committed (a rollback keeps them)."""
    for stored in files:
        stored.delete(save=False)


def _locked_cycle(cycle: Cycle) -> Cycle:
    """The cycle re-read under a row lock: phase changes and what depends on the phase are serialised."""
    return Cycle.objects.select_for_update().select_related("programme").get(pk=cycle.pk)


# ---------------------------------------------------------------- programmes


def _clean_programme(programme: Programme) -> None:
    programme.name_ar = clean_text(programme.name_ar, field="name_ar", max_length=250, min_length=3)
    programme.name_en = clean_text(programme.name_en, field="name_en", max_length=250)
    for field in ("description_ar", "description_en", "eligibility_ar", "eligibility_en"):
        setattr(programme, field, clean_text(getattr(programme, field), field=field, max_length=8000))


def _index_programme(programme: Programme) -> None:
    search.index(SEARCH_KIND, programme.pk, programme.name_ar, programme.name_en, programme.description_ar,
                 programme.description_en)


@transaction.atomic
def programme_create(*, actor: "User", organization: "Organization", data: dict[str, Any]) -> Programme:
    require(actor, "awards.organise_for", organization)
    programme = Programme(organization=organization, created_by=actor)
    assign_fields(programme, data, PROGRAMME_FIELDS)
    _clean_programme(programme)
    programme._history_user = actor  # type: ignore[attr-defined]
    programme.save()
    _index_programme(programme)
    return programme


@transaction.atomic
def programme_update(*, actor: "User", programme: Programme, data: dict[str, Any]) -> Programme:
    require(actor, "awards.manage", programme)
    assign_fields(programme, data, PROGRAMME_FIELDS)
    _clean_programme(programme)
    programme._history_user = actor  # type: ignore[attr-defined]
    programme.save()
    _index_programme(programme)
    return programme


# ---------------------------------------------------------------- cycles


def _clean_cycle(cycle: Cycle) -> None:
    cycle.title_ar = clean_text(cycle.title_ar, field="title_ar", max_length=250)
    cycle.title_en = clean_text(cycle.title_en, field="title_en", max_length=250)
    clean_record(cycle, exclude=["programme", "created_by"])
    # The deadline is kept to the second: a submission within the closing second is on time.
    cycle.nominations_open_at = cycle.nominations_open_at.replace(microsecond=0)
    cycle.nominations_close_at = cycle.nominations_close_at.replace(microsecond=0)
    if cycle.nominations_close_at <= cycle.nominations_open_at:
        raise InvalidInput(_("Nominations must close after they open."), code="close_before_open",
                           field="nominations_close_at")
    close_day = timezone.localtime(cycle.nominations_close_at).date()
    planned = [("eligibility_until", cycle.eligibility_until), ("judging_until", cycle.judging_until),
               ("deliberation_until", cycle.deliberation_until), ("results_on", cycle.results_on)]
    previous = close_day
    for field, day in planned:
        if day is None:
            continue
        if day < previous:
            raise InvalidInput(_("The phases' dates must follow each other in order."), code="phases_out_of_order",
                               field=field)
        previous = day
    if not cycle.people_choice:
        cycle.people_choice_open = False


@transaction.atomic
def cycle_create(*, actor: "User", programme: Programme, data: dict[str, Any]) -> Cycle:
    require(actor, "awards.manage", programme)
    cycle = Cycle(programme=programme, created_by=actor)
    assign_fields(cycle, data, CYCLE_FIELDS)
    _clean_cycle(cycle)
    if Cycle.objects.filter(programme=programme, year=cycle.year).exists():
        raise InvalidInput(_("The programme already has a cycle for %(year)s.") % {"year": cycle.year},
                           code="duplicate_year", field="year")
    cycle._history_user = actor
    cycle.save()
    return cycle


@transaction.atomic
def cycle_update(*, actor: "User", cycle: Cycle, data: dict[str, Any]) -> Cycle:
    require(actor, "awards.manage", cycle)
    cycle = _locked_cycle(cycle)
    if cycle.stage == CycleStage.PUBLISHED:
        raise Conflict(_("The results are published: the cycle can no longer change."), code="published")
    if "year" in data and data["year"] != cycle.year and cycle.stage != CycleStage.DRAFT:
        raise Conflict(_("The year is fixed once nominations open."), code="year_fixed")
    assign_fields(cycle, data, CYCLE_FIELDS)
    _clean_cycle(cycle)
    if Cycle.objects.filter(programme_id=cycle.programme_id, year=cycle.year).exclude(pk=cycle.pk).exists():
        raise InvalidInput(_("The programme already has a cycle for %(year)s.") % {"year": cycle.year},
                           code="duplicate_year", field="year")
    cycle._history_user = actor
    cycle.save()
    return cycle


def cycle_problems(cycle: Cycle) -> list[str]:
    """What stops the cycle from moving to its next phase, in words for the organiser (empty: it may move)."""
    problems: list[str] = []
    categories = list(cycle.categories.order_by("position", "pk"))
    if cycle.stage == CycleStage.DRAFT:
        if not categories:
            problems.append(_("Add at least one category."))
        sums = {category.pk: 0 for category in categories}
        counts = {category.pk: 0 for category in categories}
        for category_id, weight in Criterion.objects.filter(category__cycle=cycle).values_list("category_id",
                                                                                                 "weight"):
            sums[category_id] += weight
            counts[category_id] += 1
        for category in categories:
            if not counts[category.pk]:
                problems.append(_("“%(category)s” has no criteria.") % {"category": category.name_ar})
            elif sums[category.pk] != WEIGHT_TOTAL:
                problems.append(_("The weights of “%(category)s” add up to %(total)s, not 100.")
                                % {"category": category.name_ar, "total": sums[category.pk]})
    elif cycle.stage == CycleStage.NOMINATIONS:
        if timezone.now() <= cycle.nominations_close_at:
            problems.append(_("Nominations are open until %(deadline)s.")
                            % {"deadline": date_format(timezone.localtime(cycle.nominations_close_at),
                                                       "DATETIME_FORMAT")})
    elif cycle.stage == CycleStage.ELIGIBILITY:
        waiting = cycle.applications.filter(status=ApplicationStatus.SUBMITTED).count()
        if waiting:
            problems.append(_("%(count)s applications still wait for their eligibility check.") % {"count": waiting})
    elif cycle.stage == CycleStage.JUDGING:
        open_rounds = Round.objects.filter(category__cycle=cycle, status=RoundStatus.OPEN).count()
        if open_rounds:
            problems.append(_("%(count)s judging rounds are still open.") % {"count": open_rounds})
    elif cycle.stage == CycleStage.DELIBERATION:
        for category in categories:
            has_entries = RoundEntry.objects.filter(round__category=category).exists()
            if has_entries and not category.winners.exists():
                problems.append(_("Confirm the winners of “%(category)s”.") % {"category": category.name_ar})
    return problems


@transaction.atomic
def cycle_advance(*, actor: "User", cycle: Cycle) -> Cycle:
    """Move the cycle to its next phase, once cycle_problems has nothing to say."""
    require(actor, "awards.manage", cycle)
    cycle = _locked_cycle(cycle)
    if cycle.stage == CycleStage.PUBLISHED:
        raise Conflict(_("The results are already published."), code="published")
    problems = cycle_problems(cycle)
    if problems:
        raise Conflict(" ".join(problems), code="not_ready")
    stages = list(CycleStage)
    cycle.stage = stages[stages.index(CycleStage(cycle.stage)) + 1]
    if cycle.stage == CycleStage.JUDGING:
        _start_judging(cycle)
    elif cycle.stage == CycleStage.PUBLISHED:
        _publish_results(cycle, actor=actor)
    cycle._history_user = actor
    cycle.save()
    return cycle


def _start_judging(cycle: Cycle) -> None:
    """Round 1 of every category takes its eligible applications, and judges are assigned where panels exist."""
    for category in cycle.categories.all():
        first, _created = Round.objects.get_or_create(category=category, number=1)
        eligible = category.applications.filter(status=ApplicationStatus.ELIGIBLE).values_list("pk", flat=True)
        RoundEntry.objects.bulk_create([RoundEntry(round=first, application_id=pk) for pk in eligible],
                                       ignore_conflicts=True)
        Application.objects.filter(pk__in=list(eligible)).update(last_round=1)
        if first.members.exists():
            _assign_round(first)


def _publish_results(cycle: Cycle, *, actor: "User") -> None:
    cycle.results_published_at = timezone.now()
    cycle.people_choice_open = False
    applicants = _applicants_of(cycle.applications.exclude(
        status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]).only("organization_id", "applicant_id"))
    name = str(cycle)
    notify(users=applicants, url=reverse("awards:results", args=[cycle.pk]),
           title_for=lambda: _("The results of %(cycle)s are published.") % {"cycle": name})
    for winner in Winner.objects.filter(category__cycle=cycle).select_related(
            "category", "application__organization", "application__applicant", "application__initiative"):
        winner.printed = certificate_fields(winner, cycle=cycle)
        winner.save(update_fields=["printed"])


def certificate_fields(winner: Winner, *, cycle: Cycle) -> dict[str, Any]:
    """What a winner's certificate prints, in both languages, copied when the results are published."""
    application = winner.application
    organization = application.organization
    applicant = application.applicant
    return {
        "winner_ar": organization.name_ar if organization else applicant.get_full_name() or applicant.username,
        "winner_en": (organization.name_en or organization.name_ar) if organization
        else applicant.get_full_name() or applicant.username,
        "title_ar": application.title_ar, "title_en": application.title_en or application.title_ar,
        "category_ar": winner.category.name_ar, "category_en": winner.category.name_en or winner.category.name_ar,
        "programme_ar": cycle.programme.name_ar, "programme_en": cycle.programme.name_en or cycle.programme.name_ar,
        "cycle_ar": cycle.title_ar, "cycle_en": cycle.title_en or cycle.title_ar,
        "year": cycle.year, "place": winner.place,
        "organiser_ar": cycle.programme.organization.name_ar,
        "organiser_en": cycle.programme.organization.name_en or cycle.programme.organization.name_ar,
        "published_on": timezone.localdate().isoformat(),
    }


@transaction.atomic
def cycle_set_people_choice(*, actor: "User", cycle: Cycle, is_open: bool) -> Cycle:
    require(actor, "awards.manage", cycle)
    cycle = _locked_cycle(cycle)
    if is_open and not cycle.people_choice:
        raise Conflict(_("This cycle has no people's choice vote."), code="no_people_choice")
    if is_open and cycle.stage in (CycleStage.DRAFT, CycleStage.NOMINATIONS, CycleStage.PUBLISHED):
        raise Conflict(_("The vote opens once nominations have closed and before the results are published."),
                       code="wrong_phase")
    cycle.people_choice_open = is_open
    cycle._history_user = actor
    cycle.save(update_fields=["people_choice_open", "updated_at"])
    return cycle


# ---------------------------------------------------------------- categories, criteria, questions


def _editable_setup(actor: "User", cycle: Cycle) -> None:
    require(actor, "awards.manage", cycle)
    _require_stage(cycle, CycleStage.DRAFT, message=_("Categories, criteria and questions are fixed once "
                                                       "nominations open."))


def _clean_category(category: Category) -> None:
    category.name_ar = clean_text(category.name_ar, field="name_ar", max_length=250, min_length=3)
    category.name_en = clean_text(category.name_en, field="name_en", max_length=250)
    category.description_ar = clean_text(category.description_ar, field="description_ar", max_length=4000)
    category.description_en = clean_text(category.description_en, field="description_en", max_length=4000)
    clean_record(category, exclude=["cycle"])


@transaction.atomic
def category_create(*, actor: "User", cycle: Cycle, data: dict[str, Any]) -> Category:
    _editable_setup(actor, cycle)
    if cycle.categories.count() >= MAX_CATEGORIES:
        raise InvalidInput(_("At most %(count)s categories.") % {"count": MAX_CATEGORIES}, code="too_many")
    category = Category(cycle=cycle)
    assign_fields(category, data, CATEGORY_FIELDS)
    _clean_category(category)
    category.save()
    Round.objects.create(category=category, number=1)  # its panel is formed before judging starts
    return category


@transaction.atomic
def category_update(*, actor: "User", category: Category, data: dict[str, Any]) -> Category:
    require(actor, "awards.manage", category.cycle)
    fixed = set(data) - {"name_ar", "name_en", "description_ar", "description_en", "judges_per_application",
                         "winner_places", "position"}
    if fixed and category.cycle.stage != CycleStage.DRAFT:
        raise Conflict(_("Who may apply and how is fixed once nominations open."), code="wrong_phase")
    if category.cycle.stage == CycleStage.PUBLISHED:
        raise Conflict(_("The results are published: the cycle can no longer change."), code="published")
    assign_fields(category, data, CATEGORY_FIELDS)
    _clean_category(category)
    category.save()
    return category


@transaction.atomic
def category_delete(*, actor: "User", category: Category) -> None:
    _editable_setup(actor, category.cycle)
    if category.applications.exists():
        raise Conflict(_("The category has applications."), code="has_applications")
    category.delete()


def _clean_levels(levels: Any) -> dict[str, dict[str, str]]:
    if levels in (None, ""):
        return {}
    if not isinstance(levels, dict):
        raise InvalidInput(_("Describe the levels as a list of level and text."), field="levels")
    cleaned: dict[str, dict[str, str]] = {}
    for level, texts in levels.items():
        if not str(level).isdigit() or not 0 <= int(level) <= MAX_SCORE:
            raise InvalidInput(_("Levels run from 0 to %(max)s.") % {"max": MAX_SCORE}, field="levels")
        if isinstance(texts, str):
            texts = {"ar": texts}
        if not isinstance(texts, dict):
            raise InvalidInput(_("Describe the levels as a list of level and text."), field="levels")
        entry = {language: clean_text(str(texts.get(language) or ""), field="levels", max_length=300)
                 for language in ("ar", "en")}
        if entry["ar"] or entry["en"]:
            cleaned[str(int(level))] = entry
    return cleaned


def _clean_criterion(criterion: Criterion) -> None:
    criterion.name_ar = clean_text(criterion.name_ar, field="name_ar", max_length=250, min_length=2)
    criterion.name_en = clean_text(criterion.name_en, field="name_en", max_length=250)
    criterion.guidance_ar = clean_text(criterion.guidance_ar, field="guidance_ar", max_length=2000)
    criterion.guidance_en = clean_text(criterion.guidance_en, field="guidance_en", max_length=2000)
    criterion.levels = _clean_levels(criterion.levels)
    clean_record(criterion, exclude=["category"])


@transaction.atomic
def criterion_create(*, actor: "User", category: Category, data: dict[str, Any]) -> Criterion:
    _editable_setup(actor, category.cycle)
    if category.criteria.count() >= MAX_CRITERIA:
        raise InvalidInput(_("At most %(count)s criteria.") % {"count": MAX_CRITERIA}, code="too_many")
    criterion = Criterion(category=category)
    assign_fields(criterion, data, CRITERION_FIELDS)
    _clean_criterion(criterion)
    criterion.save()
    return criterion


@transaction.atomic
def criterion_update(*, actor: "User", criterion: Criterion, data: dict[str, Any]) -> Criterion:
    _editable_setup(actor, criterion.category.cycle)
    assign_fields(criterion, data, CRITERION_FIELDS)
    _clean_criterion(criterion)
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor: "User", criterion: Criterion) -> None:
    _editable_setup(actor, criterion.category.cycle)
    criterion.delete()


def _clean_question(question: Question) -> None:
    question.text_ar = clean_text(question.text_ar, field="text_ar", max_length=500, min_length=3)
    question.text_en = clean_text(question.text_en, field="text_en", max_length=500)
    clean_record(question, exclude=["category"])


@transaction.atomic
def question_create(*, actor: "User", category: Category, data: dict[str, Any]) -> Question:
    _editable_setup(actor, category.cycle)
    if category.questions.count() >= MAX_QUESTIONS:
        raise InvalidInput(_("At most %(count)s questions.") % {"count": MAX_QUESTIONS}, code="too_many")
    question = Question(category=category)
    assign_fields(question, data, QUESTION_FIELDS)
    _clean_question(question)
    question.save()
    return question


@transaction.atomic
def question_update(*, actor: "User", question: Question, data: dict[str, Any]) -> Question:
    _editable_setup(actor, question.category.cycle)
    assign_fields(question, data, QUESTION_FIELDS)
    _clean_question(question)
    question.save()
    return question


@transaction.atomic
def question_delete(*, actor: "User", question: Question) -> None:
    _editable_setup(actor, question.category.cycle)
    question.delete()


# ---------------------------------------------------------------- applications


def nominations_open(cycle: Cycle, *, now: datetime.datetime | None = None) -> bool:
    """Open from the opening moment to the closing second inclusive (the deadline 23:59:59 still accepts 23:59:59.9)."""
    now = (now or timezone.now()).replace(microsecond=0)
    return (cycle.stage == CycleStage.NOMINATIONS
            and cycle.nominations_open_at <= now <= cycle.nominations_close_at)


def _deadline_text(cycle: Cycle) -> str:
    return date_format(timezone.localtime(cycle.nominations_close_at), "DATETIME_FORMAT")


def _refuse_late(cycle: Cycle) -> None:
    if nominations_open(cycle):
        return
    now = timezone.now()
    if cycle.stage == CycleStage.NOMINATIONS and now < cycle.nominations_open_at:
        raise Conflict(_("Nominations have not opened yet: they open on %(moment)s.")
                       % {"moment": date_format(timezone.localtime(cycle.nominations_open_at), "DATETIME_FORMAT")},
                       code="not_open_yet")
    raise Conflict(_("Nominations closed on %(deadline)s (%(zone)s time); applications can no longer be submitted or "
                     "changed.") % {"deadline": _deadline_text(cycle), "zone": timezone.get_current_timezone_name()},
                   code="deadline_passed")


def _clean_answers(category: Category, answers: dict[str, Any] | None, *, complete: bool) -> dict[str, str]:
    answers = answers or {}
    if not isinstance(answers, dict):
        raise InvalidInput(_("Answer the questions one by one."), field="answers")
    questions = list(category.questions.all())
    known = {str(question.pk) for question in questions}
    unknown = set(map(str, answers)) - known
    if unknown:
        raise InvalidInput(_("The answers name a question this category does not ask."), code="unknown_question",
                           field="answers")
    cleaned: dict[str, str] = {}
    for question in questions:
        text = clean_text(str(answers.get(str(question.pk)) or answers.get(question.pk) or ""),  # type: ignore
                          field=f"answer_{question.pk}", max_length=question.max_length)
        if complete and question.required and not text:
            raise InvalidInput(_("Answer the question “%(question)s”.") % {"question": question.text_ar},
                               code="answer_required", field=f"answer_{question.pk}")
        if text:
            cleaned[str(question.pk)] = text
    return cleaned


def _clean_application(application: Application) -> None:
    application.title_ar = clean_text(application.title_ar, field="title_ar", max_length=300, min_length=3)
    application.title_en = clean_text(application.title_en, field="title_en", max_length=300)
    application.summary_ar = clean_text(application.summary_ar, field="summary_ar", max_length=4000)
    application.summary_en = clean_text(application.summary_en, field="summary_en", max_length=4000)


def _check_applicant(actor: "User", category: Category, organization: "Organization | None") -> None:
    if organization is not None:
        if not is_staff_of(actor, organization.pk):
            raise NotPermitted(_("Only the organisation's admins and editors apply on its behalf."))
    elif not category.allows_residents:
        raise InvalidInput(_("In this category only organisations apply."), code="organisations_only",
                           field="organization")
    if organization is not None and organization.pk == category.cycle.programme.organization_id:
        raise InvalidInput(_("The organiser cannot apply to its own award."), code="organiser_applies",
                           field="organization")


def _check_initiative(category: Category, organization: "Organization | None", initiative: Initiative | None,
                      actor: "User") -> None:
    if initiative is None:
        if category.needs_initiative:
            raise InvalidInput(_("Choose the initiative you apply with."), code="initiative_required",
                               field="initiative")
        return
    from musharaka.initiatives.models import Status as InitiativeStatus

    if initiative.status not in (InitiativeStatus.APPROVED, InitiativeStatus.ACTIVE, InitiativeStatus.COMPLETED):
        raise InvalidInput(_("Apply with an initiative published in the registry."), code="initiative_unpublished",
                           field="initiative")
    ours = organization is not None and (
        initiative.lead_organization_id == organization.pk
        or InitiativePartner.objects.filter(initiative=initiative, organization=organization).exists())
    if organization is not None and not ours:
        raise InvalidInput(_("Apply with an initiative your organisation leads or is a partner of."),
                           code="initiative_not_yours", field="initiative")
    if organization is None and initiative.created_by_id != actor.pk:
        raise InvalidInput(_("Apply with an initiative you entered in the registry."), code="initiative_not_yours",
                           field="initiative")


@transaction.atomic
def application_create(*, actor: "User", category: Category, organization: "Organization | None" = None,
                       initiative: Initiative | None = None, data: dict[str, Any],
                       answers: dict[str, Any] | None = None) -> Application:
    """A draft application; the deadline applies to drafts too (nobody starts one after the close)."""
    if not actor.is_authenticated:
        raise NotPermitted()
    cycle = _locked_cycle(category.cycle)
    _refuse_late(cycle)
    _check_applicant(actor, category, organization)
    _check_initiative(category, organization, initiative, actor)
    application = Application(category=category, cycle=cycle, organization=organization, applicant=actor,
                              initiative=initiative)
    data = dict(data)
    if initiative is not None:
        data.setdefault("title_ar", initiative.title_ar)
        data.setdefault("title_en", initiative.title_en)
        data.setdefault("summary_ar", initiative.summary_ar)
        data.setdefault("summary_en", initiative.summary_en)
    assign_fields(application, data, APPLICATION_FIELDS)
    _clean_application(application)
    application.answers = _clean_answers(category, answers, complete=False)
    application._history_user = actor
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise Conflict(_("This initiative already has an application in this category."),
                       code="duplicate_application") from error
    return application


@transaction.atomic
def application_update(*, actor: "User", application: Application, data: dict[str, Any],
                       answers: dict[str, Any] | None = None) -> Application:
    require(actor, "awards.edit_application", application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict(_("A submitted application no longer changes."), code="not_draft")
    _refuse_late(application.cycle)
    assign_fields(application, data, APPLICATION_FIELDS)
    _clean_application(application)
    if answers is not None:
        merged = {**application.answers, **{str(key): value for key, value in answers.items()}}
        application.answers = _clean_answers(application.category, merged, complete=False)
    application._history_user = actor
    application.save()
    return application


@transaction.atomic
def application_submit(*, actor: "User", application: Application) -> Application:
    """Submit a draft: every required answer given, before the closing second in the platform's time zone."""
    require(actor, "awards.edit_application", application)
    application = Application.objects.select_for_update().select_related("category", "cycle").get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict(_("This application has already been submitted."), code="not_draft")
    _refuse_late(application.cycle)
    application.answers = _clean_answers(application.category, application.answers, complete=True)
    if application.category.needs_initiative and application.initiative_id is None:
        raise InvalidInput(_("Choose the initiative you apply with."), code="initiative_required", field="initiative")
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application._history_user = actor
    application.save()
    Cycle.objects.filter(pk=application.cycle_id).update(application_count=F("application_count") + 1)
    return application


@transaction.atomic
def application_withdraw(*, actor: "User", application: Application, reason: str = "") -> Application:
    require(actor, "awards.withdraw_application", application)
    application = Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.cycle.is_at_or_after(CycleStage.DELIBERATION):
        raise Conflict(_("Applications can no longer be withdrawn once judging has ended."), code="wrong_phase")
    was_counted = application.status != ApplicationStatus.DRAFT
    application.status = ApplicationStatus.WITHDRAWN
    application._history_user = actor
    application._change_reason = clean_text(reason, field="reason", max_length=1000)
    application.save()
    if was_counted:
        Cycle.objects.filter(pk=application.cycle_id).update(application_count=F("application_count") - 1)
    # Its open sheets go; the rounds it was in are re-ranked without it.
    for round_ in Round.objects.filter(entries__application=application).distinct():
        Scoresheet.objects.filter(round=round_, application=application).delete()
        RoundEntry.objects.filter(round=round_, application=application).delete()
        _refresh_round(round_)
    return application


@transaction.atomic
def application_delete(*, actor: "User", application: Application) -> None:
    """Only a draft is deleted (with its evidence files, once committed); a submitted one is withdrawn."""
    require(actor, "awards.edit_application", application)
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict(_("A submitted application is withdrawn, not deleted."), code="not_draft")
    files = [evidence.file for evidence in application.evidence.all()]
    application.delete()
    transaction.on_commit(partial(_delete_files, files))


@transaction.atomic
def evidence_add(*, actor: "User", application: Application, title: str, upload) -> ApplicationEvidence:
    require(actor, "awards.edit_application", application)
    _refuse_late(application.cycle)
    if application.evidence.count() >= MAX_EVIDENCE_FILES:
        raise InvalidInput(_("At most %(count)s files.") % {"count": MAX_EVIDENCE_FILES}, code="too_many",
                           field="file")
    try:
        content_type = validate_document_upload(upload, max_bytes=ATTACHMENT_MAX_BYTES)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], code=error.code or "invalid_file", field="file") from error
    return ApplicationEvidence.objects.create(
        application=application, title=clean_text(title, field="title", max_length=200, min_length=2), file=upload,
        content_type=content_type, size=upload.size, uploaded_by=actor)


@transaction.atomic
def evidence_delete(*, actor: "User", evidence: ApplicationEvidence) -> None:
    require(actor, "awards.edit_application", evidence.application)
    _refuse_late(evidence.application.cycle)
    files = [evidence.file]
    evidence.delete()
    transaction.on_commit(partial(_delete_files, files))


@transaction.atomic
def application_check_eligibility(*, actor: "User", application: Application, eligible: bool,
                                  reason: str = "") -> Application:
    """Staff's eligibility decision: a reason is required when not eligible; it may be revised until judging."""
    require(actor, "awards.manage", application)
    application = Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
    _require_stage(application.cycle, CycleStage.NOMINATIONS, CycleStage.ELIGIBILITY,
                   message=_("Eligibility is checked before judging starts."))
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE,
                                  ApplicationStatus.INELIGIBLE):
        raise Conflict(_("Only submitted applications are checked."), code="not_submitted")
    reason = clean_text(reason, field="reason", max_length=2000)
    if not eligible and len(reason) < 5:
        raise InvalidInput(_("Say why the application is not eligible."), code="reason_required", field="reason")
    application.status = ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE
    application.eligibility_reason = reason
    application.eligibility_checked_at = timezone.now()
    application.eligibility_checked_by = actor
    application._history_user = actor
    application.save()
    title = application.title_ar
    if eligible:
        notify(users=_applicants_of([application]), url=reverse("awards:application", args=[application.pk]),
               title_for=lambda: _("Your application “%(title)s” is eligible and goes to the jury.") % {"title": title})
    else:
        notify(users=_applicants_of([application]), url=reverse("awards:application", args=[application.pk]),
               title_for=lambda: _("Your application “%(title)s” is not eligible.") % {"title": title},
               body_for=lambda: reason)
    return application


# ---------------------------------------------------------------- the jury


def _applicants_of(applications: Iterable[Application]) -> list:
    """Who hears about applications: the people who applied and the applicant organisations' admins (2 queries)."""
    from musharaka.accounts.models import User
    from musharaka.orgs.models import Role

    applications = list(applications)
    organization_ids = {application.organization_id for application in applications if application.organization_id}
    people = User.objects.filter(Q(pk__in={application.applicant_id for application in applications})
                                 | Q(memberships__organization_id__in=organization_ids,
                                     memberships__role=Role.ADMIN))
    return list(people.distinct())


@transaction.atomic
def judge_invite(*, actor: "User", cycle: Cycle, user: "User", expertise: str = "") -> Judge:
    require(actor, "awards.manage", cycle)
    if cycle.stage == CycleStage.PUBLISHED:
        raise Conflict(_("The results are published: the cycle can no longer change."), code="published")
    judge, created = Judge.objects.get_or_create(
        cycle=cycle, user=user,
        defaults={"invited_by": actor, "expertise": clean_text(expertise, field="expertise", max_length=250)})
    if not created and judge.status == JudgeStatus.DECLINED:
        judge.status, judge.responded_at = JudgeStatus.INVITED, None
        judge.save(update_fields=["status", "responded_at", "updated_at"])
    if created:
        notify(users=[user], title_for=lambda: _("You are invited to judge %(cycle)s.") % {"cycle": str(cycle)},
               url=reverse("awards:invitations"))
    return judge


@transaction.atomic
def judge_respond(*, actor: "User", judge: Judge, accept: bool) -> Judge:
    require(actor, "awards.respond_invitation", judge)
    judge = Judge.objects.select_for_update().get(pk=judge.pk)
    if judge.status == JudgeStatus.ACCEPTED and not accept and judge.sheets.exists():
        raise Conflict(_("You already have applications to score; ask the organiser to release you."),
                       code="has_sheets")
    judge.status = JudgeStatus.ACCEPTED if accept else JudgeStatus.DECLINED
    judge.responded_at = timezone.now()
    judge.save(update_fields=["status", "responded_at", "updated_at"])
    return judge


@transaction.atomic
def judge_remove(*, actor: "User", judge: Judge) -> None:
    """Release a judge: their unsubmitted sheets go (assignment fills the gaps); submitted scores stay counted."""
    require(actor, "awards.manage", judge.cycle)
    if judge.sheets.filter(status=SheetStatus.SUBMITTED).exists():
        raise Conflict(_("This judge has submitted scores; they stay part of the record."), code="has_scores")
    rounds = list(Round.objects.filter(sheets__judge=judge).distinct())
    judge.delete()
    for round_ in rounds:
        _refresh_round(round_)


def conflicts_for(judges: Iterable[Judge], applications: Iterable[Application]) -> dict[tuple[int, int], str]:
    """(application id, judge id) → the reason the judge may not judge it, found from the records:
    the judge is the applicant, belongs to the applicant organisation, or to the initiative's lead or a partner."""
    judges = list(judges)
    applications = list(applications)
    user_ids = {judge.user_id for judge in judges}
    orgs_of_user: dict[int, set[int]] = {user_id: set() for user_id in user_ids}
    for user_id, organization_id in Membership.objects.filter(user_id__in=user_ids).values_list("user_id",
                                                                                               "organization_id"):
        orgs_of_user[user_id].add(organization_id)
    initiative_ids = {application.initiative_id for application in applications if application.initiative_id}
    initiative_orgs: dict[int, set[int]] = {pk: set() for pk in initiative_ids}
    for pk, lead in Initiative.objects.filter(pk__in=initiative_ids).values_list("pk", "lead_organization_id"):
        initiative_orgs[pk].add(lead)
    for pk, partner in InitiativePartner.objects.filter(initiative_id__in=initiative_ids).values_list(
            "initiative_id", "organization_id"):
        initiative_orgs[pk].add(partner)
    found: dict[tuple[int, int], str] = {}
    for application in applications:
        partners = initiative_orgs.get(application.initiative_id or 0, set())
        for judge in judges:
            mine = orgs_of_user[judge.user_id]
            if judge.user_id == application.applicant_id:
                found[(application.pk, judge.pk)] = RecusalSource.SELF
            elif application.organization_id in mine:
                found[(application.pk, judge.pk)] = RecusalSource.APPLICANT
            elif mine & partners:
                found[(application.pk, judge.pk)] = RecusalSource.PARTNER
    return found


def _record_automatic_recusals(judges: list[Judge], applications: list[Application]) -> set[tuple[int, int]]:
    """Record the conflicts found and return every recused (application, judge) pair of these judges."""
    found = conflicts_for(judges, applications)
    Recusal.objects.bulk_create([Recusal(judge_id=judge_id, application_id=application_id, source=source)
                                 for (application_id, judge_id), source in found.items()], ignore_conflicts=True)
    recused = set(Recusal.objects.filter(judge__in=judges, application__in=applications)
                  .values_list("application_id", "judge_id"))
    return recused


@transaction.atomic
def conflict_declare(*, actor: "User", judge: Judge, application: Application, reason: str) -> Recusal:
    """A judge declares a conflict with a reason: their sheet for it goes (unless submitted) and is reassigned."""
    if judge.user_id != actor.pk:
        raise NotPermitted()
    reason = clean_text(reason, field="reason", max_length=1000)
    if len(reason) < 5:
        raise InvalidInput(_("Say briefly what the conflict of interest is."), code="reason_required",
                           field="reason")
    if not Scoresheet.objects.filter(judge=judge, application=application).exists():
        raise NotFound()
    if Scoresheet.objects.filter(judge=judge, application=application, status=SheetStatus.SUBMITTED).exists():
        raise Conflict(_("You already submitted your scores for this application; tell the organiser instead."),
                       code="already_submitted")
    if Scoresheet.objects.filter(judge=judge, application=application).exclude(round__status=RoundStatus.OPEN).exists():
        raise Conflict(_("The round is closed."), code="round_closed")
    recusal, _created = Recusal.objects.get_or_create(
        judge=judge, application=application, defaults={"source": RecusalSource.DECLARED, "reason": reason})
    rounds = list(Round.objects.filter(sheets__judge=judge, sheets__application=application).distinct())
    Scoresheet.objects.filter(judge=judge, application=application).delete()
    forget_recusals(actor)
    for round_ in rounds:
        _assign_round(round_)
    return recusal


@transaction.atomic
def panel_add(*, actor: "User", round: Round, judge: Judge) -> PanelMember:
    require(actor, "awards.manage", round.category.cycle)
    if round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is closed."), code="round_closed")
    if judge.cycle_id != round.category.cycle_id:
        raise InvalidInput(_("The judge is not on this cycle's jury."), code="other_cycle", field="judge")
    if judge.status != JudgeStatus.ACCEPTED:
        raise InvalidInput(_("Only judges who accepted the invitation sit on a panel."), code="not_accepted",
                           field="judge")
    member, _created = PanelMember.objects.get_or_create(round=round, judge=judge)
    return member


@transaction.atomic
def panel_remove(*, actor: "User", round: Round, judge: Judge) -> None:
    require(actor, "awards.manage", round.category.cycle)
    if Scoresheet.objects.filter(round=round, judge=judge, status=SheetStatus.SUBMITTED).exists():
        raise Conflict(_("This judge has submitted scores in the round; they stay part of the record."),
                       code="has_scores")
    Scoresheet.objects.filter(round=round, judge=judge).delete()
    PanelMember.objects.filter(round=round, judge=judge).delete()
    _refresh_round(round)


def _assign_round(round: Round) -> int:
    """Give each entry of the round its category's number of judges from the panel, balanced, never a recused one."""
    category = round.category
    judges = list(Judge.objects.filter(seats__round=round, status=JudgeStatus.ACCEPTED).order_by("pk"))
    entries = {entry.application_id: entry for entry in round.entries.select_related("application")}
    applications = [entry.application for entry in entries.values()]
    excluded = _record_automatic_recusals(judges, applications)
    existing = list(Scoresheet.objects.filter(round=round).values_list("application_id", "judge_id"))
    pairs = scoring.balanced_assignment([application.pk for application in applications],
                                        [judge.pk for judge in judges],
                                        per_application=category.judges_per_application,
                                        excluded=excluded, existing=existing)
    Scoresheet.objects.bulk_create([
        Scoresheet(round=round, entry=entries[application_id], application_id=application_id, judge_id=judge_id)
        for application_id, judge_id in pairs], ignore_conflicts=True)
    _refresh_round(round)
    return len(pairs)


@transaction.atomic
def round_assign(*, actor: "User", round: Round) -> int:
    """Assign (or complete the assignment of) the round; returns how many sheets were added."""
    require(actor, "awards.manage", round.category.cycle)
    _require_stage(round.category.cycle, CycleStage.JUDGING, message=_("Judges are assigned once judging starts."))
    round = Round.objects.select_for_update().select_related("category").get(pk=round.pk)
    if round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is closed."), code="round_closed")
    if not round.members.exists():
        raise Conflict(_("Form the round's panel first."), code="empty_panel")
    return _assign_round(round)


def assignment_shortfall(round: Round) -> int:
    """How many judges the round's entries still lack (recusals may leave a small panel short)."""
    needed = round.category.judges_per_application * round.entries.count()
    return max(0, needed - round.sheets.count())


# ---------------------------------------------------------------- scoring


def heaviest_criterion(category: Category) -> Criterion | None:
    return category.criteria.order_by("-weight", "position", "pk").first()


@transaction.atomic
def sheet_save(*, actor: "User", sheet: Scoresheet, scores: dict[int, tuple[int | None, str]],
               overall_comment: str | None = None, submit: bool = False) -> Scoresheet:
    """Save a judge's scores (criterion id → (score or None, comment)); submit when asked and complete.

    The sheet row is locked, so that two saves of the same sheet (two tabs, a double click, the autosave and the
    submit button) run one after the other, and a submitted sheet refuses every later change.
    """
    require(actor, "awards.score", sheet)
    sheet = (Scoresheet.objects.select_for_update().select_related("round__category", "judge")
             .get(pk=sheet.pk))
    if sheet.status == SheetStatus.SUBMITTED:
        raise Conflict(_("You have already submitted this scoresheet."), code="already_submitted")
    if sheet.round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is closed."), code="round_closed")
    criteria = {criterion.pk: criterion for criterion in sheet.round.category.criteria.all()}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise InvalidInput(_("A score names a criterion of another category."), code="unknown_criterion",
                           field="scores")
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    for criterion_id, (value, comment) in scores.items():
        comment = clean_text(comment or "", field=f"comment_{criterion_id}", max_length=2000)
        if value is None:
            if criterion_id in existing:
                existing.pop(criterion_id).delete()
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
            raise InvalidInput(_("Scores are whole numbers from 0 to %(max)s.") % {"max": MAX_SCORE},
                               code="score_out_of_range", field=f"score_{criterion_id}")
        if criterion_id in existing:
            score = existing[criterion_id]
            if (score.value, score.comment) != (value, comment):
                score.value, score.comment = value, comment
                score.save(update_fields=["value", "comment"])
        else:
            existing[criterion_id] = Score.objects.create(sheet=sheet, criterion_id=criterion_id, value=value,
                                                          comment=comment)
    if overall_comment is not None:
        sheet.overall_comment = clean_text(overall_comment, field="overall_comment", max_length=4000)
    sheet.saved_at = timezone.now()
    if submit:
        missing = [criteria[pk].name_ar for pk in criteria if pk not in existing]
        if missing:
            raise InvalidInput(_("Score every criterion before submitting (missing: %(names)s).")
                               % {"names": "، ".join(missing)}, code="incomplete", field="scores")
        sheet.total = scoring.sheet_total((criteria[pk].weight, score.value) for pk, score in existing.items())
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = sheet.saved_at
    elif sheet.status == SheetStatus.ASSIGNED:
        sheet.status = SheetStatus.DRAFT
    sheet.save()
    if submit:
        _refresh_round(sheet.round)
    return sheet


def _refresh_round(round: Round) -> None:
    """Recompute and keep every figure of the round from its submitted sheets (and its sheet counters)."""
    category = round.category
    heaviest = heaviest_criterion(category)
    heaviest_scores = dict(Score.objects.filter(sheet__round=round, criterion=heaviest)
                           .values_list("sheet_id", "value")) if heaviest else {}
    rows = list(Scoresheet.objects.filter(round=round, status=SheetStatus.SUBMITTED, total__isnull=False)
                .values_list("pk", "judge_id", "application_id", "total"))
    sheets = [scoring.Sheet(key=pk, judge=judge_id, application=application_id, total=total or Decimal(0),
                            heaviest=heaviest_scores.get(pk, 0)) for pk, judge_id, application_id, total in rows]
    entries = list(round.entries.all())
    result = scoring.round_result([entry.application_id for entry in entries], sheets, normalised=round.normalise)
    for entry in entries:
        standing = result.standings[entry.application_id]
        entry.raw_score, entry.normalised_score = standing.raw, standing.normalised
        entry.heaviest_score, entry.spread = standing.heaviest, standing.spread
        entry.judges_submitted, entry.rank, entry.tied = standing.judges, standing.rank, standing.tied
    RoundEntry.objects.bulk_update(entries, ["raw_score", "normalised_score", "heaviest_score", "spread",
                                             "judges_submitted", "rank", "tied"], batch_size=500)
    submitted = list(Scoresheet.objects.filter(round=round, status=SheetStatus.SUBMITTED).only("pk"))
    for sheet in submitted:
        sheet.z_score = result.z_by_sheet.get(sheet.pk)
        sheet.is_outlier = sheet.pk in result.outliers
    Scoresheet.objects.bulk_update(submitted, ["z_score", "is_outlier"], batch_size=500)
    counts = Scoresheet.objects.filter(round=round).aggregate(
        sheets=Count("pk"), submitted=Count("pk", filter=Q(status=SheetStatus.SUBMITTED)))
    Round.objects.filter(pk=round.pk).update(sheet_count=counts["sheets"], submitted_count=counts["submitted"])
    round.sheet_count, round.submitted_count = counts["sheets"], counts["submitted"]


@transaction.atomic
def round_update(*, actor: "User", round: Round, normalise: bool | None = None,
                 judging_until: datetime.date | None = None) -> Round:
    require(actor, "awards.manage", round.category.cycle)
    round = Round.objects.select_for_update().select_related("category").get(pk=round.pk)
    if round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is closed."), code="round_closed")
    if normalise is not None:
        round.normalise = normalise
    if judging_until is not None:
        round.judging_until = judging_until
    round.save(update_fields=["normalise", "judging_until"])
    _refresh_round(round)
    return round


@transaction.atomic
def round_close(*, actor: "User", round: Round) -> Round:
    """Close the round: its ranking is final (unsubmitted sheets do not count and are left as they are)."""
    require(actor, "awards.manage", round.category.cycle)
    round = Round.objects.select_for_update().select_related("category__cycle").get(pk=round.pk)
    _require_stage(round.category.cycle, CycleStage.JUDGING)
    if round.status != RoundStatus.OPEN:
        raise Conflict(_("The round is already closed."), code="round_closed")
    if not round.submitted_count:
        raise Conflict(_("No scoresheet has been submitted in this round yet."), code="nothing_scored")
    _refresh_round(round)
    round.status, round.closed_at = RoundStatus.CLOSED, timezone.now()
    round.save(update_fields=["status", "closed_at"])
    return round


@transaction.atomic
def round_advance(*, actor: "User", round: Round, count: int, normalise: bool = False) -> Round:
    """The top `count` of a closed round go to a new round with a new (empty) panel. Applications tied with the
    last place taken go too, so that a tie is never cut by the order of the rows."""
    require(actor, "awards.manage", round.category.cycle)
    round = Round.objects.select_for_update().select_related("category__cycle").get(pk=round.pk)
    _require_stage(round.category.cycle, CycleStage.JUDGING)
    if round.status != RoundStatus.CLOSED:
        raise Conflict(_("Close the round before choosing who goes on."), code="round_open")
    if Round.objects.filter(category=round.category, number__gt=round.number).exists():
        raise Conflict(_("The next round already exists."), code="next_round_exists")
    ranked = list(round.entries.exclude(rank=None).order_by("rank", "pk"))
    if not 1 <= count < len(ranked):
        raise InvalidInput(_("Choose between 1 and %(max)s applications to go on.") % {"max": max(len(ranked) - 1, 1)},
                           code="advance_count", field="count")
    cutoff = ranked[count - 1].rank or 0
    going = [entry for entry in ranked if entry.rank is not None and entry.rank <= cutoff]
    following = Round.objects.create(category=round.category, number=round.number + 1, normalise=normalise)
    RoundEntry.objects.bulk_create([RoundEntry(round=following, application_id=entry.application_id)
                                    for entry in going])
    RoundEntry.objects.filter(pk__in=[entry.pk for entry in going]).update(advanced=True)
    Application.objects.filter(pk__in=[entry.application_id for entry in going]).update(last_round=following.number)
    return following


# ---------------------------------------------------------------- deliberation and results


@transaction.atomic
def deliberation_note_add(*, actor: "User", category: Category, text: str) -> DeliberationNote:
    require(actor, "awards.manage", category.cycle)
    _require_stage(category.cycle, CycleStage.JUDGING, CycleStage.DELIBERATION)
    return DeliberationNote.objects.create(category=category, author=actor,
                                           text=clean_text(text, field="text", max_length=4000, min_length=2))


@transaction.atomic
def winners_confirm(*, actor: "User", category: Category,
                    placements: list[tuple[Application, int, str, str]]) -> list[Winner]:
    """Confirm the category's winners as (application, place, citation in Arabic, in English); replaces earlier
    choices. Winners come from the category's final round; any ranked application may be chosen (the jury's
    ranking informs the deliberation, it does not dictate it), each at most once, each place at most once."""
    require(actor, "awards.manage", category.cycle)
    cycle = _locked_cycle(category.cycle)
    _require_stage(cycle, CycleStage.DELIBERATION, message=_("Winners are confirmed during deliberation."))
    final = category.rounds.order_by("-number").first()
    if final is None:
        raise Conflict(_("The category has not been judged."), code="not_judged")
    ranked = {entry.application_id: entry for entry in final.entries.exclude(rank=None)}
    places = [place for _application, place, _ar, _en in placements]
    if not placements:
        raise InvalidInput(_("Choose at least one winner."), code="no_winners", field="placements")
    if len(set(places)) != len(places) or any(not 1 <= place <= category.winner_places for place in places):
        raise InvalidInput(_("Each place from 1 to %(max)s is given once.") % {"max": category.winner_places},
                           code="bad_places", field="placements")
    applications = [application for application, _place, _ar, _en in placements]
    if len({application.pk for application in applications}) != len(applications):
        raise InvalidInput(_("An application wins one place only."), code="duplicate_winner", field="placements")
    if any(application.pk not in ranked for application in applications):
        raise InvalidInput(_("Winners are chosen among the applications scored in the final round."),
                           code="not_ranked", field="placements")
    category.winners.all().delete()
    now = timezone.now()
    return Winner.objects.bulk_create([
        Winner(category=category, application=application, place=place, confirmed_by=actor, confirmed_at=now,
               score=ranked[application.pk].raw_score,
               citation_ar=clean_text(citation_ar, field="citation_ar", max_length=2000),
               citation_en=clean_text(citation_en, field="citation_en", max_length=2000))
        for application, place, citation_ar, citation_en in placements])


@transaction.atomic
def vote_cast(*, actor: "User", application: Application) -> Vote:
    """One people's choice vote per signed-in person and category; a second vote is refused, not counted."""
    category = application.category
    require(actor, "awards.vote", category)
    if application.status != ApplicationStatus.ELIGIBLE:
        raise InvalidInput(_("Only applications in the competition receive votes."), code="not_eligible")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(category=category, application=application, user=actor)
    except IntegrityError as error:
        raise Conflict(_("You have already voted in this category."), code="already_voted") from error
    Application.objects.filter(pk=application.pk).update(vote_count=F("vote_count") + 1)
    return vote

