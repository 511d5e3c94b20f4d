"""Orders: carts, checkout, payments and the order lifecycle.

Owns: carts, orders and their payments (``services``: cart, checkout, payments, lifecycle),
prices (``pricing``, framework-free), shipping methods, the payment gateways. Announces what
happens (``events``) and lets higher apps take part through ``hooks`` (checkout assessors,
transition guards); it never imports them. May import: core, accounts, catalogue.
"""
