"""The pages of processes, their phases and ideas: lists with filters and Arabic search, the process page (phases with
Hijri and Gregorian dates, what one may do now, the other parts' panels), the idea page (supports, the official
answer, the threaded comments), the forms.

Thin views: reads through ideas_selectors, writes through services and ideas. Who may not see gets a 404, who sees but
may not act the 403 page; a refusal of the services comes back on the form or as a message, never a 500.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from musharaka.core.errors import DomainError, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response, protected_file_url
from musharaka.core.permissions import can, is_platform_admin, require
from musharaka.orgs.models import Organization

from . import ideas, services
from . import ideas_selectors as selectors
from .ideas_forms import (
    AnswerForm,
    CommentForm,
    IdeaFilterForm,
    IdeaForm,
    PhaseForm,
    ProcessFilterForm,
    ProcessForm,
    StatusForm,
)
from .models import Idea, IdeaState, Phase, PhaseKind, Process, ProcessStatus, Visibility
from .panels import process_panels

PAGE_SIZE = 20
MAX_TYPED = 600  # what the similar-ideas fragment reads of each typed text


def _signed_in(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


def _page(request, queryset, size: int = PAGE_SIZE):
    number = request.GET.get("page") or 1
    return Paginator(queryset, size).get_page(number)


def _names() -> dict:
    return {"phase_names": dict(PhaseKind.choices), "state_names": dict(IdeaState.choices),
            "status_names": dict(ProcessStatus.choices), "visibility_names": dict(Visibility.choices)}


def _organizations(user):
    if is_platform_admin(user):
        return Organization.objects.order_by("name_ar")
    return Organization.objects.filter(pk__in=selectors.editor_organization_ids(user)).order_by("name_ar")


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


# ---------------------------------------------------------------- processes


@require_safe
def process_list(request):
    form = ProcessFilterForm(request.GET or None)
    rows = selectors.process_rows(request.user, **form.values())
    page = _page(request, rows)
    return render(request, "participation/ideas/process_list.html", {
        "form": form, "page": page, "can_add": can(request.user, "participation.add_process"), **_names()})


def _process_form_page(request, *, process: Process | None):
    organizations = _organizations(request.user)
    form = ProcessForm(request.POST or None, organizations=organizations, process=process)
    if request.method == "POST" and form.is_valid():
        neighbourhood_ids = [n.pk for n in form.cleaned_data.get("neighbourhoods") or []]
        try:
            if process is None:
                saved = services.process_create(actor=request.user, organization=form.cleaned_data["organization"],
                                                data=form.service_data(), neighbourhood_ids=neighbourhood_ids)
            else:
                saved = services.process_update(actor=request.user, process=process, data=form.service_data(),
                                                neighbourhood_ids=neighbourhood_ids)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The process was saved."))
            return redirect("participation:process_phases" if process is None else "participation:process_detail",
                            saved.pk)
    return render(request, "participation/ideas/process_form.html", {"form": form, "process": process},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def process_new(request):
    if (login := _signed_in(request)) is not None:
        return login
    require(request.user, "participation.add_process")
    return _process_form_page(request, process=None)


@require_http_methods(["GET", "HEAD", "POST"])
def process_edit(request, process_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    process = selectors.get_process(user=request.user, process_id=process_id)
    require(request.user, "participation.change_process", process)
    return _process_form_page(request, process=process)


def _part_links(process: Process, user) -> list[tuple[str, str]]:
    """Links to every part of the process whose pages exist (the other parts may not be merged yet)."""
    wanted = [("participation:idea_list", _("Ideas"), None),
              ("participation:survey_list", _("Surveys"), None),
              ("participation:budget_list", _("Participatory budgets"), None),
              ("participation:topics", _("What residents said"), "participation.view_topics"),
              ("participation:moderation", _("Moderation"), "participation.moderate"),
              ("participation:process_phases", _("Phases"), "participation.change_process"),
              ("participation:process_edit", _("Edit the process"), "participation.change_process")]
    links = []
    for name, label, permission in wanted:
        if permission and not can(user, permission, process):
            continue
        try:
            links.append((label, reverse(name, args=[process.pk])))
        except NoReverseMatch:
            continue
    return links


@require_safe
def process_detail(request, process_id: int):
    process = selectors.get_process(user=request.user, process_id=process_id)
    summary = selectors.process_summary(process, request.user)
    recent = selectors.mark_supported(request.user, list(selectors.idea_rows(process, sort="supported")[:5]))
    return render(request, "participation/ideas/process_detail.html", {
        "process": process, "summary": summary, "top_ideas": recent, "panels": process_panels(process, request.user),
        "part_links": _part_links(process, request.user),
        "status_form": StatusForm(initial={"status": process.status}), **_names()})


@require_http_methods(["GET", "HEAD", "POST"])
def process_phases(request, process_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    process = selectors.get_process(user=request.user, process_id=process_id)
    require(request.user, "participation.change_process", process)
    phase = None
    if phase_id := request.GET.get("phase") or request.POST.get("phase"):
        phase = Phase.objects.filter(pk=int(phase_id) if str(phase_id).isdigit() and len(phase_id) < 10 else 0,
                                     process=process).first()
        if phase is None:
            raise Http404
    initial = None
    if phase is not None:
        initial = {name: getattr(phase, name) for name in ("kind", "starts_at", "ends_at", "description_ar",
                                                           "description_en")}
    form = PhaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_save(actor=request.user, process=process, data=form.cleaned_data, phase=phase)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The phase was saved."))
            return redirect("participation:process_phases", process.pk)
    phases = list(process.phases.order_by("starts_at", "pk"))
    return render(request, "participation/ideas/process_phases.html", {
        "process": process, "phases": phases, "form": form, "editing": phase, **_names()},
        status=400 if form.is_bound else 200)


@require_POST
def phase_delete(request, phase_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    phase = get_object_or_404(Phase.objects.select_related("process"), pk=phase_id)
    selectors.get_process(user=request.user, process_id=phase.process_id)
    try:
        services.phase_delete(actor=request.user, phase=phase)
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The phase was deleted."))
    return redirect("participation:process_phases", phase.process_id)


@require_POST
def process_status(request, process_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    process = selectors.get_process(user=request.user, process_id=process_id)
    require(request.user, "participation.change_process", process)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            services.process_set_status(actor=request.user, process=process, status=form.cleaned_data["status"])
        except NotPermitted:
            raise
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The status was changed."))
    return redirect("participation:process_detail", process.pk)


# ---------------------------------------------------------------- ideas


@require_safe
def idea_list(request, process_id: int):
    process = selectors.get_process(user=request.user, process_id=process_id)
    form = IdeaFilterForm(request.GET or None, process=process)
    values = form.values()
    page = _page(request, selectors.idea_rows(process, request.user, **values))
    selectors.mark_supported(request.user, page.object_list)
    return render(request, "participation/ideas/idea_list.html", {
        "process": process, "form": form, "page": page, "sort": values.get("sort", "recent"),
        "can_post": can(request.user, "participation.post_idea", process), **_names()})


@require_http_methods(["GET", "HEAD", "POST"])
def idea_new(request, process_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    process = selectors.get_process(user=request.user, process_id=process_id)
    require(request.user, "participation.post_idea", process)
    form = IdeaForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            idea = ideas.idea_create(actor=request.user, process=process, data=form.service_data())
        except DomainError as error:
            _form_error(form, error)
        else:
            if idea.visibility == Visibility.PENDING:
                messages.info(request, _("Thank you: your idea will appear once a moderator approves it."))
            else:
                messages.success(request, _("Thank you: your idea was published."))
            return redirect("participation:idea_detail", idea.pk)
    similar = ideas.similar_ideas(process, form.data.get("title", "")[:MAX_TYPED],
                                  form.data.get("description", "")[:MAX_TYPED]) if form.is_bound else []
    return render(request, "participation/ideas/idea_form.html", {
        "process": process, "form": form, "idea": None, "similar": similar, "typed": form.is_bound},
        status=400 if form.is_bound else 200)


@require_safe
def idea_similar(request, process_id: int):
    """The htmx answer while an idea is typed: the process's visible ideas most like it (a fragment)."""
    process = selectors.get_process(user=request.user, process_id=process_id)
    title = (request.GET.get("title") or "")[:MAX_TYPED]
    description = (request.GET.get("description") or "")[:MAX_TYPED]
    similar = ideas.similar_ideas(process, title, description)
    return render(request, "participation/ideas/_similar_ideas.html", {"similar": similar, "typed": bool(title.strip())})


