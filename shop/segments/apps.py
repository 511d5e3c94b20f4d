from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SegmentsConfig(AppConfig):
    name = "shop.segments"
    label = "segments"
    verbose_name = _("Customer segments")

    def ready(self) -> None:
        from . import privacy, receivers

        privacy.connect()
        receivers.connect()
