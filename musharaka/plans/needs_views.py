"""The needs pages of a plan (issue #14, needs): the public list with search, filters, sort and votes; submitting a
need with similar needs suggested while typing; the team's moderation (duplicates, merge, retain or set aside, edit,
evidence); the scoring matrix; the prioritisation with its computation shown; proven initiatives for a need with
one-click replication into the plan.

Who may not see the plan gets a 404 (selectors.get_plan); who may see it but not act, a 403. A domain error becomes
a message or a form error, never a 500.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from musharaka.core.errors import DomainError
from musharaka.core.files import is_named_in_url, protected_file_response, protected_file_url
from musharaka.core.permissions import can, require

from . import priority, selectors, services
from .models import (
    MAX_CRITERION_SCORE,
    WEIGHT_TOTAL,
    Need,
    NeedCategory,
    NeedEvidence,
    NeedScore,
    NeedStatus,
    ParticipantGroup,
    PriorityCriterion,
)
from .needs_forms import (
    SCORE_CHOICES,
    CriterionForm,
    EvidenceForm,
    MergeForm,
    NeedForm,
    ReplicateForm,
    StatusForm,
    TeamNeedForm,
    VoteForm,
    plan_neighbourhoods,
)

NEEDS_PER_PAGE = 20
MATRIX_PER_PAGE = 20
MODERATION_PER_PAGE = 30
PRIORITIES_PER_PAGE = 50
GROUP_TOP = 10
SORTS = ("priority", "votes", "newest")
MAX_TYPED = 600  # what the similar-needs endpoint reads of each typed text


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _plan(request, plan_id: int):
    return selectors.get_plan(user=request.user, plan_id=plan_id)


def _need(request, need_id: int) -> Need:
    """The need, 404 unless its plan is visible to this person."""
    need = get_object_or_404(Need.objects.select_related("plan", "category", "neighbourhood", "merged_into"),
                             pk=need_id)
    need.plan = selectors.get_plan(user=request.user, plan_id=need.plan_id)
    return need


def _plan_url(plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _signed_in(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


def _context(plan, request, **extra) -> dict:
    return {"plan": plan, "plan_url": _plan_url(plan), "can_moderate": can(request.user, "plans.moderate_needs", plan),
            "can_submit": can(request.user, "plans.submit_need", plan), "groups": ParticipantGroup, **extra}


# ---------------------------------------------------------------- the public list


def _ranked_rows(plan, rows: list[dict]) -> list[dict]:
    """Each row with its vote score and priority (priority.py), the most votes read over the plan's open needs."""
    most = plan.needs.filter(status=NeedStatus.OPEN).aggregate(most=Max("vote_count"))["most"] or 0
    for row in rows:
        row["vote_score"] = priority.vote_score(row["vote_count"], most)
        row["priority"] = priority.combined(row["matrix_score"], row["vote_score"], plan.matrix_share)
    return rows