def _idea(request, idea_id: int) -> Idea:
    return selectors.get_idea(user=request.user, idea_id=idea_id)


def _image_url(idea: Idea) -> str:
    return protected_file_url("participation:idea_image", idea.image, idea_id=idea.pk) if idea.image else ""


@require_safe
def idea_detail(request, idea_id: int):
    idea = _idea(request, idea_id)
    process = idea.process
    selectors.mark_supported(request.user, [idea])
    comments = selectors.comment_thread(idea, request.user)
    return render(request, "participation/ideas/idea_detail.html", {
        "idea": idea, "process": process, "comments": comments, "image_url": _image_url(idea),
        "comment_form": CommentForm(), "phase": process.phase_at(),
        "can_support": can(request.user, "participation.support_idea", idea),
        "can_comment": can(request.user, "participation.comment", idea),
        "can_edit": can(request.user, "participation.edit_idea", idea),
        "can_answer": can(request.user, "participation.answer_idea", idea),
        "user": request.user, **_names()})


@require_http_methods(["GET", "HEAD", "POST"])
def idea_edit(request, idea_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    idea = _idea(request, idea_id)
    require(request.user, "participation.edit_idea", idea)
    initial = {"title": idea.title, "description": idea.description, "axis": idea.axis_id,
               "neighbourhood": idea.neighbourhood_id, "latitude": idea.latitude, "longitude": idea.longitude,
               "group": idea.group}
    form = IdeaForm(request.POST or None, request.FILES or None, process=idea.process, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ideas.idea_update(actor=request.user, idea=idea, data=form.service_data(editing=True))
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your idea was saved."))
            return redirect("participation:idea_detail", idea.pk)
    return render(request, "participation/ideas/idea_form.html", {
        "process": idea.process, "form": form, "idea": idea, "similar": [], "typed": False},
        status=400 if form.is_bound else 200)


@require_POST
def idea_support(request, idea_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    idea = _idea(request, idea_id)
    require(request.user, "participation.support_idea", idea)
    try:
        supported = ideas.idea_toggle_support(actor=request.user, idea=idea, group=request.POST.get("group") or None)
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you for your support.") if supported else _("Your support was withdrawn."))
    return redirect(reverse("participation:idea_detail", args=[idea.pk]) + "#support")


@require_http_methods(["GET", "HEAD", "POST"])
def idea_answer(request, idea_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    idea = _idea(request, idea_id)
    require(request.user, "participation.answer_idea", idea)
    initial = {"state": idea.state if idea.state != IdeaState.OPEN else IdeaState.CONSIDERING,
               "text": idea.answer_text}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ideas.idea_answer(actor=request.user, idea=idea, state=form.cleaned_data["state"],
                              text=form.cleaned_data.get("text") or "")
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The official answer was published."))
            return redirect("participation:idea_detail", idea.pk)
    return render(request, "participation/ideas/idea_answer.html", {"idea": idea, "process": idea.process,
                                                                      "form": form},
                  status=400 if form.is_bound else 200)


@require_safe
def idea_image(request, idea_id: int, filename: str):
    idea = get_object_or_404(Idea.objects.select_related("process"), pk=idea_id)
    if not idea.image or not is_named_in_url(idea.image, filename) or not selectors.may_see_image(request.user, idea):
        raise Http404
    return protected_file_response(idea.image, published=idea.visibility == Visibility.VISIBLE
                                   and idea.process.status != ProcessStatus.DRAFT)


@require_POST
def comment_new(request, idea_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    idea = _idea(request, idea_id)
    require(request.user, "participation.comment", idea)
    form = CommentForm(request.POST)
    back = reverse("participation:idea_detail", args=[idea.pk])
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        messages.error(request, f"{form.fields[field].label or ''}: {errors[0]}" if field in form.fields
                       else str(errors[0]))
        return redirect(back + "#comments")
    try:
        comment = ideas.comment_create(actor=request.user, idea=idea, body=form.cleaned_data["body"],
                                       parent=form.cleaned_data.get("parent"),
                                       group=form.cleaned_data.get("group") or None)
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(back + "#comments")
    if comment.visibility == Visibility.PENDING:
        messages.info(request, _("Thank you: your comment will appear once a moderator approves it."))
    else:
        messages.success(request, _("Your comment was published."))
    return redirect(f"{back}#comment-{comment.pk}")
