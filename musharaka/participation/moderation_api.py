"""The moderation API under /api/v1/participation: the queue and the log of a process, approve/hide/restore of ideas
and comments, abuse reports and their dismissal, blocks, the merge of duplicate ideas, follows.

What one may not see answers 404 (pending or hidden content of others, drafts); what one sees but may not do, 403;
what the state refuses (approving visible content, a second open report, blocking a moderator), 409; bad input 422;
too many reports, 429. Every write goes through participation.moderation.
"""

from django.contrib.auth import get_user_model
from ninja import Path, Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import NotFound
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import require
from musharaka.core.schemas import RecordId, error_responses

from . import moderation, moderation_selectors
from .models import AbuseReport, Block, Comment, Follow, Idea
from .moderation_schemas import (
    ParticipationAbuseReportIn,
    ParticipationAbuseReportOut,
    ParticipationActionOut,
    ParticipationBlockIn,
    ParticipationBlockOut,
    ParticipationContentOut,
    ParticipationFollowIn,
    ParticipationFollowOut,
    ParticipationMergeIn,
    ParticipationModerateIn,
    ParticipationQueueFilters,
    ParticipationQueueItem,
    ParticipationReasonIn,
    ParticipationRequiredReasonIn,
)

router = Router(tags=["participation"])

AUTH_READ = error_responses(auth=True, lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)


def _name(user) -> str:
    return user.get_full_name() or user.get_username() if user is not None else ""


def _process(user, process_id: int):
    process = moderation_selectors.get_process(user, process_id)
    if process is None:
        raise NotFound()
    return process


def _idea(user, idea_id: int) -> Idea:
    idea = Idea.objects.select_related("process").filter(pk=idea_id).first()
    if idea is None or not moderation.may_see(user, idea=idea):
        raise NotFound()
    return idea


