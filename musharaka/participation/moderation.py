"""Moderation of residents' content, and follows: the writes of the `moderation` part.

- **Approve** (pre-moderation): pending → visible. The content is then counted, indexed (ideas), recorded as activity
  for followers and the topic summary's input moves.
- **Hide / restore** with a required reason: the counts move both ways, a hidden idea leaves the search index, and
  hiding closes the content's open abuse reports as ACTED.
- **Abuse reports**: any signed-in person on a published process, one open report per person and content (a second
  one is a 409), at most `REPORTS_PER_HOUR` an hour per person (a 429). Moderators dismiss them.
- **Blocks** (reason required): a blocked person cannot post, support, comment, answer or vote in the process; a
  moderator of the process and oneself cannot be blocked.
- **Merge** of a duplicate idea into another of the same process: supports move without counting twice the people
  who supported both, followers of the duplicate follow the other, the duplicate keeps its comments (readable, with
  a link) and leaves the index.

Every action writes its `ModerationAction` row in the same transaction (the audit trail). Moderators are who
`participation.moderate` says (the process's editors, the coordinators of its region, platform staff).
"""

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musharaka.core.errors import Conflict, DomainError, InvalidInput, NotFound, NotPermitted
from musharaka.core.permissions import can, require
from musharaka.core.text import clean_text
from musharaka.geo.models import Neighbourhood

from . import rules as participation_rules
from .models import (
    REASON_MAX_LENGTH,
    AbuseReason,
    AbuseReport,
    AbuseReportStatus,
    ActivityKind,
    Block,
    Comment,
    Follow,
    Idea,
    IdeaState,
    ModerationAction,
    ModerationKind,
    Process,
    Support,
    Visibility,
)
from .services import author, bump, index_idea, input_changed, record_activity

if TYPE_CHECKING:
    from musharaka.accounts.models import User

REPORTS_PER_HOUR = 20
ACTIONS = ("approve", "hide", "restore")


class TooManyReports(DomainError):
    status = 429
    code = "rate_limited"
    default_message = gettext_lazy("You have sent many reports in a short time. Try again later.")


# ---------------------------------------------------------------- helpers


def idea_url(idea_id: int) -> str:
    try:
        return reverse("participation:idea_detail", args=[idea_id])
    except NoReverseMatch:  # the ideas part's pages are not mounted (this part alone)
        return f"/participation/ideas/{idea_id}/"


def process_url(process_id: int) -> str:
    try:
        return reverse("participation:process_detail", args=[process_id])
    except NoReverseMatch:
        return f"/participation/{process_id}/"


def _reason(value: str | None, *, required: bool) -> str:
    return clean_text(value or "", field="reason", max_length=REASON_MAX_LENGTH, min_length=1 if required else 0)


def _audit(*, process_id: int, kind: str, moderator: "User", reason: str = "", idea: Idea | None = None,
           comment: Comment | None = None, subject_id: int | None = None) -> ModerationAction:
    return ModerationAction.objects.create(process_id=process_id, kind=kind, moderator=moderator, reason=reason,
                                           idea=idea, comment=comment, subject_id=subject_id)


def _counted_idea(idea: Idea) -> bool:
    """An idea counts in its process's `idea_count` while visible and not merged into another."""
    return idea.visibility == Visibility.VISIBLE and idea.merged_into_id is None


def _lock_idea(idea_id: int) -> Idea:
    idea = Idea.objects.select_for_update().select_related("process").filter(pk=idea_id).first()
    if idea is None:
        raise NotFound()
    return idea


def _lock_comment(comment_id: int) -> Comment:
    comment = Comment.objects.select_for_update().select_related("idea__process").filter(pk=comment_id).first()
    if comment is None:
        raise NotFound()
    return comment


def _close_reports(*, actor: "User", idea: Idea | None = None, comment: Comment | None = None) -> int:
    reports = AbuseReport.objects.filter(status=AbuseReportStatus.OPEN)
    reports = reports.filter(idea=idea) if idea is not None else reports.filter(comment=comment)
    return reports.update(status=AbuseReportStatus.ACTED, closed_at=timezone.now(), closed_by=actor)


def _set_idea_visibility(idea: Idea, visibility: str, actor: "User") -> None:
    before = _counted_idea(idea)
    idea.visibility = visibility
    after = _counted_idea(idea)
    author(idea, actor)
    idea.save(update_fields=["visibility", "updated_at"])
    if before != after:
        bump(Process, idea.process_id, idea_count=1 if after else -1)
    index_idea(idea)
    input_changed(idea.process_id)


