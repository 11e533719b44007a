"""Pages of moderation: the queue of a process (pending ideas and comments, reported content), its audit log, its
blocks, the merge form, abuse reports, follows and the "following" page.

Thin views: reads through moderation_selectors, writes through moderation. Who may not see the content gets a 404,
who sees it but may not act a 403; a service's refusal comes back on the form or as a message.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from musharaka.core.errors import DomainError
from musharaka.core.permissions import require
from musharaka.core.refusals import form_error, message_error

from . import moderation, moderation_selectors
from .models import (
    AbuseReason,
    AbuseReport,
    Block,
    Comment,
    Follow,
    Idea,
    ModerationKind,
    Visibility,
)
from .moderation_forms import (
    AbuseReportForm,
    BlockForm,
    FollowEmailForm,
    FollowForm,
    MergeForm,
    ModerateForm,
    ReasonForm,
    RequiredReasonForm,
)

PAGE_SIZE = 20
QUEUE_LISTS = ("ideas", "comments", "reports")


def _names() -> dict:
    return {"idea_url": moderation.idea_url, "process_url": moderation.process_url,
            "reason_names": dict(AbuseReason.choices), "kind_names": dict(ModerationKind.choices),
            "visibility_names": dict(Visibility.choices)}


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _process(request, process_id: int):
    process = moderation_selectors.get_process(request.user, process_id)
    if process is None:
        raise Http404
    return process


def _idea(request, idea_id: int) -> Idea:
    idea = Idea.objects.select_related("process", "author").filter(pk=idea_id).first()
    if idea is None or not moderation.may_see(request.user, idea=idea):
        raise Http404
    return idea


def _comment(request, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("idea__process", "author").filter(pk=comment_id).first()
    if comment is None or not moderation.may_see(request.user, idea=comment.idea, comment=comment):
        raise Http404
    return comment


def _queue_url(process_id: int) -> str:
    return reverse("participation:moderation", args=[process_id])


# ---------------------------------------------------------------- the queue and the log


@login_required
@require_safe
def queue(request, process_id: int):
    process = _process(request, process_id)
    require(request.user, "participation.moderate", process)
    show = request.GET.get("show") if request.GET.get("show") in QUEUE_LISTS else "ideas"
    lists = {"ideas": moderation_selectors.pending_ideas(process),
             "comments": moderation_selectors.pending_comments(process),
             "reports": moderation_selectors.reported_groups(process)}
    counts = {name: rows.count() for name, rows in lists.items()}
    page_obj = Paginator(lists[show], PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    if show == "reports":
        rows = moderation_selectors.reported_content(rows)
    return render(request, "participation/moderation/queue.html", {
        "process": process, "show": show, "counts": counts, "page_obj": page_obj, "rows": rows, **_names()})


@login_required
@require_safe
def log(request, process_id: int):
    process = _process(request, process_id)
    require(request.user, "participation.moderate", process)
    page_obj = Paginator(moderation_selectors.moderation_log(process), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/moderation/log.html", {"process": process, "page_obj": page_obj,
                                                                 **_names()})


# ---------------------------------------------------------------- approve, hide, restore


@login_required
@require_POST
def idea_moderate(request, idea_id: int):
    idea = _idea(request, idea_id)
    require(request.user, "participation.moderate", idea.process)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action and write the reason."))
    else:
        try:
            moderation.idea_moderate(actor=request.user, idea=idea, action=form.cleaned_data["action"],
                                     reason=form.cleaned_data["reason"])
            messages.success(request, _("Done: the moderation action is recorded."))
        except DomainError as error:
            message_error(request, error)
    return redirect(_back(request, _queue_url(idea.process_id)))


@login_required
@require_POST
def comment_moderate(request, comment_id: int):
    comment = _comment(request, comment_id)
    require(request.user, "participation.moderate", comment.idea.process)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action and write the reason."))
    else:
        try:
            moderation.comment_moderate(actor=request.user, comment=comment, action=form.cleaned_data["action"],
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("Done: the moderation action is recorded."))
        except DomainError as error:
            message_error(request, error)
    return redirect(_back(request, _queue_url(comment.idea.process_id)))


# ---------------------------------------------------------------- abuse reports


def _report_page(request, *, idea: Idea, comment: Comment | None, action: str):
    require(request.user, "participation.report_abuse", idea.process)
    form = AbuseReportForm(request.POST or None)
    fallback = moderation.idea_url(idea.pk)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.abuse_report_create(actor=request.user, idea=None if comment else idea, comment=comment,
                                           reason=form.cleaned_data["reason"], detail=form.cleaned_data["detail"])
            messages.success(request, _("Thank you: the moderators will look at your report."))
            return redirect(_back(request, fallback))
        except DomainError as error:
            form_error(form, error)
    status = 422 if request.method == "POST" else 200
    return render(request, "participation/moderation/report.html", {
        "form": form, "idea": idea, "comment": comment, "action": action, "back": _back(request, fallback), **_names()},
        status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_idea(request, idea_id: int):
    idea = _idea(request, idea_id)
    return _report_page(request, idea=idea, comment=None,
                        action=reverse("participation:abuse_report_idea", args=[idea.pk]))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_comment(request, comment_id: int):
    comment = _comment(request, comment_id)
    return _report_page(request, idea=comment.idea, comment=comment,
                        action=reverse("participation:abuse_report_comment", args=[comment.pk]))


@login_required
@require_POST
def abuse_dismiss(request, report_id: int):
    report = AbuseReport.objects.select_related("process").filter(pk=report_id).first()
    if report is None or moderation_selectors.get_process(request.user, report.process_id) is None:
        raise Http404
    require(request.user, "participation.moderate", report.process)
    form = ReasonForm(request.POST)
    try:
        moderation.abuse_dismiss(actor=request.user, report=report,
                                 reason=form.cleaned_data["reason"] if form.is_valid() else "")
        messages.success(request, _("The report is dismissed."))
    except DomainError as error:
        message_error(request, error)
    return redirect(_back(request, _queue_url(report.process_id) + "?show=reports"))


# ---------------------------------------------------------------- blocks


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blocks(request, process_id: int):
    process = _process(request, process_id)
    require(request.user, "participation.moderate", process)
    form = BlockForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            person = get_user_model().objects.filter(username=form.cleaned_data["username"].strip()).first()
            if person is None:
                form.add_error("username", _("No one has this username."))
            else:
                try:
                    moderation.block_create(actor=request.user, process=process, user=person,
                                            reason=form.cleaned_data["reason"])
                    messages.success(request, _("The person is blocked from this process."))
                    return redirect("participation:blocks", process.pk)
                except DomainError as error:
                    form_error(form, error)
        status = 422
    page_obj = Paginator(moderation_selectors.process_blocks(process), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/moderation/blocks.html", {
        "process": process, "form": form, "page_obj": page_obj, **_names()}, status=status)


@login_required
@require_POST
def unblock(request, block_id: int):
    block = Block.objects.select_related("process", "user").filter(pk=block_id).first()
    if block is None or moderation_selectors.get_process(request.user, block.process_id) is None:
        raise Http404
    require(request.user, "participation.moderate", block.process)
    form = RequiredReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason."))
    else:
        try:
            moderation.block_delete(actor=request.user, block=block, reason=form.cleaned_data["reason"])
            messages.success(request, _("The person may take part again."))
        except DomainError as error:
            message_error(request, error)
    return redirect("participation:blocks", block.process_id)


# ---------------------------------------------------------------- merge


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_merge(request, idea_id: int):
    idea = _idea(request, idea_id)
    require(request.user, "participation.moderate", idea.process)
    form = MergeForm(request.POST or None)
    query = (request.GET.get("q") or "")[:200]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            target = Idea.objects.filter(pk=form.cleaned_data["target"], process_id=idea.process_id).first()
            if target is None:
                form.add_error("target", _("Choose an idea of the same process."))
            else:
                try:
                    moderation.idea_merge(actor=request.user, source=idea, target=target,
                                          reason=form.cleaned_data["reason"])
                    messages.success(request, _("The ideas are merged."))
                    return redirect(moderation.idea_url(target.pk))
                except DomainError as error:
                    form_error(form, error)
        status = 422
    candidates = list(moderation_selectors.merge_candidates(idea, query)[:PAGE_SIZE])
    return render(request, "participation/moderation/merge.html", {
        "idea": idea, "form": form, "query": query, "candidates": candidates, **_names()}, status=status)


# ---------------------------------------------------------------- follows


@login_required
@require_POST
def follow(request):
    form = FollowForm(request.POST)
    fallback = reverse("participation:following")
    if not form.is_valid():
        messages.error(request, _("Choose what to follow."))
        return redirect(_back(request, fallback))
    try:
        followed = moderation.follow_toggle(actor=request.user, kind=form.cleaned_data["kind"],
                                            target_id=form.cleaned_data["target"],
                                            email=form.cleaned_data["email"] or "email" not in request.POST)
        messages.success(request, _("You follow it now: its news comes in your daily digest.") if followed
                         else _("You no longer follow it."))
    except DomainError as error:
        message_error(request, error)
    return redirect(_back(request, fallback))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def following(request):
    if request.method == "POST":
        form = FollowEmailForm(request.POST)
        if form.is_valid():
            record = Follow.objects.filter(pk=form.cleaned_data["follow"], user=request.user).first()
            if record is None:
                raise Http404
            moderation.follow_set_email(actor=request.user, follow=record, email=form.cleaned_data["email"])
            messages.success(request, _("Your digest settings are saved."))
        return redirect("participation:following")
    page_obj = Paginator(moderation_selectors.my_follows(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/moderation/following.html", {"page_obj": page_obj, **_names()})
