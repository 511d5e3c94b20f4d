"""The assistant's text normalisation, now shared with the review sentiment model.

The functions live in :mod:`shop.ml.text`. This module keeps their old import path, which is
also the path that sentiment model files saved before the move name for the pickled
``normalise`` preprocessor: removing it would make those files unreadable (they would then be
retrained on the next load, not misread).
"""

from __future__ import annotations

from shop.ml.text import clean, normalise

__all__ = ["clean", "normalise"]
