"""Pages of the judging: the organiser's panels, progress board and round ranking; the judge's queue and scoring
page (with its autosave endpoint and the declaration of a conflict of interest).

A judge reaches a scoresheet only through `selectors.judge_sheets` (never one they are recused from): anyone else,
the organiser included, gets a 404 for it. The organiser's pages answer 404 to whoever may not see the cycle and 403
to whoever may see it but not run it. Writes go through the services; a refused write becomes a message.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from musharaka.core.errors import DomainError, InvalidInput, NotFound, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response
from musharaka.core.permissions import can, require

from . import selectors, services
from .models import (
    MAX_SCORE,
    ApplicationEvidence,
    Criterion,
    Judge,
    JudgeStatus,
    PanelMember,
    Question,
    RecusalSource,
    Round,
    RoundStatus,
    Scoresheet,
    SheetStatus,
)

QUEUE_PAGE_SIZE = 25
SCALE = range(MAX_SCORE + 1)


def person_name(row: Mapping[str, Any], prefix: str = "") -> str:
    """A person's full name from a row's first/last name and username (the username when the name is empty)."""
    full = f"{row.get(prefix + 'first_name') or ''} {row.get(prefix + 'last_name') or ''}".strip()
    return full or row.get(prefix + "username") or ""


def cycle_url(cycle) -> str:
    return reverse("awards:cycle", args=[cycle.pk])


def _names() -> dict:
    return {"sheet_status_names": dict(SheetStatus.choices), "round_status_names": dict(RoundStatus.choices),
            "recusal_names": dict(RecusalSource.choices), "person_name": person_name, "cycle_url": cycle_url}


def _managed_cycle(user, cycle_id: int):
    """The cycle for its organiser: 404 to whoever may not see it, 403 to whoever may see it but not run it."""
    cycle = get_object_or_404(selectors.visible_cycles(user), pk=cycle_id)
    require(user, "awards.manage", cycle)
    return cycle


def _message_error(request, error: DomainError) -> None:
    messages.error(request, str(error.message))


# ---------------------------------------------------------------- panels (organiser)


@login_required
@require_http_methods(["GET", "POST"])
def panels(request, cycle_id: int):
    cycle = _managed_cycle(request.user, cycle_id)
    if request.method == "POST":
        return _panels_action(request, cycle)
    rounds = list(Round.objects.filter(category__cycle=cycle).select_related("category")
                  .order_by("category__position", "category_id", "number")
                  .prefetch_related(Prefetch("members", queryset=PanelMember.objects.select_related("judge__user")
                                             .order_by("judge__user__first_name", "judge__user__username"))))
    loads = {(round_id, judge_id): count for round_id, judge_id, count in
             Scoresheet.objects.filter(round__category__cycle=cycle).values_list("round_id", "judge_id")
             .annotate(count=Count("pk")).order_by()}
    entries = dict(Round.objects.filter(category__cycle=cycle).annotate(count=Count("entries"))
                   .values_list("pk", "count"))
    accepted = list(Judge.objects.filter(cycle=cycle, status=JudgeStatus.ACCEPTED).select_related("user")
                    .order_by("user__first_name", "user__username", "pk"))
    boards = []
    for round_ in rounds:
        seated = {member.judge_id for member in round_.members.all()}
        boards.append({
            "round": round_, "members": [(member.judge, loads.get((round_.pk, member.judge_id), 0))
                                         for member in round_.members.all()],
            "candidates": [judge for judge in accepted if judge.pk not in seated],
            "entries": entries.get(round_.pk, 0),
            "shortfall": services.assignment_shortfall(round_) if round_.status == RoundStatus.OPEN else 0,
        })
    context = {"cycle": cycle, "boards": boards, "recusals": selectors.cycle_recusals(cycle),
               "judging": cycle.stage == "judging", "normalise_help": Round._meta.get_field("normalise").help_text,
               **_names()}
    return render(request, "awards/panels.html", context)


def _panels_action(request, cycle):
    action = request.POST.get("action", "")
    try:
        round_ = get_object_or_404(Round.objects.select_related("category__cycle__programme"),
                                   category__cycle=cycle, pk=int(request.POST.get("round") or 0))
    except ValueError:
        raise Http404 from None
    try:
        if action in ("add", "remove"):
            try:
                judge = get_object_or_404(Judge.objects.select_related("user"), cycle=cycle,
                                          pk=int(request.POST.get("judge") or 0))
            except ValueError:
                raise Http404 from None
            name = judge.user.get_full_name() or judge.user.username
            if action == "add":
                services.panel_add(actor=request.user, round=round_, judge=judge)
                messages.success(request, _("%(name)s joined the panel.") % {"name": name})
            else:
                services.panel_remove(actor=request.user, round=round_, judge=judge)
                messages.success(request, _("%(name)s left the panel.") % {"name": name})
        elif action == "assign":
            added = services.round_assign(actor=request.user, round=round_)
            shortfall = services.assignment_shortfall(round_)
            messages.success(request, _("%(count)s scoresheets assigned.") % {"count": added})
            if shortfall:
                messages.warning(request, _("The applications still lack %(count)s judges: add judges to the "
                                            "panel and assign again.") % {"count": shortfall})
        elif action == "normalise":
            services.round_update(actor=request.user, round=round_, normalise=request.POST.get("normalise") == "on")
            messages.success(request, _("The ranking method is saved."))
        else:
            raise InvalidInput(code="unknown_action")
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        _message_error(request, error)
    return redirect(reverse("awards:panels", args=[cycle.pk]) + f"#round-{round_.pk}")


# ---------------------------------------------------------------- the judge's queue


@login_required
def judge_queue(request):
    rows = selectors.judge_queue(request.user)
    paginator = Paginator(rows, QUEUE_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = selectors.hide_identity(list(page_obj.object_list))  # type: ignore[assignment]
    return render(request, "awards/judge_queue.html", {"page_obj": page_obj, "rows": page_obj.object_list,
                                                       **_names()})


# ---------------------------------------------------------------- the scoring page


def _judge_sheet(user, sheet_id: int) -> Scoresheet:
    """The sheet when this person may open it as its judge (never recused); a 404 for everyone else."""
    return get_object_or_404(
        selectors.judge_sheets(user).select_related(
            "judge__user", "judge__cycle__programme", "round__category", "application__organization",
            "application__applicant", "application__initiative"),
        pk=sheet_id)


def _whole_number(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput(_("Scores are whole numbers from 0 to %(max)s.") % {"max": MAX_SCORE},
                           code="score_out_of_range")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.isdigit() or len(text) > 3:
        raise InvalidInput(_("Scores are whole numbers from 0 to %(max)s.") % {"max": MAX_SCORE},
                           code="score_out_of_range")
    return int(text)


def scores_from(data: Mapping[str, Any], criteria: list[Criterion]) -> tuple[dict, str | None]:
    """The sheet's fields (`score_<id>`, `comment_<id>`, `overall_comment`: the form's names, posted by the page or
    as JSON by the autosave) as services.sheet_save takes them."""
    scores: dict[int, tuple[int | None, str]] = {}
    for criterion in criteria:
        if f"score_{criterion.pk}" not in data and f"comment_{criterion.pk}" not in data:
            continue  # not sent: left as saved (an empty score clears it)
        comment = data.get(f"comment_{criterion.pk}", "")
        if not isinstance(comment, str):
            raise InvalidInput(_("A comment is text."), code="invalid_comment")
        scores[criterion.pk] = (_whole_number(data.get(f"score_{criterion.pk}")), comment)
    overall = data.get("overall_comment")
    if overall is not None and not isinstance(overall, str):
        raise InvalidInput(_("A comment is text."), code="invalid_comment")
    return scores, overall


def _level_texts(criterion: Criterion) -> list[tuple[int, int | None, dict | None]]:
    """Each level 0–10 with the level whose descriptor applies to it (its own or the nearest described level below)
    and that descriptor."""
    levels = criterion.levels or {}
    described: int | None = None
    texts = []
    for level in SCALE:
        if levels.get(str(level)):
            described = level
        texts.append((level, described, levels.get(str(described)) if described is not None else None))
    return texts


def _sheet_page(request, sheet: Scoresheet, *, posted: Mapping[str, Any] | None = None, status: int = 200):
    application = sheet.application
    category = sheet.round.category
    cycle = sheet.judge.cycle
    criteria = list(category.criteria.order_by("position", "pk"))
    saved = {score.criterion_id: score for score in sheet.scores.all()}
    values, comments = {}, {}
    for criterion in criteria:
        score = saved.get(criterion.pk)
        values[criterion.pk] = str(score.value) if score else ""
        comments[criterion.pk] = score.comment if score else ""
        if posted is not None:
            values[criterion.pk] = str(posted.get(f"score_{criterion.pk}", values[criterion.pk]) or "")
            comments[criterion.pk] = posted.get(f"comment_{criterion.pk}", comments[criterion.pk]) or ""
    overall = posted.get("overall_comment", sheet.overall_comment) if posted is not None else sheet.overall_comment
    questions = list(Question.objects.filter(category=category).order_by("position", "pk"))
    answers = [(question, (application.answers or {}).get(str(question.pk), "")) for question in questions]
    context = {
        "sheet": sheet, "application": application, "category": category, "cycle": cycle, "round": sheet.round,
        "blind": cycle.blind_judging, "criteria": [(criterion, _level_texts(criterion)) for criterion in criteria],
        "values": values, "comments": comments, "overall_comment": overall, "answers": answers,
        "evidence": list(ApplicationEvidence.objects.filter(application=application).order_by("uploaded_at", "pk")),
        "editable": sheet.status != SheetStatus.SUBMITTED and sheet.round.status == RoundStatus.OPEN,
        "scale": SCALE, **_names(),
    }
    return render(request, "awards/sheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request, sheet_id: int):
    found = _judge_sheet(request.user, sheet_id)
    if request.method == "GET":
        return _sheet_page(request, found)
    submit = request.POST.get("action") == "submit"
    criteria = list(found.round.category.criteria.order_by("position", "pk"))
    try:
        scores, overall = scores_from(request.POST, criteria)
        saved = services.sheet_save(actor=request.user, sheet=found, scores=scores, overall_comment=overall,
                                    submit=submit)
    except DomainError as error:
        if isinstance(error, NotFound | NotPermitted):
            raise
        _message_error(request, error)
        return _sheet_page(request, found, posted=request.POST, status=error.status)
    if submit:
        messages.success(request, _("Your scores are submitted. Your total for this application: %(total)s / 100.")
                         % {"total": saved.total})
    else:
        messages.success(request, _("Draft saved."))
    return redirect("awards:sheet", sheet_id=found.pk)


def _json_error(error: DomainError) -> JsonResponse:
    return JsonResponse({"detail": str(error.message), "code": error.code}, status=error.status)


@require_POST
def sheet_autosave(request, sheet_id: int):
    """The scoring page's autosave: the form's fields as JSON (or form-encoded), saved as a draft."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Sign in to continue."), "code": "not_authenticated"}, status=401)
    try:
        found = _judge_sheet(request.user, sheet_id)
    except Http404:
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            return JsonResponse({"detail": _("The request is not valid JSON."), "code": "invalid_json"}, status=400)
    else:
        data = request.POST
    criteria = list(found.round.category.criteria.order_by("position", "pk"))
    try:
        scores, overall = scores_from(data, criteria)
        saved = services.sheet_save(actor=request.user, sheet=found, scores=scores, overall_comment=overall)
    except DomainError as error:
        return _json_error(error)
    moment = timezone.localtime(saved.saved_at).strftime("%H:%M:%S")
    return JsonResponse({"status": saved.status, "saved_at": moment,
                         "detail": _("Saved at %(time)s") % {"time": moment}})


