"""Schemas of the topic summary's API."""

from datetime import datetime

from ninja import Schema


class TopicCountOut(Schema):
    key: str  # a neighbourhood's id ("" for none given) or a participant group's code
    name: str
    count: int


class TopicPostOut(Schema):
    kind: str  # "idea" | "comment"
    id: int
    idea_id: int
    text: str


class TopicOut(Schema):
    position: int
    terms: list[str]
    size: int
    idea_count: int
    comment_count: int
    by_neighbourhood: list[TopicCountOut]
    by_group: list[TopicCountOut]
    representatives: list[TopicPostOut]


class TopicSummaryOut(Schema):
    process_id: int
    generated_at: datetime | None
    input_version: int | None  # the version of the input the summary was built from
    current_version: int  # the process's input version now
    stale: bool
    pending: bool  # a newer summary is being prepared
    post_count: int
    max_posts: int
    topics: list[TopicOut]


class TopicRefreshOut(Schema):
    queued: bool  # False when a new summary was already being prepared
    pending: bool
