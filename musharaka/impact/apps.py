from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "musharaka.impact"
    label = "impact"
    verbose_name = _("Social impact")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (draft analyses follow the indicators their outcomes read)
