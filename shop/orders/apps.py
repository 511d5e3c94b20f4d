from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "shop.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from . import checks, privacy, receivers  # noqa: F401  (checks registers itself)

        privacy.connect()
        receivers.connect()
