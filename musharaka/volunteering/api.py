"""The volunteering API (/api/v1/volunteering)."""

from ninja import Router

router = Router(tags=["volunteering"])
