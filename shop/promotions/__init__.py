"""Promotions and vouchers: automatic discounts staff schedule, and codes shoppers type.

A ``Promotion`` is a discount (percentage, fixed amount or free shipping) with a scope
(products, product types, categories, brands, customer segments), a minimum spend, a time
window and its stacking rules (combinable or not, an exclusivity group, a priority). A promotion
that ``requires_voucher`` applies only through one of its ``Voucher`` codes (case-insensitive,
a total and a per-customer limit); each use is a ``VoucherUse`` row written inside the order's
transaction and released when the order is cancelled.

Orders computes nothing here: this app registers a discount provider with orders' hooks
(``receivers.py``), turning its rows into ``shop.orders.discounts.Offer`` values that the
framework-free pricing module applies. Segment membership comes from the segments app through
orders' segment provider hook, so neither orders nor this app imports segments.
"""
