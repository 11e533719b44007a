"""Schemas of the moderation API."""

import datetime
from typing import Literal

from ninja import Field, Schema

from musharaka.core.schemas import RecordId

from .models import REASON_MAX_LENGTH

# Accepted a little longer than kept, so that the service's translated message answers a long reason.
ReasonText = Field("", max_length=REASON_MAX_LENGTH * 2)


class ParticipationModerateIn(Schema):
    action: Literal["approve", "hide", "restore"]
    reason: str = ReasonText


class ParticipationReasonIn(Schema):
    reason: str = ReasonText


class ParticipationAbuseReportIn(Schema):
    reason: Literal["offensive", "spam", "personal", "off_topic", "other"]
    detail: str = ReasonText


class ParticipationAbuseReportOut(Schema):
    id: int
    process_id: int
    idea_id: int | None
    comment_id: int | None
    reason: str
    detail: str
    status: str
    created_at: datetime.datetime


class ParticipationBlockIn(Schema):
    user_id: RecordId
    reason: str = ReasonText


class ParticipationBlockOut(Schema):
    id: int
    process_id: int
    user_id: int
    user_name: str
    reason: str
    blocked_by_id: int
    created_at: datetime.datetime


class ParticipationMergeIn(Schema):
    target_id: RecordId
    reason: str = ReasonText


class ParticipationContentOut(Schema):
    """An idea or a comment after a moderation action."""

    id: int
    kind: Literal["idea", "comment"]
    process_id: int
    visibility: str
    state: str | None = None
    merged_into_id: int | None = None
    support_count: int | None = None
    comment_count: int | None = None


class ParticipationQueueItem(Schema):
    kind: Literal["idea", "comment"]
    id: int
    idea_id: int
    author_id: int
    author_name: str
    text: str
    visibility: str
    created_at: datetime.datetime
    report_count: int = 0
    reasons: dict[str, int] = Field(default_factory=dict)
    report_ids: list[int] = Field(default_factory=list)


class ParticipationQueueFilters(Schema):
    show: Literal["ideas", "comments", "reports"] = "ideas"


class ParticipationActionOut(Schema):
    id: int
    kind: str
    moderator_id: int
    moderator_name: str
    idea_id: int | None
    comment_id: int | None
    subject_id: int | None
    reason: str
    created_at: datetime.datetime


class ParticipationFollowIn(Schema):
    kind: Literal["process", "idea", "neighbourhood"]
    target_id: RecordId
    email: bool = True


class ParticipationFollowOut(Schema):
    id: int
    kind: Literal["process", "idea", "neighbourhood"]
    target_id: int
    email: bool
    created_at: datetime.datetime
