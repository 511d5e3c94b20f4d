from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shop.core"
    label = "core"
    verbose_name = _("Storefront")

    def ready(self) -> None:
        from . import checks, visitor  # noqa: F401  (registers the checks, the sign-in receiver)