def _set_comment_visibility(comment: Comment, visibility: str, actor: "User") -> None:
    before = comment.visibility == Visibility.VISIBLE
    comment.visibility = visibility
    after = visibility == Visibility.VISIBLE
    author(comment, actor)
    comment.save(update_fields=["visibility", "updated_at"])
    if before != after:
        delta = 1 if after else -1
        bump(Process, comment.idea.process_id, comment_count=delta)
        bump(Idea, comment.idea_id, comment_count=delta)
    input_changed(comment.idea.process_id)


# ---------------------------------------------------------------- approve, hide, restore


@transaction.atomic
def idea_moderate(*, actor: "User", idea: Idea, action: str, reason: str = "") -> Idea:
    """approve (pending → visible), hide (pending or visible → hidden, reason required), restore (hidden → visible,
    reason required)."""
    require(actor, "participation.moderate", idea.process)
    if action not in ACTIONS:
        raise InvalidInput(_("Choose approve, hide or restore."), field="action")
    idea = _lock_idea(idea.pk)
    text = _reason(reason, required=action != "approve")
    if action == "approve":
        if idea.visibility != Visibility.PENDING:
            raise Conflict(_("Only content awaiting moderation can be approved."), code="not_pending")
        _set_idea_visibility(idea, Visibility.VISIBLE, actor)
        if idea.merged_into_id is None:
            record_activity(process=idea.process, kind=ActivityKind.IDEA_POSTED, summary=idea.title,
                            url=idea_url(idea.pk), idea=idea, actor=idea.author)
        kind = ModerationKind.APPROVE
    elif action == "hide":
        if idea.visibility == Visibility.HIDDEN:
            raise Conflict(_("This content is already hidden."), code="already_hidden")
        _set_idea_visibility(idea, Visibility.HIDDEN, actor)
        _close_reports(actor=actor, idea=idea)
        kind = ModerationKind.HIDE
    else:
        if idea.visibility != Visibility.HIDDEN:
            raise Conflict(_("Only hidden content can be restored."), code="not_hidden")
        _set_idea_visibility(idea, Visibility.VISIBLE, actor)
        kind = ModerationKind.RESTORE
    _audit(process_id=idea.process_id, kind=kind, moderator=actor, reason=text, idea=idea, subject_id=idea.author_id)
    return idea


@transaction.atomic
def comment_moderate(*, actor: "User", comment: Comment, action: str, reason: str = "") -> Comment:
    require(actor, "participation.moderate", comment.idea.process)
    if action not in ACTIONS:
        raise InvalidInput(_("Choose approve, hide or restore."), field="action")
    comment = _lock_comment(comment.pk)
    text = _reason(reason, required=action != "approve")
    idea = comment.idea
    if action == "approve":
        if comment.visibility != Visibility.PENDING:
            raise Conflict(_("Only content awaiting moderation can be approved."), code="not_pending")
        _set_comment_visibility(comment, Visibility.VISIBLE, actor)
        if _counted_idea(idea):
            record_activity(process=idea.process, kind=ActivityKind.COMMENT_POSTED, summary=comment.body[:300],
                            url=f"{idea_url(idea.pk)}#comment-{comment.pk}", idea=idea, actor=comment.author)
        kind = ModerationKind.APPROVE
    elif action == "hide":
        if comment.visibility == Visibility.HIDDEN:
            raise Conflict(_("This content is already hidden."), code="already_hidden")
        _set_comment_visibility(comment, Visibility.HIDDEN, actor)
        _close_reports(actor=actor, comment=comment)
        kind = ModerationKind.HIDE
    else:
        if comment.visibility != Visibility.HIDDEN:
            raise Conflict(_("Only hidden content can be restored."), code="not_hidden")
        _set_comment_visibility(comment, Visibility.VISIBLE, actor)
        kind = ModerationKind.RESTORE
    _audit(process_id=idea.process_id, kind=kind, moderator=actor, reason=text, idea=idea, comment=comment,
           subject_id=comment.author_id)
    return comment


# ---------------------------------------------------------------- abuse reports


def may_see(user, *, idea: Idea, comment: Comment | None = None) -> bool:
    """Visible content is public; pending and hidden content only its author and the moderators see."""
    content = comment if comment is not None else idea
    if not can(user, "participation.view_process", idea.process):
        return False
    if idea.visibility != Visibility.VISIBLE and idea.author_id != getattr(user, "pk", None) \
            and not can(user, "participation.moderate", idea.process):
        return False
    if content.visibility == Visibility.VISIBLE:
        return True
    return content.author_id == getattr(user, "pk", None) or can(user, "participation.moderate", idea.process)