def _comment(user, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("idea__process").filter(pk=comment_id).first()
    if comment is None or not moderation.may_see(user, idea=comment.idea, comment=comment):
        raise NotFound()
    return comment


def _idea_out(idea: Idea) -> dict:
    idea.refresh_from_db(fields=["visibility", "state", "merged_into", "support_count", "comment_count"])
    return {"id": idea.pk, "kind": "idea", "process_id": idea.process_id, "visibility": idea.visibility,
            "state": idea.state, "merged_into_id": idea.merged_into_id, "support_count": idea.support_count,
            "comment_count": idea.comment_count}


def _comment_out(comment: Comment) -> dict:
    return {"id": comment.pk, "kind": "comment", "process_id": comment.idea.process_id,
            "visibility": comment.visibility}


def _report_out(report: AbuseReport) -> dict:
    return {"id": report.pk, "process_id": report.process_id, "idea_id": report.idea_id,
            "comment_id": report.comment_id, "reason": report.reason, "detail": report.detail,
            "status": report.status, "created_at": report.created_at}


def _block_out(block: Block) -> dict:
    return {"id": block.pk, "process_id": block.process_id, "user_id": block.user_id, "user_name": _name(block.user),
            "reason": block.reason, "blocked_by_id": block.blocked_by_id, "created_at": block.created_at}


def _follow_out(follow: Follow) -> dict:
    kind = "process" if follow.process_id else "idea" if follow.idea_id else "neighbourhood"
    return {"id": follow.pk, "kind": kind, "target_id": follow.process_id or follow.idea_id or follow.neighbourhood_id,
            "email": follow.email, "created_at": follow.created_at}


def _content_item(content, *, kind: str, group=None) -> dict:
    return {"kind": kind, "id": content.pk, "idea_id": content.pk if kind == "idea" else content.idea_id,
            "author_id": content.author_id, "author_name": _name(content.author),
            "text": content.title if kind == "idea" else content.body, "visibility": content.visibility,
            "created_at": content.created_at, "report_count": group.count if group else 0,
            "reasons": group.reasons if group else {}, "report_ids": group.report_ids if group else []}


# ---------------------------------------------------------------- the queue and the log


@router.get("/moderation/processes/{process_id}/queue", auth=api_auth,
            response={200: Page[ParticipationQueueItem], **AUTH_READ})
def moderation_queue(request, process_id: Path[RecordId], paging: Query[PageParams],
                     filters: Query[ParticipationQueueFilters]):
    """What waits for the moderators: pending ideas (`show=ideas`), pending comments (`comments`), or the content with
    open abuse reports, grouped, the most recently reported first (`reports`)."""
    user = request_user(request)
    process = _process(user, process_id)
    require(user, "participation.moderate", process)
    if filters.show == "ideas":
        return paginate(moderation_selectors.pending_ideas(process), page=paging.page, page_size=paging.page_size,
                        transform=lambda rows: [_content_item(idea, kind="idea") for idea in rows])
    if filters.show == "comments":
        return paginate(moderation_selectors.pending_comments(process), page=paging.page,
                        page_size=paging.page_size,
                        transform=lambda rows: [_content_item(comment, kind="comment") for comment in rows])

    def reports(rows):
        groups = moderation_selectors.reported_content(rows)
        return [_content_item(group.content, kind="comment" if group.comment else "idea", group=group)
                for group in groups if group.content is not None]

    return paginate(moderation_selectors.reported_groups(process), page=paging.page, page_size=paging.page_size,
                    transform=reports)


@router.get("/moderation/processes/{process_id}/log", auth=api_auth,
            response={200: Page[ParticipationActionOut], **AUTH_READ})
def moderation_log(request, process_id: Path[RecordId], paging: Query[PageParams]):
    """The audit trail of the process's moderation, the latest first."""
    user = request_user(request)
    process = _process(user, process_id)
    require(user, "participation.moderate", process)

    def rows(actions):
        return [{"id": action.pk, "kind": action.kind, "moderator_id": action.moderator_id,
                 "moderator_name": _name(action.moderator), "idea_id": action.idea_id,
                 "comment_id": action.comment_id, "subject_id": action.subject_id, "reason": action.reason,
                 "created_at": action.created_at} for action in actions]

    return paginate(moderation_selectors.moderation_log(process), page=paging.page, page_size=paging.page_size,
                    transform=rows)


# ---------------------------------------------------------------- approve, hide, restore


@router.post("/ideas/{idea_id}/moderate", auth=api_auth, response={200: ParticipationContentOut, **WRITE})
def moderate_idea(request, idea_id: Path[RecordId], payload: ParticipationModerateIn):
    """approve (pending → visible), hide or restore with a reason (moderators of the process)."""
    user = request_user(request)
    idea = moderation.idea_moderate(actor=user, idea=_idea(user, idea_id), action=payload.action,
                                    reason=payload.reason)
    return _idea_out(idea)


@router.post("/comments/{comment_id}/moderate", auth=api_auth, response={200: ParticipationContentOut, **WRITE})
def moderate_comment(request, comment_id: Path[RecordId], payload: ParticipationModerateIn):
    user = request_user(request)
    comment = moderation.comment_moderate(actor=user, comment=_comment(user, comment_id), action=payload.action,
                                          reason=payload.reason)
    return _comment_out(comment)


# ---------------------------------------------------------------- abuse reports


@router.post("/ideas/{idea_id}/abuse-reports", auth=api_auth,
             response={201: ParticipationAbuseReportOut, **WRITE})
def report_idea(request, idea_id: Path[RecordId], payload: ParticipationAbuseReportIn):
    """Report an idea as abusive (signed in; one open report per person and idea: a second is a 409)."""
    user = request_user(request)
    report = moderation.abuse_report_create(actor=user, idea=_idea(user, idea_id), reason=payload.reason,
                                            detail=payload.detail)
    return Status(201, _report_out(report))


@router.post("/comments/{comment_id}/abuse-reports", auth=api_auth,
             response={201: ParticipationAbuseReportOut, **WRITE})
def report_comment(request, comment_id: Path[RecordId], payload: ParticipationAbuseReportIn):
    user = request_user(request)
    report = moderation.abuse_report_create(actor=user, comment=_comment(user, comment_id), reason=payload.reason,
                                            detail=payload.detail)
    return Status(201, _report_out(report))


@router.post("/abuse-reports/{report_id}/dismiss", auth=api_auth,
             response={200: ParticipationAbuseReportOut, **WRITE})
def dismiss_report(request, report_id: Path[RecordId], payload: ParticipationReasonIn):
    user = request_user(request)
    report = AbuseReport.objects.select_related("process").filter(pk=report_id).first()
    if report is None or moderation_selectors.get_process(user, report.process_id) is None:
        raise NotFound()
    return _report_out(moderation.abuse_dismiss(actor=user, report=report, reason=payload.reason))


# ---------------------------------------------------------------- blocks


@router.get("/processes/{process_id}/blocks", auth=api_auth, response={200: Page[ParticipationBlockOut], **AUTH_READ})
def list_blocks(request, process_id: Path[RecordId], paging: Query[PageParams]):
    user = request_user(request)
    process = _process(user, process_id)
    require(user, "participation.moderate", process)
    return paginate(moderation_selectors.process_blocks(process), page=paging.page, page_size=paging.page_size,
                    transform=lambda rows: [_block_out(block) for block in rows])


@router.post("/processes/{process_id}/blocks", auth=api_auth, response={201: ParticipationBlockOut, **WRITE})
def create_block(request, process_id: Path[RecordId], payload: ParticipationBlockIn):
    """Block a person from the process (reason required; not oneself, not a moderator of the process)."""
    user = request_user(request)
    process = _process(user, process_id)
    require(user, "participation.moderate", process)
    person = get_user_model().objects.filter(pk=payload.user_id).first()
    if person is None:
        raise NotFound()
    block = moderation.block_create(actor=user, process=process, user=person, reason=payload.reason)
    return Status(201, _block_out(block))


@router.delete("/blocks/{block_id}", auth=api_auth, response={204: None, **WRITE})
def delete_block(request, block_id: Path[RecordId], payload: ParticipationRequiredReasonIn):
    """Unblock (the reason, in the body, is required)."""
    user = request_user(request)
    block = Block.objects.select_related("process", "user").filter(pk=block_id).first()
    if block is None or moderation_selectors.get_process(user, block.process_id) is None:
        raise NotFound()
    moderation.block_delete(actor=user, block=block, reason=payload.reason)
    return Status(204, None)


# ---------------------------------------------------------------- merge


@router.post("/ideas/{idea_id}/merge", auth=api_auth, response={200: ParticipationContentOut, **WRITE})
def merge_idea(request, idea_id: Path[RecordId], payload: ParticipationMergeIn):
    """Merge this duplicate idea into `target_id` (same process): answers the target with its support count."""
    user = request_user(request)
    source = _idea(user, idea_id)
    require(user, "participation.moderate", source.process)
    target = Idea.objects.filter(pk=payload.target_id).first()
    if target is None:
        raise NotFound()
    return _idea_out(moderation.idea_merge(actor=user, source=source, target=target, reason=payload.reason))


# ---------------------------------------------------------------- follows


@router.get("/follows", auth=api_auth, response={200: Page[ParticipationFollowOut], **AUTH_READ})
def list_follows(request, paging: Query[PageParams]):
    """What I follow."""
    user = request_user(request)
    return paginate(Follow.objects.filter(user=user).order_by("-pk"), page=paging.page, page_size=paging.page_size,
                    transform=lambda rows: [_follow_out(follow) for follow in rows])


@router.post("/follows", auth=api_auth, response={200: ParticipationFollowOut, 201: ParticipationFollowOut, **WRITE})
def create_follow(request, payload: ParticipationFollowIn):
    """Follow a process, an idea or a neighbourhood (idempotent: following again answers 200 and sets `email`)."""
    user = request_user(request)
    follow, created = moderation.follow_create(actor=user, kind=payload.kind, target_id=payload.target_id,
                                               email=payload.email)
    return Status(201 if created else 200, _follow_out(follow))


@router.delete("/follows/{follow_id}", auth=api_auth, response={204: None, **AUTH_READ})
def delete_follow(request, follow_id: Path[RecordId]):
    user = request_user(request)
    follow = Follow.objects.filter(pk=follow_id, user=user).first()
    if follow is None:
        raise NotFound()
    moderation.follow_delete(actor=user, follow=follow)
    return Status(204, None)
