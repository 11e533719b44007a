from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "musharaka.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import verification  # noqa: F401  (connects its sign-in signal receiver)
