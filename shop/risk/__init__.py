"""Order risk: every order scored, high-risk orders held for staff.

Owns: risk scores, the review queue and the risk model (framework-free ``engine``). Takes part in
checkout through orders' hooks (scores before the stock lock, holds capture and shipping) and
learns of declined cards from ``PaymentFailed``. May import: core, accounts, catalogue, orders,
and the other feature apps without a cycle.
"""
