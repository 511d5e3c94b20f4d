"""Recommendations: interactions, nightly neighbour builds, and the rows on pages.

Owns: interactions (recorded from other apps' events: cart additions, paid orders, ratings,
sign-ins), builds and their neighbour lists, placement statistics, the framework-free
``engine``. May import: core, accounts, catalogue, orders, and the other feature apps without a
cycle.
"""
