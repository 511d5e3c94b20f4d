from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shop.core"
    label = "core"
    verbose_name = _("Storefront")

    def ready(self) -> None:
        from . import checks, consent, page_cache, request_memo, visitor  # noqa: F401  (checks, receivers)

        page_cache.register_hole("consent_banner", consent.consent_banner)
