"""Ratings: reviews, stars, and review sentiment.

Owns: reviews and each product's public rating, the framework-free sentiment classifier
(``sentiment``). Announces ``ReviewSubmitted``. May import: core, accounts, catalogue, orders,
the ``shop.ml`` library.
"""