@login_required
@require_POST
def sheet_conflict(request, sheet_id: int):
    """The judge declares a conflict of interest with the sheet's application: the sheet goes to another judge."""
    found = _judge_sheet(request.user, sheet_id)
    try:
        services.conflict_declare(actor=request.user, judge=found.judge, application=found.application,
                                  reason=request.POST.get("reason", ""))
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        _message_error(request, error)
        return redirect(reverse("awards:sheet", args=[found.pk]) + "#conflict")
    messages.success(request, _("Your conflict of interest is recorded: the application goes to another judge."))
    return redirect("awards:judge_queue")


@login_required
def sheet_evidence(request, sheet_id: int, evidence_id: int, filename: str):
    """An evidence file of the sheet's application, for its judge (the same 404 as the sheet for anyone else)."""
    found = _judge_sheet(request.user, sheet_id)
    evidence = get_object_or_404(ApplicationEvidence, application_id=found.application_id, pk=evidence_id)
    if not is_named_in_url(evidence.file, filename):
        raise Http404
    return protected_file_response(evidence.file, published=False)


# ---------------------------------------------------------------- progress board (organiser)


@login_required
def progress(request, cycle_id: int):
    cycle = _managed_cycle(request.user, cycle_id)
    rounds = selectors.cycle_rounds(cycle)
    judges = selectors.judge_progress(cycle)
    totals = {"assigned": sum(row["sheet_count"] for row in rounds),
              "submitted": sum(row["submitted_count"] for row in rounds)}
    return render(request, "awards/progress.html", {"cycle": cycle, "rounds": rounds, "judges": judges,
                                                    "totals": totals, **_names()})


