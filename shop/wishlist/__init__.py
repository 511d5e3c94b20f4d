"""Wishlist: products a customer saves for later, from the product page or the cart, and
"e-mail me when available" on products out of stock. It e-mails (through the outbox) when a
saved product drops in price or comes back in stock.

Owns ``SavedItem``. A feature app: it may import core, accounts, catalogue and orders (the cart
it moves items into); nothing below imports it.
"""
