"""Framework-free machine-learning helpers shared by the shop's text models.

The customer-service assistant (intent classifier) and the review sentiment classifier are
separate packages that must not import each other, yet they read text the same way, save and
load models the same way and report the same per-label figures. That common part lives here,
in small modules that import only the standard library, NumPy, scikit-learn and joblib, never
Django, so both packages stay usable (and testable) without a configured project:

* :mod:`shop.ml.text`: :func:`~shop.ml.text.normalise` and :func:`~shop.ml.text.clean`;
* :mod:`shop.ml.data`: the base :class:`~shop.ml.data.DataValidationError` for hand-written
  training data;
* :mod:`shop.ml.model_files`: versioned joblib model files, provenance and staleness;
* :mod:`shop.ml.evaluation`: per-label precision, recall and F1, macro-F1, their table.
"""
