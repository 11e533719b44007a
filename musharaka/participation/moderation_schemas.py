"""Schemas of the moderation API."""

import datetime
from typing import Literal

from ninja import Field, Schema

from musharaka.core.schemas import BodyBool, BodySchema, RecordId
from musharaka.partnerships.schemas import text

from .models import REASON_MAX_LENGTH


def ReasonText():  # a field, as the services' limit: optional, at most REASON_MAX_LENGTH characters
    return text(REASON_MAX_LENGTH, default="")


def RequiredReason():  # a reason the service requires: at least 1 non-space character
    return text(REASON_MAX_LENGTH, 1)


class ParticipationModerateIn(BodySchema):
    action: Literal["approve", "hide", "restore"]
    reason: str = text(REASON_MAX_LENGTH, default="",
                       description="required (at least 1 non-space character) to hide or restore; optional to approve")


class ParticipationReasonIn(BodySchema):
    reason: str = ReasonText()


class ParticipationRequiredReasonIn(BodySchema):
    reason: str = RequiredReason()


class ParticipationAbuseReportIn(BodySchema):
    reason: Literal["offensive", "spam", "personal", "off_topic", "other"]
    detail: str = ReasonText()


class ParticipationAbuseReportOut(Schema):
    id: int
    process_id: int
    idea_id: int | None
    comment_id: int | None
    reason: str
    detail: str
    status: str
    created_at: datetime.datetime


class ParticipationBlockIn(BodySchema):
    user_id: RecordId
    reason: str = RequiredReason()


class ParticipationBlockOut(Schema):
    id: int
    process_id: int
    user_id: int
    user_name: str
    reason: str
    blocked_by_id: int
    created_at: datetime.datetime


class ParticipationMergeIn(BodySchema):
    target_id: RecordId
    reason: str = ReasonText()


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
    kind: Literal["approve", "hide", "restore", "dismiss", "block", "unblock", "merge"]
    moderator_id: int
    moderator_name: str
    idea_id: int | None
    comment_id: int | None
    subject_id: int | None
    reason: str
    created_at: datetime.datetime


class ParticipationFollowIn(BodySchema):
    kind: Literal["process", "idea", "neighbourhood"]
    target_id: RecordId
    email: BodyBool = True


class ParticipationFollowOut(Schema):
    id: int
    kind: Literal["process", "idea", "neighbourhood"]
    target_id: int
    email: bool
    created_at: datetime.datetime
