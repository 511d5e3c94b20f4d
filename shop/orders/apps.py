from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "shop.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from shop.core import page_cache

        from . import checks, context_processors, privacy, receivers  # noqa: F401  (checks)

        privacy.connect()
        receivers.connect()
        page_cache.register_hole("cart_link", context_processors.cart_link)
