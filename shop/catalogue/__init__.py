"""Catalogue: categories, products, search, and stock.

Owns: products and categories, listings and search, and stock levels (``services.stock_reserve``
and ``stock_release`` are the only writers of stock; ``selectors.availability_problem`` says
what can be bought). May import: core, accounts.
"""
