"""Pages of residents' reports (the names are the contract other parts link to)."""

from django.urls import path  # noqa: F401  (the parts below add their paths)

app_name = "reports"

urlpatterns: list = [
    # ---- rep16
    # ---- o31116
]
