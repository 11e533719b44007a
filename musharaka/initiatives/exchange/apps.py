from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Spreadsheets and IATI for initiatives; an app of its own so its templates and Arabic load."""

    name = "musharaka.initiatives.exchange"
    label = "initiatives_exchange"
    verbose_name = _("Initiative exchange")
