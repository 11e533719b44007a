"""Public verification of winners' certificates under /api/v1/awards (issue #13, results).

Its own router, added before the awards router, whose `/{…_id}` paths would otherwise be tried against
`/certificates/…` (as events' certificates_api is added before the events router).
"""

import datetime
from typing import Annotated

from ninja import Field, Path, Router, Schema

from musharaka.core.errors import NotFound
from musharaka.core.i18n import localized
from musharaka.core.schemas import error_responses

from . import certificates

router = Router(tags=["awards"])


class AwardCertificateOut(Schema):
    """What a winner's certificate prints, as its public verification shows it."""

    code: str = Field(description="XXXX-XXXX-XXXX-XXXX")
    valid: bool = Field(description="always true: only published winners' certificates are found")
    winner: str = Field(description="the winning organisation (or person), in the request's language")
    winner_ar: str
    winner_en: str
    place: int = Field(description="1 for the first place, 2 the second, 3 the third")
    category: str
    category_ar: str
    category_en: str
    title: str = Field(description="the winning application's title")
    title_ar: str
    title_en: str
    programme: str
    programme_ar: str
    programme_en: str
    cycle: str = Field(description="the cycle's title (may be empty)")
    year: int
    organiser: str
    published_on: datetime.date | None


@router.get("/certificates/{code}", response={200: AwardCertificateOut, **error_responses(lookup=True)})
def verify_award_certificate(request, code: Annotated[str, Path(max_length=64)]):
    """Confirms a winner's certificate by its code (as printed, with or without dashes, any case): only what the
    certificate shows. An unknown or malformed code, or a winner whose results are not published, is a 404."""
    winner = certificates.winner_by_code(code)
    if winner is None:
        raise NotFound()
    fields = certificates.public_fields(winner)
    return {**fields, "valid": True, "year": fields["year"] or 0, "place": fields["place"] or winner.place,
            **{key: localized(fields, key) for key in ("winner", "category", "title", "programme", "cycle",
                                                       "organiser")}}
