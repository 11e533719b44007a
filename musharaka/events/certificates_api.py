"""Public verification of attendance certificates under /api/v1/events (part 5).

Its own router, added before the events router (as recommendations_api is): ninja would otherwise try
`/events/{event_id}` against `/events/certificates/…`.
"""

from typing import Annotated

from ninja import Path, Router

from musharaka.core.errors import NotFound
from musharaka.core.i18n import localized
from musharaka.core.schemas import error_responses

from . import certificates
from .schemas import EventCertificateOut

router = Router(tags=["events"])


@router.get("/certificates/{code}", response={200: EventCertificateOut, **error_responses(lookup=True)})
def verify_certificate(request, code: Annotated[str, Path(max_length=64)]):
    """Confirms a certificate by its code (as printed, with or without dashes, any case): only what the certificate
    shows. An unknown or malformed code is a 404."""
    certificate = certificates.certificate_by_code(code)
    if certificate is None:
        raise NotFound()
    fields = certificates.public_fields(certificate)
    return {**fields, "valid": not fields["revoked"],
            "event_title": localized(fields, "event_title"),
            "session_title": localized(fields, "session_title"),
            "organization_name": localized(fields, "organization_name")}
