"""Reads of the moderation part: the queue of a process (pending content, open abuse reports grouped by content),
the audit log, the blocks, one's follows, and the panel the process page shows. No N+1: every list is a fixed
number of queries whatever its length."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, QuerySet

from musharaka.core.permissions import can

from .models import (
    AbuseReport,
    AbuseReportStatus,
    Block,
    Comment,
    Follow,
    Idea,
    IdeaState,
    ModerationAction,
    Process,
    Visibility,
)


def get_process(user, process_id: int) -> Process | None:
    """The process, when the person may see it (else None: a 404)."""
    process = (Process.objects.select_related("organization", "region").filter(pk=process_id).first())
    if process is None or not can(user, "participation.view_process", process):
        return None
    return process


def pending_ideas(process: Process) -> QuerySet:
    return (Idea.objects.filter(process=process, visibility=Visibility.PENDING)
            .select_related("author", "neighbourhood").order_by("pk"))


def pending_comments(process: Process) -> QuerySet:
    return (Comment.objects.filter(idea__process=process, visibility=Visibility.PENDING)
            .select_related("author", "idea").order_by("pk"))


@dataclass
class ReportedContent:
    """The open reports of one idea or comment: how many, for which reasons, the latest."""

    idea: Idea | None
    comment: Comment | None
    count: int
    latest_id: int
    reasons: dict[str, int] = field(default_factory=dict)
    report_ids: list[int] = field(default_factory=list)

    @property
    def content(self):
        return self.comment if self.comment is not None else self.idea


def reported_groups(process: Process) -> QuerySet:
    """Open reports grouped by content (the most recently reported first): rows of idea_id, comment_id, count."""
    return (AbuseReport.objects.filter(process=process, status=AbuseReportStatus.OPEN)
            .values("idea_id", "comment_id").annotate(count=Count("id"), latest_id=Max("id"))
            .order_by("-latest_id"))


def reported_content(rows: list[dict]) -> list[ReportedContent]:
    """A page of `reported_groups` with its ideas, comments and reasons (three queries)."""
    idea_ids = [row["idea_id"] for row in rows if row["idea_id"]]
    comment_ids = [row["comment_id"] for row in rows if row["comment_id"]]
    ideas = Idea.objects.select_related("author").in_bulk(idea_ids)
    comments = Comment.objects.select_related("author", "idea").in_bulk(comment_ids)
    groups = {(row["idea_id"], row["comment_id"]): ReportedContent(
        idea=ideas.get(row["idea_id"]) if row["idea_id"] else None,
        comment=comments.get(row["comment_id"]) if row["comment_id"] else None,
        count=row["count"], latest_id=row["latest_id"]) for row in rows}
    if groups:
        reports = AbuseReport.objects.filter(status=AbuseReportStatus.OPEN).filter(
            idea_id__in=idea_ids) | AbuseReport.objects.filter(status=AbuseReportStatus.OPEN,
                                                               comment_id__in=comment_ids)
        for report in reports.order_by("pk").only("id", "idea_id", "comment_id", "reason"):
            group = groups.get((report.idea_id, report.comment_id))
            if group is not None:
                group.reasons[report.reason] = group.reasons.get(report.reason, 0) + 1
                group.report_ids.append(report.pk)
    return list(groups.values())


def waiting_count(process: Process) -> int:
    """What waits for a moderator: pending ideas and comments, content with open reports."""
    return (pending_ideas(process).count() + pending_comments(process).count()
            + reported_groups(process).count())


def moderation_log(process: Process) -> QuerySet:
    return (ModerationAction.objects.filter(process=process)
            .select_related("moderator", "idea", "comment", "subject").order_by("-pk"))


def process_blocks(process: Process) -> QuerySet:
    return Block.objects.filter(process=process).select_related("user", "blocked_by").order_by("-pk")


def my_follows(user) -> QuerySet:
    return (Follow.objects.filter(user=user).select_related("process", "idea", "idea__process", "neighbourhood")
            .order_by("-pk"))


def merge_candidates(source: Idea, query: str = "") -> QuerySet:
    """The ideas of the source's process it may be merged into (visible, not merged), searched by `q`."""
    from musharaka.core import search

    from .services import IDEA_SEARCH_KIND

    rows = (Idea.objects.filter(process_id=source.process_id, visibility=Visibility.VISIBLE, merged_into__isnull=True)
            .exclude(pk=source.pk).exclude(state=IdeaState.MERGED).only("id", "title", "support_count"))
    if query.strip():
        return search.search(rows, kind=IDEA_SEARCH_KIND, query=query)
    return rows.order_by("-support_count", "-pk")


def follows_process(user, process: Process) -> bool:
    return bool(user.is_authenticated and Follow.objects.filter(user=user, process=process).exists())


def follows_idea(user, idea: Idea) -> bool:
    return bool(user.is_authenticated and Follow.objects.filter(user=user, idea=idea).exists())


def process_panel(process: Process, user) -> dict:
    """The context of `participation/moderation/_process_panel.html` on the process page."""
    moderator = can(user, "participation.moderate", process)
    return {
        "moderation_following": follows_process(user, process),
        "moderation_may_follow": can(user, "participation.follow", process),
        "moderation_follower_count": process.follower_count,
        "moderation_is_moderator": moderator,
        "moderation_waiting": waiting_count(process) if moderator else 0,
    }
