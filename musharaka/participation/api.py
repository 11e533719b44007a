"""The participation API (/api/v1/participation): one router per part, each in its own module.

What one may not see answers 404; what one sees but may not do (or not in the phase in force), 403; a change the
state does not allow (a closed survey, a result already published), 409; bad input, 422.
"""

from ninja import Router

router = Router(tags=["participation"])

# One router per part, in this order (the order of the API's documentation).
for part in ("ideas_api", "budgets_api", "moderation_api", "surveys_api", "topics_api"):
    router.add_router("", f"musharaka.participation.{part}.router")
