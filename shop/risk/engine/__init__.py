"""Order risk, framework-free: features from plain records, learned rules, an isolation forest.

Nothing here imports Django. Selectors turn the shop's rows into ``OrderRecord``/``AccountRecord``
values, this package turns them into a feature matrix, trains a ``RiskModel`` (learned rule
thresholds and weights, a seeded isolation forest exported to plain arrays, a hold threshold
calibrated on staff decisions) and scores orders with human-readable reasons.
"""
