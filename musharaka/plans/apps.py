from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "musharaka.plans"
    label = "plans"
    verbose_name = _("Local development plans")

    def ready(self) -> None:
        from . import results_owners  # noqa: F401  (registers goals and actions as owners of results)
