from ninja import Router

from musharaka.core.i18n import localized
from musharaka.core.schemas import error_responses

from . import selectors
from .auth import api_auth
from .schemas import MeOut

router = Router(tags=["accounts"])


@router.get(
    "/me", response={200: MeOut, **error_responses(auth=True)}, auth=api_auth,
    summary="The signed-in person and their memberships",
)
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "preferred_language": user.preferred_language,
        "memberships": [
            {
                "organization_id": membership.organization_id,
                "organization_name": localized(membership.organization),
                "role": membership.role,
            }
            for membership in selectors.user_memberships(user=user)
        ],
    }
