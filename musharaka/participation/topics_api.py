"""The topic summary's API: GET /processes/{id}/topics (the stored summary; a stale one is queued for a rebuild)
and POST /processes/{id}/topics/refresh (editors: build a new one now, in the background)."""

from ninja import Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.schemas import error_responses

from . import topic_selectors, topics
from .topics_schemas import TopicRefreshOut, TopicSummaryOut

router = Router(tags=["participation"])


@router.get("/processes/{process_id}/topics", response={200: TopicSummaryOut, **error_responses(lookup=True)})
def get_topics(request, process_id: int):
    """The process's ideas and comments grouped into topics, with counts per neighbourhood and participant group
    and representative posts. `pending` says a newer summary is being prepared (the input changed since)."""
    process = topic_selectors.get_process(user=request_user(request), process_id=process_id)
    state = topic_selectors.summary_state(process)
    rows = topic_selectors.topic_rows(state.summary)
    return {
        "process_id": process.pk, "generated_at": state.summary.generated_at if state.summary else None,
        "input_version": state.summary.input_version if state.summary and state.summary.generated_at else None,
        "current_version": process.input_version, "stale": state.stale, "pending": state.pending,
        "post_count": state.summary.post_count if state.summary else 0, "max_posts": topics.MAX_POSTS,
        "topics": [{
            "position": row.topic.position, "terms": row.terms, "size": row.topic.size,
            "idea_count": row.topic.idea_count, "comment_count": row.topic.comment_count,
            "by_neighbourhood": [{"key": hood["id"] or "", "name": hood["name"], "count": hood["count"]}
                                 for hood in row.neighbourhoods],
            "by_group": [{"key": group["code"], "name": group["name"], "count": group["count"]}
                         for group in row.groups],
            "representatives": [{key: rep[key] for key in ("kind", "id", "idea_id", "text")}
                                for rep in row.representatives],
        } for row in rows],
    }


@router.post("/processes/{process_id}/topics/refresh", auth=api_auth,
             response={202: TopicRefreshOut, **error_responses(auth=True, lookup=True)})
def refresh_topics(request, process_id: int):
    """Editors of the process: build a new summary now (in the background), even when the input did not change."""
    user = request_user(request)
    process = topic_selectors.get_process(user=user, process_id=process_id)
    queued = topics.topics_request_refresh(actor=user, process=process)
    return Status(202, {"queued": queued, "pending": True})
