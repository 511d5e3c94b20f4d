from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishlistConfig(AppConfig):
    name = "shop.wishlist"
    label = "wishlist"
    verbose_name = _("Wishlists")

    def ready(self) -> None:
        from . import privacy, receivers

        privacy.connect()
        receivers.connect()
