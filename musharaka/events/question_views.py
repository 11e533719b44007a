"""Pages of audience questions (a session's questions, their moderation, the hall's screen) and of feedback.

The lists are rows by votes from one query; the list and the screen are re-read by htmx every few seconds
(small partials, no script of ours, no CDN).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.forms import StyledFormMixin
from musharaka.core.permissions import require

from . import questions
from .models import (
    FEEDBACK_COMMENT_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    Event,
    QuestionStatus,
    Session,
    SessionKind,
)
from .views import _visible_or_404

# A refusal of the person (NotPermitted) stays a 403, as in the API; a refusal of the request (a conflict, bad
# input) is a message on the page.
REFUSED = (Conflict, InvalidInput)
MODERATION_TABS = (QuestionStatus.PENDING, QuestionStatus.APPROVED, QuestionStatus.ANSWERED, QuestionStatus.HIDDEN)
SCREEN_SIZE = 12


class QuestionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Your question"), max_length=QUESTION_MAX_LENGTH,
                           min_length=questions.QUESTION_MIN_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
    anonymous = forms.BooleanField(label=gettext_lazy("Do not show my name to the audience"), required=False,
                                   help_text=gettext_lazy("The moderator still sees who asked."))


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in questions.MODERATION_ACTIONS])


class FeedbackForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(label=gettext_lazy("Rating"), coerce=int,
                                    choices=[(n, str(n)) for n in range(5, 0, -1)], widget=forms.RadioSelect)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=FEEDBACK_COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 2}))


def _session_or_404(request, event_id: int, session_id: int) -> Session:
    event = _visible_or_404(request.user, event_id, lambda events: events.select_related("organization"))
    session = Session.objects.filter(pk=session_id, event=event).first()
    if session is None:
        raise Http404
    session.event = event  # already read: the rules ask for it
    return session


def _list_context(request, session: Session) -> dict:
    return {"session": session, "event": session.event, "rows": questions.question_rows(session),
            "voted": questions.my_votes(request.user, session),
            "attendee": questions.is_attendee(request.user, session.event)}


def session_questions(request, event_id: int, session_id: int):
    """The question form (attendees) and the approved questions by votes, with a vote button."""
    if request.method == "POST" and not request.user.is_authenticated:  # sign in first, as the API's 401
        return redirect(f"{_login_url()}?next={request.path}")
    session = _session_or_404(request, event_id, session_id)
    if not questions.takes_questions(session):
        raise Http404
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                questions.question_ask(actor=request.user, session=session, text=form.cleaned_data["text"],
                                       anonymous=form.cleaned_data["anonymous"])
            except REFUSED as error:
                if error.field in form.fields:
                    form.add_error(error.field, str(error.message))
                else:
                    messages.error(request, str(error.message))
                    return redirect("events:questions", event_id, session_id)
            else:
                messages.success(request, _("Your question was sent to the moderator."))
                return redirect("events:questions", event_id, session_id)
    elif request.method not in ("GET", "HEAD"):
        raise Http404
    context = {**_list_context(request, session), "form": form, "session_kinds": dict(SessionKind.choices),
               "mine": questions.my_pending_questions(request.user, session),
               "moderator": questions.can_moderate(request.user, session)}
    return render(request, "events/questions.html", context)


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@require_safe
def questions_partial(request, event_id: int, session_id: int):
    session = _session_or_404(request, event_id, session_id)
    return render(request, "events/_questions_list.html", _list_context(request, session))


@login_required
@require_POST
def question_vote(request, event_id: int, session_id: int, question_id: int):
    session = _session_or_404(request, event_id, session_id)
    try:
        question = questions.visible_question(request.user, session, question_id)
        questions.question_vote(actor=request.user, question=question)
    except REFUSED as error:
        messages.error(request, str(error.message))
    if request.headers.get("HX-Request"):
        return render(request, "events/_questions_list.html", _list_context(request, session))
    return redirect("events:questions", event_id, session_id)


@login_required
@require_POST
def question_unvote(request, event_id: int, session_id: int, question_id: int):
    session = _session_or_404(request, event_id, session_id)
    try:
        question = questions.visible_question(request.user, session, question_id)
        questions.question_unvote(actor=request.user, question=question)
    except REFUSED as error:
        messages.error(request, str(error.message))
    if request.headers.get("HX-Request"):
        return render(request, "events/_questions_list.html", _list_context(request, session))
    return redirect("events:questions", event_id, session_id)


@login_required
@require_POST
def question_withdraw(request, event_id: int, session_id: int, question_id: int):
    session = _session_or_404(request, event_id, session_id)
    question = questions.visible_question(request.user, session, question_id)
    try:
        questions.question_withdraw(actor=request.user, question=question)
    except REFUSED as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your question was withdrawn."))
    return redirect("events:questions", event_id, session_id)


def _moderated(request, event_id: int, session_id: int) -> Session:
    session = _session_or_404(request, event_id, session_id)
    questions.require_moderator(request.user, session)  # 403 to someone who sees the event
    return session


@login_required
@require_safe
def moderate_questions(request, event_id: int, session_id: int):
    session = _moderated(request, event_id, session_id)
    status = request.GET.get("status", QuestionStatus.PENDING)
    status = status if status in MODERATION_TABS else QuestionStatus.PENDING
    page_obj = Paginator(questions.question_rows(session, statuses=[status], reveal=True), 50).get_page(
        request.GET.get("page"))
    return render(request, "events/questions_moderate.html", {
        "session": session, "event": session.event, "status": status, "page_obj": page_obj,
        "tabs": [(s, QuestionStatus(s).label) for s in MODERATION_TABS], "counts": questions.status_counts(session)})


@login_required
@require_POST
def question_moderate(request, event_id: int, session_id: int, question_id: int):
    session = _moderated(request, event_id, session_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        raise Http404
    question = questions.visible_question(request.user, session, question_id)
    previous = question.status
    try:
        questions.question_moderate(actor=request.user, question=question, action=form.cleaned_data["action"])
    except REFUSED as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The question was updated."))
    return redirect(f"{reverse('events:moderate_questions', args=[event_id, session_id])}?status={previous}")


@require_safe
def question_screen(request, event_id: int, session_id: int):
    """Full screen for the hall: approved, unanswered questions by votes, in large type, refreshed by htmx."""
    session = _session_or_404(request, event_id, session_id)
    return render(request, "events/questions_screen.html", _screen_context(session))


@require_safe
def question_screen_partial(request, event_id: int, session_id: int):
    session = _session_or_404(request, event_id, session_id)
    return render(request, "events/_questions_screen_list.html", _screen_context(session))


def _screen_context(session: Session) -> dict:
    return {"session": session, "event": session.event,
            "rows": questions.question_rows(session, statuses=[QuestionStatus.APPROVED], limit=SCREEN_SIZE)}


# ---------------------------------------------------------------- feedback


@login_required
@require_safe
def feedback(request, event_id: int):
    """The attendee's feedback form: every session of the event, each with its own small form."""
    event = _visible_or_404(request.user, event_id)
    mine = questions.my_feedback(request.user, event)
    sessions = list(Session.objects.filter(event=event).order_by("day", "starts_at", "pk"))
    items = [{"session": s, "form": FeedbackForm(
        initial={"rating": mine[s.pk].rating, "comment": mine[s.pk].comment} if s.pk in mine else None,
        prefix=f"s{s.pk}"), "given": s.pk in mine} for s in sessions]
    return render(request, "events/feedback.html", {
        "event": event, "items": items, "open": questions.feedback_open(event),
        "attendee": questions.has_attended(request.user, event), "window_days": questions.FEEDBACK_WINDOW.days,
        "session_kinds": dict(SessionKind.choices)})


@login_required
@require_POST
def feedback_give(request, event_id: int, session_id: int):
    session = _session_or_404(request, event_id, session_id)
    form = FeedbackForm(request.POST, prefix=f"s{session.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect("events:feedback", event_id)
    try:
        questions.feedback_give(actor=request.user, session=session, rating=form.cleaned_data["rating"],
                                comment=form.cleaned_data["comment"])
    except REFUSED as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you: your feedback was saved."))
    return redirect("events:feedback", event_id)


@login_required
@require_safe
def feedback_results(request, event_id: int):
    event: Event = _visible_or_404(request.user, event_id)
    require(request.user, "events.change_event", event)
    page_obj = Paginator(questions.feedback_comments(event), 50).get_page(request.GET.get("page"))
    return render(request, "events/feedback_results.html", {
        "event": event, "results": questions.feedback_results(event), "page_obj": page_obj})
