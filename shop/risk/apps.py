from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "shop.risk"
    label = "risk"
    verbose_name = _("Order risk")

    def ready(self) -> None:
        from . import privacy, receivers

        privacy.connect()
        receivers.connect()
