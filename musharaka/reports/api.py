"""The residents' reports API (/api/v1/reports); Open311 GeoReport v2 is served by `open311.py`."""

from ninja import Router

router = Router(tags=["reports"])