# ---------------------------------------------------------------- the round's ranking (organiser)


@login_required
@require_http_methods(["GET", "POST"])
def ranking(request, round_id: int):
    round_ = get_object_or_404(Round.objects.select_related("category__cycle__programme__organization"),
                               pk=round_id)
    cycle = round_.category.cycle
    if not can(request.user, "awards.view_cycle", cycle):
        raise Http404
    require(request.user, "awards.manage", cycle)
    if request.method == "POST":
        return _ranking_action(request, round_)
    entries = selectors.round_ranking(round_)
    rounds = list(Round.objects.filter(category=round_.category).order_by("number").values("pk", "number"))
    heaviest = services.heaviest_criterion(round_.category)
    context = {"round": round_, "cycle": cycle, "category": round_.category, "entries": entries,
               "outliers": selectors.round_outliers(round_), "rounds": rounds, "heaviest": heaviest,
               "ranked_count": sum(1 for entry in entries if entry["rank"] is not None),
               "has_next": any(other["number"] > round_.number for other in rounds),
               "judging": cycle.stage == "judging", **_names()}
    return render(request, "awards/ranking.html", context)


def _ranking_action(request, round_: Round):
    action = request.POST.get("action", "")
    here = reverse("awards:ranking", args=[round_.pk])
    try:
        if action == "close":
            services.round_close(actor=request.user, round=round_)
            messages.success(request, _("The round is closed: its ranking is final."))
        elif action == "advance":
            try:
                count = int(request.POST.get("count") or 0)
            except ValueError:
                count = 0
            following = services.round_advance(actor=request.user, round=round_, count=count,
                                               normalise=request.POST.get("normalise") == "on")
            messages.success(request, _("Round %(number)s is open with %(count)s applications: form its panel.")
                             % {"number": following.number, "count": following.entries.count()})
            return redirect(reverse("awards:panels", args=[round_.category.cycle_id]) + f"#round-{following.pk}")
        else:
            raise InvalidInput(code="unknown_action")
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        _message_error(request, error)
    return redirect(here)
