"""Personalised offers: a slot on the home and cart pages that shows one live promotion.

Which promotion a shopper sees is chosen per customer segment (``shop.segments``; visitors and
customers not yet segmented share ``DEFAULT_SEGMENT``) by a bandit, Thompson sampling on the
clicks and conversions of each promotion in that segment (``engine``, framework-free). Only
promotions the shopper can use are candidates: live, automatic (no code needed) and, when a
promotion is for some segments only, one of them. Staff can pin a promotion (shown whenever it
is a candidate) or exclude it (never shown).

Impressions are counted per promotion, segment, placement and day (in the cache, written in
batches, as recommendations counts its rows); a click goes through a signed tracking link that
records it; an order placed by the same customer within ``ATTRIBUTION_DAYS`` of a click is that
click's conversion (orders announces ``OrderPlaced``; this app subscribes, orders never imports
it). The admin dashboard shows impressions, clicks, conversions and revenue per promotion and
segment.

The home page is cached whole for visitors (``shop.core.page_cache``): the slot is a hole in it,
filled per request from a cached list of candidates, so the cached page stays the same for every
visitor and a cache hit still costs no query.
"""
