"""Customer service: the chat assistant, conversations, tickets and FAQ answers.

Owns: conversations, tickets, FAQ entries, the framework-free assistant core (``assistant``).
Answers through the lower apps' selectors and services (orders, catalogue search, shipping
zones, the promotions' verdict on a voucher code for the shopper's cart) and the review
sentiment model. May import: core, accounts, shipping, catalogue, orders, promotions, the
``shop.ml`` library, and the other feature apps without a cycle.
"""
