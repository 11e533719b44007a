"""Pages of the volunteering module (the names are the contract other parts link to)."""

from django.urls import path  # noqa: F401  (the parts below add their paths)

app_name = "volunteering"

urlpatterns: list = [
    # ---- vol16
    # ---- volapi16
]
