"""The demo shop: a believable catalogue, customers, orders, reviews and signals to try it on.

Owns ``manage.py seed_demo`` and nothing else: no models, no pages. ``engine`` is the
framework-free generator (standard library, numpy and Pillow only; its word tables are the data
file ``engine/vocabulary.json``) and ``seeding`` writes what it generates into the other apps.

It is the top layer for data: it may import every app's models and services, and nothing
imports it.
"""
