"""Core: what every app builds on, and nothing app-specific.

Owns: the one application error type (``errors``), the domain-event registry (``events``), the
privacy registry (``privacy``), visitor identity (``visitor``), the abstract run model with its
descriptions, services and command base (``models``, ``runs``, ``services``, ``commands``), the
whole-page cache for anonymous visitors (``page_cache``), admin building blocks and SVG charts.
May import: Django only; no other app.
"""
