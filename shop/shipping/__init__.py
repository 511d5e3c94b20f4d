"""Shipping: where the shop delivers, by which methods, at what price and how fast.

Owns: ``ShippingZone`` (a group of countries, django-countries), ``ShippingMethod`` (standard,
express...) and ``ShippingRate`` (a method's price, free-shipping threshold and delivery time in
a zone). ``selectors.shipping_for_country`` says whether a country is served and what it costs;
checkout refuses the others, pricing takes the rate, and the assistant reads the same answer.
May import: core.
"""
