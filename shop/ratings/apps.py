from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "shop.ratings"
    label = "ratings"
    verbose_name = _("Ratings and reviews")

    def ready(self) -> None:
        from . import privacy

        privacy.connect()
