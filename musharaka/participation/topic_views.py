"""The topic summary's pages: the summary of a process's input, and the editors' request for a new one.

Thin views: reads through topic_selectors, the request through topics. A process one may not see is a 404; the
refresh is a POST for the process's editors (403 for others)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.permissions import can

from . import topic_selectors, topics


@require_safe
def topic_summary(request, process_id: int):
    process = topic_selectors.get_process(user=request.user, process_id=process_id)
    state = topic_selectors.summary_state(process)
    rows = topic_selectors.topic_rows(state.summary)
    return render(request, "participation/topics/summary.html", {
        "process": process, "summary": state.summary, "stale": state.stale, "pending": state.pending,
        "rows": rows, "chart_json": topic_selectors.chart_json(rows), "max_posts": topics.MAX_POSTS,
        "can_refresh": can(request.user, "participation.change_process", process),
        "process_url": topic_selectors.link("process_detail", process_id=process.pk)})


@login_required
@require_POST
def topic_refresh(request, process_id: int):
    process = topic_selectors.get_process(user=request.user, process_id=process_id)
    if topics.topics_request_refresh(actor=request.user, process=process):
        messages.success(request, _("A new summary is being prepared; reload the page in a moment."))
    else:
        messages.info(request, _("A new summary is already being prepared."))
    return redirect("participation:topics", process.pk)
