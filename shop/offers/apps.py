from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "shop.offers"
    label = "offers"
    verbose_name = _("Personalised offers")

    def ready(self) -> None:
        from shop.core import page_cache

        from . import receivers, views

        receivers.connect()
        page_cache.register_hole("offer_slot_home", views.home_slot)
