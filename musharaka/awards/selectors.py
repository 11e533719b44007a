"""Reads for the awards pages and API. Lists return rows (`.values()`), in pages, with what each row shows kept
on write; the permission-bearing querysets (what a judge may see, what the public may see) live here once."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.roles import roles_of

from .models import (
    Application,
    ApplicationStatus,
    Cycle,
    CycleStage,
    Judge,
    JudgeStatus,
    Recusal,
    Round,
    RoundEntry,
    Scoresheet,
    SheetStatus,
    Winner,
)
from .rules import STAFF_ROLES


def staff_organization_ids(user) -> list[int]:
    return [org_id for org_id, role in roles_of(user).by_organization.items() if role in STAFF_ROLES]


def visible_cycles(user) -> QuerySet[Cycle]:
    """Cycles past preparation for everyone; the organiser's own drafts too."""
    cycles = Cycle.objects.select_related("programme", "programme__organization")
    if is_platform_admin(user):
        return cycles
    return cycles.filter(~Q(stage=CycleStage.DRAFT) | Q(programme__organization_id__in=staff_organization_ids(user)))


def managed_cycles(user) -> QuerySet[Cycle]:
    cycles = Cycle.objects.select_related("programme", "programme__organization")
    if is_platform_admin(user):
        return cycles
    return cycles.filter(programme__organization_id__in=staff_organization_ids(user))


def judge_sheets(user) -> QuerySet[Scoresheet]:
    """The scoresheets this person may open as a judge: theirs, as an accepted judge, never for an application
    they are recused from (the recusal is checked in the query, so no list or page can leak one)."""
    if not user.is_authenticated:
        return Scoresheet.objects.none()
    recused = Recusal.objects.filter(judge_id=OuterRef("judge_id"), application_id=OuterRef("application_id"))
    return (Scoresheet.objects.filter(judge__user=user, judge__status=JudgeStatus.ACCEPTED)
            .exclude(Exists(recused)))


def own_applications(user) -> QuerySet[Application]:
    """Applications this person made alone or may act on for their organisation (admins and editors)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(
        Q(organization__isnull=True, applicant=user) | Q(organization_id__in=staff_organization_ids(user)))


def published_winners(cycle: Cycle) -> QuerySet[Winner]:
    if cycle.stage != CycleStage.PUBLISHED:
        return Winner.objects.none()
    return Winner.objects.filter(category__cycle=cycle)


def competing_applications(category) -> QuerySet[Application]:
    """The applications the people's choice vote offers: those found eligible."""
    return category.applications.filter(status=ApplicationStatus.ELIGIBLE)


# ---- setup: the programmes list, the application form's choices, the pages' rows


def visible_programmes(user) -> QuerySet:
    """Programmes with a cycle past preparation, and the organiser's own (whatever their cycles)."""
    from .models import Programme

    if is_platform_admin(user):
        return Programme.objects.all()
    public = Exists(Cycle.objects.filter(programme_id=OuterRef("pk")).exclude(stage=CycleStage.DRAFT))
    return Programme.objects.filter(public | Q(organization_id__in=staff_organization_ids(user)))


def applying_organizations(user, category) -> QuerySet:
    """The organisations this person may apply for: where they are an admin or editor, never the organiser."""
    from musharaka.orgs.models import Organization

    return (Organization.objects.filter(pk__in=staff_organization_ids(user))
            .exclude(pk=category.cycle.programme.organization_id).order_by("name_ar", "pk"))


INITIATIVE_CHOICES = 300


def applicable_initiatives(user, category, organization_ids) -> list[dict]:
    """Initiatives published in the registry (approved, active, completed) that these organisations lead or are
    partners of, and, where residents apply, those this person entered: rows for the form's list."""
    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative, InitiativePartner

    ours = Q(lead_organization_id__in=organization_ids) | Q(pk__in=InitiativePartner.objects.filter(
        organization_id__in=organization_ids).values("initiative_id"))
    if category.allows_residents:
        ours |= Q(created_by=user)
    rows = (Initiative.objects.filter(ours, status__in=PUBLISHED_STATUSES)
            .order_by("title_ar", "pk")
            .values("pk", "title_ar", "title_en", "summary_ar", "summary_en", "lead_organization__name_ar",
                    "lead_organization__name_en")[:INITIATIVE_CHOICES])
    return [dict(row) for row in rows]


