"""The project's composition root: settings, URLs, the Celery app, WSGI and ASGI.

Importing it loads the Celery app so ``@shared_task`` binds to it in every process that
loads Django settings (web, worker, beat, management commands). The apps never import
``config``; framework-free engines never see it.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
