"""Pages of residents' reports (the names are the contract other parts link to)."""

from django.urls import path

from . import key_views  # o31116: the Open311 API keys page

app_name = "reports"

urlpatterns: list = [
    # ---- rep16
    # ---- o31116
    path("api-keys/", key_views.api_keys, name="api_keys"),
    path("api-keys/<int:key_id>/revoke/", key_views.api_key_revoke, name="api_key_revoke"),
]
