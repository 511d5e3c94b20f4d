from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "shop.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from . import privacy, receivers  # noqa: F401  (receivers connects the login receiver)

        privacy.connect()
