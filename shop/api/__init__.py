"""The REST API's shared base and the endpoints of the lower apps (catalogue, cart,
checkout, orders, reviews, auth).

Interface layer: may read any app's selectors and call its services; no model, selector or
service imports it. Feature apps keep their own endpoints (``recommendations.api``,
``customer_service.api``) on this base.
"""