def own_application_rows(user) -> QuerySet:
    return (own_applications(user).order_by("-created_at", "-pk")
            .values("pk", "title_ar", "title_en", "status", "submitted_at", "created_at", "cycle_id", "cycle__year",
                    "cycle__stage", "cycle__programme__name_ar", "cycle__programme__name_en", "category__name_ar",
                    "category__name_en", "organization__name_ar", "organization__name_en"))


CHECKED_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE)


def eligibility_rows(cycle, *, status: str = "") -> QuerySet:
    """The cycle's submitted applications (and those already decided), oldest submission first."""
    applications = Application.objects.filter(cycle=cycle, status__in=CHECKED_STATUSES)
    if status in CHECKED_STATUSES:
        applications = applications.filter(status=status)
    return (applications.order_by("submitted_at", "pk")
            .values("pk", "title_ar", "title_en", "status", "submitted_at", "eligibility_reason", "summary_ar",
                    "summary_en", "category__name_ar", "category__name_en", "organization__name_ar",
                    "organization__name_en", "applicant__username", "applicant__first_name", "applicant__last_name",
                    "initiative_id", "initiative__title_ar", "initiative__title_en"))
# ---- results (issue #13): deliberation, results, feedback, the people's choice


def feedback_for(application: Application) -> dict:
    """What the applicant reads once results are out: per criterion (in the category's order) the mean score and
    the comments of the judges' submitted sheets of every round, and the overall comments likewise.

    Never who wrote what: no judge's name or id leaves this function, and the comments are sorted by their text
    (not by sheet, judge or time), so that their order cannot pair a criterion's comment with an overall one."""
    from decimal import ROUND_HALF_UP, Decimal

    from .models import Score, SheetStatus

    submitted = Scoresheet.objects.filter(application=application, status=SheetStatus.SUBMITTED)
    criteria = list(application.category.criteria.order_by("position", "pk").values("pk", "name_ar", "name_en",
                                                                                        "weight"))
    found: dict[int, tuple[list[int], list[str]]] = {criterion["pk"]: ([], []) for criterion in criteria}
    for criterion_id, value, comment in Score.objects.filter(sheet__in=submitted).values_list(
            "criterion_id", "value", "comment"):
        values, comments = found.setdefault(criterion_id, ([], []))
        values.append(value)
        if comment.strip():
            comments.append(comment.strip())
    rows = []
    for criterion in criteria:
        values, comments = found[criterion["pk"]]
        mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if values \
            else None
        rows.append({"name_ar": criterion["name_ar"], "name_en": criterion["name_en"], "weight": criterion["weight"],
                     "mean": mean, "scores": len(values), "comments": sorted(comments)})
    overall = sorted(text.strip() for text in submitted.values_list("overall_comment", flat=True) if text.strip())
    return {"criteria": rows, "overall": overall}


# ---- judging (issue #13): the judge's queue, the panels, the progress board and the ranking, as rows


# What may name the applicant: blanked in the rows of a cycle judged blind.
IDENTITY_FIELDS = ("organization_ar", "organization_en", "applicant_first_name", "applicant_last_name",
                   "applicant_username", "initiative_ar", "initiative_en")


