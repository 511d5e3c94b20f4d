from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "shop.promotions"
    label = "promotions"
    verbose_name = _("Promotions and vouchers")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
