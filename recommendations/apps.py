from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        from . import privacy, receivers, tasks
        from .services.exposure import row_events_queue_register

        privacy.connect()
        receivers.connect()
        # A page that fills the row events' buffer has a worker write it (not the page).
        row_events_queue_register(tasks.flush_views.delay)