@transaction.atomic
def abuse_report_create(*, actor: "User", reason: str, detail: str = "", idea: Idea | None = None,
                        comment: Comment | None = None) -> AbuseReport:
    """One open report per person and content (a second is a 409 `already_reported`)."""
    if (idea is None) == (comment is None):
        raise InvalidInput(_("Report either an idea or a comment."), field="idea")
    target_idea = comment.idea if comment is not None else idea
    assert target_idea is not None
    if not may_see(actor, idea=target_idea, comment=comment):
        raise NotFound()
    require(actor, "participation.report_abuse", target_idea.process)
    if reason not in AbuseReason.values:
        raise InvalidInput(_("Choose a reason from the list."), field="reason")
    text = clean_text(detail or "", field="detail", max_length=REASON_MAX_LENGTH)
    since = timezone.now() - datetime.timedelta(hours=1)
    if AbuseReport.objects.filter(reporter=actor, created_at__gte=since).count() >= REPORTS_PER_HOUR:
        raise TooManyReports()
    open_reports = AbuseReport.objects.filter(reporter=actor, status=AbuseReportStatus.OPEN)
    open_reports = open_reports.filter(comment=comment) if comment is not None else open_reports.filter(idea=idea)
    if open_reports.exists():
        raise Conflict(_("You have already reported this; the moderators will look at it."), code="already_reported")
    try:
        with transaction.atomic():
            return AbuseReport.objects.create(process_id=target_idea.process_id, idea=idea, comment=comment,
                                              reporter=actor, reason=reason, detail=text)
    except IntegrityError:  # the same report sent twice at once
        raise Conflict(_("You have already reported this; the moderators will look at it."),
                       code="already_reported") from None


@transaction.atomic
def abuse_dismiss(*, actor: "User", report: AbuseReport, reason: str = "") -> AbuseReport:
    require(actor, "participation.moderate", report.process)
    report = AbuseReport.objects.select_for_update().get(pk=report.pk)
    text = _reason(reason, required=False)
    if report.status != AbuseReportStatus.OPEN:
        raise Conflict(_("This report is already closed."), code="closed")
    report.status = AbuseReportStatus.DISMISSED
    report.closed_at = timezone.now()
    report.closed_by = actor
    report.save(update_fields=["status", "closed_at", "closed_by"])
    ModerationAction.objects.create(
        process_id=report.process_id, kind=ModerationKind.DISMISS, moderator=actor, reason=text,
        idea_id=report.idea_id, comment_id=report.comment_id, subject_id=report.reporter_id)
    return report


# ---------------------------------------------------------------- blocks


@transaction.atomic
def block_create(*, actor: "User", process: Process, user: "User", reason: str) -> Block:
    require(actor, "participation.moderate", process)
    text = _reason(reason, required=True)
    if user.pk == actor.pk:
        raise Conflict(_("You cannot block yourself."), code="self")
    if can(user, "participation.moderate", process):
        raise Conflict(_("A moderator of the process cannot be blocked."), code="moderator")
    if Block.objects.filter(process=process, user=user).exists():
        raise Conflict(_("This person is already blocked from the process."), code="already_blocked")
    try:
        with transaction.atomic():
            block = Block.objects.create(process=process, user=user, reason=text, blocked_by=actor)
    except IntegrityError:
        raise Conflict(_("This person is already blocked from the process."), code="already_blocked") from None
    _audit(process_id=process.pk, kind=ModerationKind.BLOCK, moderator=actor, reason=text, subject_id=user.pk)
    participation_rules.forget_blocks(user)
    return block


@transaction.atomic
def block_delete(*, actor: "User", block: Block, reason: str) -> None:
    require(actor, "participation.moderate", block.process)
    text = _reason(reason, required=True)
    deleted, _rows = Block.objects.filter(pk=block.pk).delete()
    if not deleted:
        raise NotFound()
    _audit(process_id=block.process_id, kind=ModerationKind.UNBLOCK, moderator=actor, reason=text,
           subject_id=block.user_id)
    participation_rules.forget_blocks(block.user)


# ---------------------------------------------------------------- merge


