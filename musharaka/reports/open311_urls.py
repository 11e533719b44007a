"""Open311 GeoReport v2 (mounted at /open311/v2/, outside the language prefixes: clients ask for a locale with
the `locale` parameter or Accept-Language)."""

app_name = "open311"

urlpatterns: list = []
