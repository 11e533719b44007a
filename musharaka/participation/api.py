"""The participation API (/api/v1/participation): one router per part, each in its own module.

What one may not see answers 404; what one sees but may not do (or not in the phase in force), 403; a change the
state does not allow (a closed survey, a result already published), 409; bad input, 422.
"""

from ninja import Router

router = Router(tags=["participation"])

# ---- ideas17
router.add_router("", "musharaka.participation.ideas_api.router")

# ---- budgets17
router.add_router("", "musharaka.participation.budgets_api.router")

# ---- moderation17
router.add_router("", "musharaka.participation.moderation_api.router")
# ---- end moderation17

# ---- surveys17
from .surveys_api import router as surveys_router  # noqa: E402

router.add_router("", surveys_router)
# ---- end surveys17

# ---- topics17: the topic summary (topics_api.py)
router.add_router("", "musharaka.participation.topics_api.router")
