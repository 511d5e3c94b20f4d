"""Demand forecasts: per-product forecasts and the "low stock soon" list.

Owns: forecast runs and their rows (framework-free ``engine``); reads sales through orders'
selectors. May import: core, accounts, catalogue, orders, and the other feature apps without a
cycle.
"""
