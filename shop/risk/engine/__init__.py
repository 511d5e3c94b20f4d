"""Order risk, framework-free: features from plain records, graded warning signs, a forest.

Nothing here imports Django. Selectors turn the shop's rows into ``OrderRecord``/``AccountRecord``
values, this package turns them into a feature matrix, trains a ``RiskModel`` (how rare each
warning sign is in the shop's own orders, a seeded isolation forest exported to plain arrays,
a hold threshold that holds a set share of orders, staff-decision weights) and scores orders
with human-readable reasons.
"""
