"""Search: what shoppers mean, found in the catalogue.

Owns: query understanding (``engine/``, framework-free: tokens, stop words, plurals, compounds,
spelling against the catalogue's own vocabulary, price words, synonyms), retrieval and ranking
on PostgreSQL (full-text rank plus ``pg_trgm`` similarity) and elsewhere (the corrected terms),
facets with counts, suggestions, the staff's synonym list and the search analytics.

May import: ``shop.core`` and ``shop.catalogue`` (it sits above the catalogue, beside orders);
the feature apps above (the assistant) may use its selectors.
"""