@transaction.atomic
def idea_merge(*, actor: "User", source: Idea, target: Idea, reason: str = "") -> Idea:
    """Merge the duplicate `source` into `target` (same process). Returns the target, its support count exact."""
    require(actor, "participation.moderate", source.process)
    text = _reason(reason, required=False)
    if source.pk == target.pk:
        raise InvalidInput(_("Choose another idea to merge into."), field="target")
    first, second = sorted((source.pk, target.pk))
    locked = {idea.pk: idea for idea in Idea.objects.select_for_update().select_related("process")
              .filter(pk__in=[first, second]).order_by("pk")}
    if len(locked) != 2:
        raise NotFound()
    source, target = locked[source.pk], locked[target.pk]
    if target.process_id != source.process_id:
        raise InvalidInput(_("Both ideas must belong to the same process."), field="target")
    if source.merged_into_id is not None or source.state == IdeaState.MERGED:
        raise Conflict(_("This idea is already merged into another."), code="already_merged")
    if target.merged_into_id is not None or target.visibility != Visibility.VISIBLE:
        raise Conflict(_("Merge into a visible idea that is not merged itself."), code="bad_target")
    was_counted = _counted_idea(source)
    # Supports: the people who supported both keep one support (the target's); the others move.
    both = Support.objects.filter(idea=target).values("user_id")
    Support.objects.filter(idea=source, user_id__in=both).delete()
    Support.objects.filter(idea=source).update(idea=target)
    target.support_count = Support.objects.filter(idea=target).count()
    target.save(update_fields=["support_count"])
    # Followers of the duplicate follow the target (once).
    following = Follow.objects.filter(idea=target).values("user_id")
    Follow.objects.filter(idea=source, user_id__in=following).delete()
    Follow.objects.filter(idea=source).update(idea=target)
    source.state = IdeaState.MERGED
    source.merged_into = target
    source.support_count = 0
    author(source, actor)
    source.save(update_fields=["state", "merged_into", "support_count", "updated_at"])
    if was_counted:
        bump(Process, source.process_id, idea_count=-1)
    index_idea(source)  # a merged idea leaves the index
    input_changed(source.process_id)
    _audit(process_id=source.process_id, kind=ModerationKind.MERGE, moderator=actor, reason=text, idea=source,
           subject_id=source.author_id)
    return target


# ---------------------------------------------------------------- follows

FOLLOW_KINDS = ("process", "idea", "neighbourhood")


def _follow_target(user, kind: str, target_id: int):
    if kind == "process":
        process = Process.objects.filter(pk=target_id).first()
        if process is None or not can(user, "participation.view_process", process):
            raise NotFound()
        require(user, "participation.follow", process)
        return process
    if kind == "idea":
        idea = Idea.objects.select_related("process").filter(pk=target_id).first()
        if idea is None or not may_see(user, idea=idea):
            raise NotFound()
        require(user, "participation.follow", idea.process)
        return idea
    if kind == "neighbourhood":
        neighbourhood = Neighbourhood.objects.filter(pk=target_id).first()
        if neighbourhood is None:
            raise NotFound()
        if not user.is_authenticated:
            raise NotPermitted()
        return neighbourhood
    raise InvalidInput(_("Follow a process, an idea or a neighbourhood."), field="kind")


@transaction.atomic
def follow_create(*, actor: "User", kind: str, target_id: int, email: bool = True) -> tuple[Follow, bool]:
    """Follow (idempotent: following again returns the follow, with False, and sets its `email` flag)."""
    target = _follow_target(actor, kind, target_id)
    follow = Follow.objects.filter(user=actor, **{kind: target}).first()
    if follow is not None:
        if follow.email != email:
            follow.email = email
            follow.save(update_fields=["email"])
        return follow, False
    try:
        with transaction.atomic():
            follow = Follow.objects.create(user=actor, email=email, **{kind: target})
    except IntegrityError:  # the same follow sent twice at once
        return Follow.objects.get(user=actor, **{kind: target}), False
    if kind == "process":
        bump(Process, target.pk, follower_count=1)
    return follow, True


@transaction.atomic
def follow_delete(*, actor: "User", follow: Follow) -> None:
    if follow.user_id != actor.pk:
        raise NotFound()
    deleted, _rows = Follow.objects.filter(pk=follow.pk).delete()
    if deleted and follow.process_id:
        bump(Process, follow.process_id, follower_count=-1)


@transaction.atomic
def follow_toggle(*, actor: "User", kind: str, target_id: int, email: bool = True) -> Follow | None:
    """Follow, or stop following when one already does: the follow, or None when stopped."""
    if kind not in FOLLOW_KINDS:
        raise InvalidInput(_("Follow a process, an idea or a neighbourhood."), field="kind")
    target = _follow_target(actor, kind, target_id)
    existing = Follow.objects.filter(user=actor, **{kind: target}).first()
    if existing is not None:
        follow_delete(actor=actor, follow=existing)
        return None
    follow, _created = follow_create(actor=actor, kind=kind, target_id=target_id, email=email)
    return follow


@transaction.atomic
def follow_set_email(*, actor: "User", follow: Follow, email: bool) -> Follow:
    if follow.user_id != actor.pk:
        raise NotFound()
    Follow.objects.filter(pk=follow.pk).update(email=email)
    follow.email = email
    return follow