@require_safe
def needs(request, plan_id: int):
    plan = _plan(request, plan_id)
    q = (request.GET.get("q") or "").strip()[:200]
    category, neighbourhood = _int(request.GET.get("category")), _int(request.GET.get("neighbourhood"))
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "priority"
    rows = selectors.need_rows(plan, q=q or None, category=category, neighbourhood=neighbourhood)
    if sort == "priority":
        ranked = sorted(_ranked_rows(plan, list(rows)),
                        key=lambda r: (-r["priority"], -r["vote_count"], -(r["people_affected"] or 0), r["id"]))
        page_obj = Paginator(ranked, NEEDS_PER_PAGE).get_page(request.GET.get("page"))
    else:
        ordered = rows.order_by("-vote_count", "id") if sort == "votes" else rows.order_by("-created_at", "-id")
        page_obj = Paginator(ordered, NEEDS_PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = _ranked_rows(plan, list(page_obj.object_list))
    return render(request, "plans/needs.html", _context(
        plan, request, page_obj=page_obj, q=q, category=category, neighbourhood=neighbourhood, sort=sort,
        categories=list(NeedCategory.objects.order_by("position", "pk").values("id", "name_ar", "name_en")),
        neighbourhoods=list(plan_neighbourhoods(plan).values("id", "name_ar", "name_en")),
        my_votes=selectors.my_votes(plan, request.user), can_vote=can(request.user, "plans.vote", plan),
        vote_form=VoteForm()))


@require_safe
def need_detail(request, need_id: int):
    need = _need(request, need_id)
    evidence = list(need.evidence.order_by("added_at", "pk"))
    for item in evidence:
        item.url = protected_file_url("plans:need_evidence_file", item.file, evidence_id=item.pk)
    return render(request, "plans/need.html", _context(
        need.plan, request, need=need, evidence=evidence, my_votes=selectors.my_votes(need.plan, request.user),
        can_vote=can(request.user, "plans.vote", need), vote_form=VoteForm(),
        merged=list(need.merged_needs.values("id", "title")),
        groups_votes=[(group.label, need.votes_of(group.value)) for group in ParticipantGroup]))


@require_POST
def need_vote(request, need_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    need = _need(request, need_id)
    require(request.user, "plans.vote", need)
    back = _back(request, reverse("plans:need", args=[need.pk]))
    try:
        if request.POST.get("action") == "unvote":
            services.need_unvote(actor=request.user, need=need)
            messages.success(request, _("Your vote was withdrawn."))
        else:
            form = VoteForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose your group from the list."))
                return redirect(back)
            services.need_vote(actor=request.user, need=need, group=form.cleaned_data["group"])
            messages.success(request, _("Your vote was counted."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(back)


# ---------------------------------------------------------------- submitting, with similar needs while typing


@require_http_methods(["GET", "HEAD", "POST"])
def need_submit(request, plan_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    plan = _plan(request, plan_id)
    require(request.user, "plans.submit_need", plan)
    form = NeedForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_submit(actor=request.user, plan=plan, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Thank you: your need was added to the consultation."))
            return redirect("plans:need", need.pk)
    similar = selectors.similar_needs(plan, title=form.data.get("title", "")[:MAX_TYPED],
                                      description=form.data.get("description", "")[:MAX_TYPED]) if form.is_bound else []
    return render(request, "plans/need_submit.html", _context(plan, request, form=form, similar=similar),
                  status=400 if form.is_bound else 200)


@require_safe
def need_similar(request, plan_id: int):
    """The htmx answer while a need is typed: the plan's open needs most like it (a fragment)."""
    plan = _plan(request, plan_id)
    title = (request.GET.get("title") or "")[:MAX_TYPED]
    description = (request.GET.get("description") or "")[:MAX_TYPED]
    similar = selectors.similar_needs(plan, title=title, description=description)
    return render(request, "plans/_similar_needs.html", {"plan": plan, "similar": similar,
                                                          "typed": bool(title.strip())})


# ---------------------------------------------------------------- the team's moderation


def _moderator(request, plan_id: int):
    if (login := _signed_in(request)) is not None:
        return None, login
    plan = _plan(request, plan_id)
    require(request.user, "plans.moderate_needs", plan)
    return plan, None


@require_http_methods(["GET", "HEAD", "POST"])
def moderation(request, plan_id: int):
    plan, login = _moderator(request, plan_id)
    if login:
        return login
    add_form = TeamNeedForm(plan=plan, prefix="add")
    if request.method == "POST" and request.POST.get("action") == "add":
        # The team records a need (a study, its own work) while the plan is prepared, consulted on or revised.
        add_form = TeamNeedForm(request.POST, plan=plan, prefix="add")
        if add_form.is_valid():
            data = {k: v for k, v in add_form.cleaned_data.items() if k != "source"}
            try:
                need = services.need_add(actor=request.user, plan=plan, data=data,
                                         source=add_form.cleaned_data["source"])
            except DomainError as error:
                messages.error(request, str(error.message))
                return redirect("plans:moderation", plan.pk)
            messages.success(request, _("The need was added."))
            return redirect("plans:need", need.pk)
    elif request.method == "POST":
        need = get_object_or_404(Need, pk=_int(request.POST.get("need")) or 0, plan=plan)
        need.plan = plan
        form = StatusForm(request.POST, prefix=f"n{need.pk}")
        if form.is_valid():
            try:
                services.need_set_status(actor=request.user, need=need, status=form.cleaned_data["status"],
                                         reason=form.cleaned_data["reason"])
                messages.success(request, _("“%(need)s” is retained.") % {"need": need.title}
                                 if form.cleaned_data["status"] == NeedStatus.OPEN
                                 else _("“%(need)s” is set aside.") % {"need": need.title})
            except DomainError as error:
                messages.error(request, str(error.message))
        else:
            messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_back(request, reverse("plans:moderation", args=[plan.pk])))
    status = request.GET.get("status") if request.GET.get("status") in NeedStatus.values else NeedStatus.OPEN
    rows = selectors.need_rows(plan, statuses=(status,), q=(request.GET.get("q") or "").strip()[:200] or None)
    page_obj = Paginator(rows.order_by("-created_at", "-id"), MODERATION_PER_PAGE).get_page(request.GET.get("page"))
    for row in page_obj.object_list:
        row["status_form"] = StatusForm(prefix=f"n{row['id']}", initial={
            "status": NeedStatus.REJECTED if row["status"] == NeedStatus.OPEN else NeedStatus.OPEN})
    return render(request, "plans/moderation.html", _context(
        plan, request, page_obj=page_obj, status=status, statuses=NeedStatus, q=request.GET.get("q", "")[:200],
        pairs=selectors.duplicate_pairs(plan), add_form=add_form),
        status=400 if add_form.is_bound else 200)


@require_POST
def need_merge(request, plan_id: int):
    plan, login = _moderator(request, plan_id)
    if login:
        return login
    form = MergeForm(request.POST)
    back = _back(request, reverse("plans:moderation", args=[plan.pk]))
    if not form.is_valid():
        messages.error(request, _("Choose the two needs to merge."))
        return redirect(back)
    found = {need.pk: need for need in Need.objects.filter(
        plan=plan, pk__in=[form.cleaned_data["duplicate"], form.cleaned_data["into"]])}
    duplicate, into = found.get(form.cleaned_data["duplicate"]), found.get(form.cleaned_data["into"])
    if duplicate is None or into is None:
        raise Http404
    duplicate.plan = into.plan = plan
    try:
        services.need_merge(actor=request.user, duplicate=duplicate, into=into)
        messages.success(request, _("“%(duplicate)s” was merged into “%(into)s”.")
                         % {"duplicate": duplicate.title, "into": into.title})
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(back)


@require_http_methods(["GET", "HEAD", "POST"])
def need_edit(request, need_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    need = _need(request, need_id)
    require(request.user, "plans.moderate_needs", need)
    form = NeedForm(request.POST or None, plan=need.plan, initial=NeedForm.initial_for(need))
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(actor=request.user, need=need, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The need was saved."))
            return redirect("plans:need", need.pk)
    return render(request, "plans/need_edit.html", _context(need.plan, request, need=need, form=form),
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def need_evidence(request, need_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    need = _need(request, need_id)
    require(request.user, "plans.moderate_needs", need)
    form = EvidenceForm()
    status = 200
    if request.method == "POST" and request.POST.get("action") == "remove":
        removed = get_object_or_404(NeedEvidence, pk=_int(request.POST.get("evidence")) or 0, need=need)
        removed.need = need
        services.evidence_remove(actor=request.user, evidence=removed)
        messages.success(request, _("The evidence was removed."))
        return redirect("plans:need_evidence", need.pk)
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.evidence_add(actor=request.user, need=need, data=form.service_data(),
                                      upload=form.cleaned_data.get("file") or None)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("The evidence was added."))
                return redirect("plans:need_evidence", need.pk)
        status = 400
    evidence = list(need.evidence.order_by("added_at", "pk"))
    for item in evidence:
        item.url = protected_file_url("plans:need_evidence_file", item.file, evidence_id=item.pk)
    return render(request, "plans/need_evidence.html", _context(need.plan, request, need=need, form=form,
                                                                 evidence=evidence), status=status)


@require_safe
def need_evidence_file(request, evidence_id: int, filename: str):
    """An evidence file, to whoever may see the plan (evidence backs the needs the public reads)."""
    evidence = get_object_or_404(NeedEvidence.objects.select_related("need"), pk=evidence_id)
    plan = selectors.get_plan(user=request.user, plan_id=evidence.need.plan_id)
    if not is_named_in_url(evidence.file, filename):
        raise Http404
    return protected_file_response(evidence.file, published=plan.is_public)


# ---------------------------------------------------------------- the scoring matrix


def _matrix_rows(page_obj) -> list[dict]:
    ids = [row["id"] for row in page_obj.object_list]
    scores: dict[int, dict[int, int]] = {}
    for need_id, criterion_id, score in NeedScore.objects.filter(need_id__in=ids).values_list(
            "need_id", "criterion_id", "score"):
        scores.setdefault(need_id, {})[criterion_id] = score
    return [{**row, "scores": scores.get(row["id"], {})} for row in page_obj.object_list]


@require_http_methods(["GET", "HEAD", "POST"])
def matrix(request, plan_id: int):
    plan, login = _moderator(request, plan_id)
    if login:
        return login
    criteria = list(plan.criteria.order_by("position", "pk"))
    criterion_form = CriterionForm(prefix="new")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "scores":
                _save_scores(request, plan, criteria)
                return redirect(_back(request, reverse("plans:matrix", args=[plan.pk])))
            if action == "delete":
                deleted = get_object_or_404(PriorityCriterion, pk=_int(request.POST.get("criterion")) or 0,
                                            plan=plan)
                deleted.plan = plan
                services.criterion_delete(actor=request.user, criterion=deleted)
                messages.success(request, _("The criterion was deleted."))
                return redirect("plans:matrix", plan.pk)
            if action == "criterion":
                criterion = None
                if request.POST.get("criterion"):
                    criterion = get_object_or_404(PriorityCriterion, pk=_int(request.POST.get("criterion")) or 0,
                                                  plan=plan)
                prefix = f"c{criterion.pk}" if criterion else "new"
                form = CriterionForm(request.POST, prefix=prefix)
                if form.is_valid():
                    services.criterion_save(actor=request.user, plan=plan, data=form.service_data(),
                                            criterion=criterion)
                    messages.success(request, _("The criterion was saved."))
                    return redirect("plans:matrix", plan.pk)
                criterion_form, status = form, 400
                messages.error(request, _("Correct the criterion's fields."))
            else:
                messages.error(request, _("Unknown action."))
                return redirect("plans:matrix", plan.pk)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("plans:matrix", plan.pk)
    rows = selectors.need_rows(plan).order_by("-created_at", "-id")
    page_obj = Paginator(rows, MATRIX_PER_PAGE).get_page(request.GET.get("page"))
    total = sum(criterion.weight for criterion in criteria)
    edit_forms = [(criterion, CriterionForm(prefix=f"c{criterion.pk}", initial=CriterionForm.initial_for(criterion)))
                  for criterion in criteria]
    return render(request, "plans/matrix.html", _context(
        plan, request, criteria=criteria, edit_forms=edit_forms, criterion_form=criterion_form, page_obj=page_obj,
        rows=_matrix_rows(page_obj), total=total, weight_total=WEIGHT_TOTAL,
        score_choices=SCORE_CHOICES, max_score=MAX_CRITERION_SCORE,
        open_matrix=plan.status in ("draft", "consultation", "revised")), status=status)


def _save_scores(request, plan, criteria) -> None:
    """Every need of the posted page with its chosen scores (`score-<need>-<criterion>`, empty = not scored)."""
    wanted: dict[int, dict[int, int]] = {}
    criterion_ids = {criterion.pk for criterion in criteria}
    for key, value in request.POST.items():
        parts = key.split("-")
        if len(parts) != 3 or parts[0] != "score" or value == "":
            continue
        need_id, criterion_id, score = _int(parts[1]), _int(parts[2]), _int(value) if value != "0" else 0
        if (need_id is None or criterion_id is None or criterion_id not in criterion_ids or score is None
                or score > MAX_CRITERION_SCORE):
            messages.error(request, _("A score is a whole number from 0 to %(max)s.") % {"max": MAX_CRITERION_SCORE})
            return
        wanted.setdefault(need_id, {})[criterion_id] = score
    needs = {need.pk: need for need in Need.objects.filter(plan=plan, pk__in=list(wanted))}
    for need_id, scores in wanted.items():
        if need_id in needs:
            needs[need_id].plan = plan
            services.need_score(actor=request.user, need=needs[need_id], scores=scores)
    messages.success(request, _("The scores were saved."))


# ---------------------------------------------------------------- the prioritisation


@require_safe
def priorities(request, plan_id: int):
    plan = _plan(request, plan_id)
    result = selectors.prioritisation(plan)
    page_obj = Paginator(result.combined, PRIORITIES_PER_PAGE).get_page(request.GET.get("page"))
    by_group = [(group, result.by_group[group.value][:GROUP_TOP],
                 sum(result.rows[item.need_id][f"votes_{group.value}"] for item in result.by_group[group.value]))
                for group in ParticipantGroup]
    return render(request, "plans/priorities.html", _context(
        plan, request, result=result, page_obj=page_obj, by_group=by_group, rows=result.rows,
        weight_total=sum(criterion.weight for criterion in result.criteria), vote_share=100 - plan.matrix_share,
        max_score=MAX_CRITERION_SCORE, hundred=Decimal(100)))


# ---------------------------------------------------------------- proven initiatives for a need


@require_safe
def suggestions(request, need_id: int):
    need = _need(request, need_id)
    plan = need.plan
    can_replicate = can(request.user, "plans.change_plan", plan) and plan.is_editable
    goals = list(plan.goals.order_by("position", "pk")) if can_replicate else []
    found = selectors.suggestions_for_need(need)
    for initiative in found:
        initiative.form = ReplicateForm(goals=goals, prefix=f"i{initiative.pk}", initial={"initiative": initiative.pk})
    return render(request, "plans/suggestions.html", _context(
        plan, request, need=need, suggestions=found, can_replicate=can_replicate, goals=goals))


@require_POST
def replicate(request, need_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    need = _need(request, need_id)
    plan = need.plan
    require(request.user, "plans.change_plan", plan)
    goals = list(plan.goals.order_by("position", "pk"))
    prefix = next((key.split("-", 1)[0] for key in request.POST if key.endswith("-initiative")), "")
    form = ReplicateForm(request.POST, goals=goals, prefix=prefix or None)
    if not form.is_valid():
        messages.error(request, _("Choose the goal the action serves."))
        return redirect("plans:suggestions", need.pk)
    from musharaka.initiatives.models import Initiative

    initiative = get_object_or_404(Initiative, pk=form.cleaned_data["initiative"])
    goal = next(goal for goal in goals if str(goal.pk) == form.cleaned_data["goal"])
    try:
        action = services.replicate_into_plan(actor=request.user, need=need, initiative=initiative, goal=goal)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("plans:suggestions", need.pk)
    messages.success(request, _("“%(title)s” is now an action of the plan, with a draft initiative of your "
                                "organisation replicating it.") % {"title": action.title_ar})
    return redirect(_plan_url(plan))