def judge_queue(user):
    """The sheets the person may open as a judge (judge_sheets: never a recused one), in the queue's order — cycle,
    category, round, application — as rows, identity included; `hide_identity` blanks it where judging is blind."""
    return (judge_sheets(user)
            .order_by("-judge__cycle__year", "judge__cycle_id", "round__category__position", "round__category_id",
                      "round__number", "application__title_ar", "pk")
            .values("pk", "status", "total", "saved_at", "submitted_at", "round_id",
                    cycle_id=F("judge__cycle_id"), cycle_year=F("judge__cycle__year"),
                    cycle_title_ar=F("judge__cycle__title_ar"), cycle_title_en=F("judge__cycle__title_en"),
                    programme_ar=F("judge__cycle__programme__name_ar"),
                    programme_en=F("judge__cycle__programme__name_en"),
                    blind=F("judge__cycle__blind_judging"), category_id=F("round__category_id"),
                    category_ar=F("round__category__name_ar"), category_en=F("round__category__name_en"),
                    round_number=F("round__number"), round_status=F("round__status"),
                    title_ar=F("application__title_ar"), title_en=F("application__title_en"),
                    organization_ar=F("application__organization__name_ar"),
                    organization_en=F("application__organization__name_en"),
                    applicant_first_name=F("application__applicant__first_name"),
                    applicant_last_name=F("application__applicant__last_name"),
                    applicant_username=F("application__applicant__username"),
                    initiative_ar=F("application__initiative__title_ar"),
                    initiative_en=F("application__initiative__title_en")))


def hide_identity(rows):
    """The rows with the applicant's organisation, name and initiative removed where the cycle judges blind."""
    for row in rows:
        if row["blind"]:
            for name in IDENTITY_FIELDS:
                row[name] = None
    return rows


def judge_progress(cycle: Cycle) -> list:
    """Each accepted judge of the cycle with their sheets assigned, in draft and submitted: one grouped query."""
    return list(Judge.objects.filter(cycle=cycle, status=JudgeStatus.ACCEPTED)
                .order_by("user__first_name", "user__username", "pk")
                .values("pk", first_name=F("user__first_name"), last_name=F("user__last_name"),
                        username=F("user__username"))
                .annotate(assigned=Count("sheets"),
                          draft=Count("sheets", filter=Q(sheets__status=SheetStatus.DRAFT)),
                          submitted=Count("sheets", filter=Q(sheets__status=SheetStatus.SUBMITTED))))


def cycle_rounds(cycle: Cycle) -> list:
    """The cycle's rounds, category by category, with the counters kept on them and the size of each panel."""
    return list(Round.objects.filter(category__cycle=cycle)
                .order_by("category__position", "category_id", "number")
                .values("pk", "number", "status", "normalise", "sheet_count", "submitted_count", "category_id",
                        category_ar=F("category__name_ar"), category_en=F("category__name_en"))
                .annotate(panel_size=Count("members", distinct=True)))


def cycle_recusals(cycle: Cycle) -> list:
    """Who is kept away from which application of the cycle, and why (for the organiser only)."""
    return list(Recusal.objects.filter(judge__cycle=cycle).order_by("application__title_ar", "pk")
                .values("pk", "source", "reason", "created_at", first_name=F("judge__user__first_name"),
                        last_name=F("judge__user__last_name"), username=F("judge__user__username"),
                        title_ar=F("application__title_ar"), title_en=F("application__title_en")))


def round_ranking(round: Round) -> list:
    """The round's entries best first (unranked last), with the figures kept on them and who applied."""
    return list(RoundEntry.objects.filter(round=round)
                .order_by(F("rank").asc(nulls_last=True), "application__title_ar", "pk")
                .values("pk", "application_id", "raw_score", "normalised_score", "heaviest_score", "spread",
                        "judges_submitted", "rank", "tied", "advanced",
                        title_ar=F("application__title_ar"), title_en=F("application__title_en"),
                        organization_ar=F("application__organization__name_ar"),
                        organization_en=F("application__organization__name_en"),
                        applicant_first_name=F("application__applicant__first_name"),
                        applicant_last_name=F("application__applicant__last_name"),
                        applicant_username=F("application__applicant__username")))


def round_outliers(round: Round) -> list:
    """The round's submitted sheets flagged as far from their application's mean, with the judge's name."""
    return list(round.sheets.filter(is_outlier=True).order_by("application__title_ar", "pk")
                .values("pk", "total", "z_score", "application_id", title_ar=F("application__title_ar"),
                        title_en=F("application__title_en"), first_name=F("judge__user__first_name"),
                        last_name=F("judge__user__last_name"), username=F("judge__user__username")))
