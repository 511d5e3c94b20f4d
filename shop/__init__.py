"""The shop's apps. Empty on purpose: importing a framework-free engine under ``shop/``
must not load Django or Celery."""
