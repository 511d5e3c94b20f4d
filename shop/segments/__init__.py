"""Customer segments: recency, frequency and spend, clustered and named.

Owns: segment runs and assignments (framework-free ``engine``); reads purchases through orders'
selectors. May import: core, accounts, catalogue, orders, and the other feature apps without a
cycle.
"""
