from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shop.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import emails, limits, privacy  # noqa: F401  (limits connects its receiver)

        emails.connect()
        privacy.connect()
