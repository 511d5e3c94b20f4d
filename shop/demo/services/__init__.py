"""Writes of the demo app: the generated shop into the other apps' tables.

``demo_seed`` runs the steps in order; each module writes one part (``catalogue``,
``people``, ``orders``, ``signals``) and says where it uses the owning app's service and
where it inserts in bulk instead, and why.
"""

from .people import DEMO_CUSTOMER_PASSWORD, STAFF_USERNAME
from .run import Report
from .seed import DemoSeeded, demo_seed

__all__ = ["DEMO_CUSTOMER_PASSWORD", "STAFF_USERNAME", "DemoSeeded", "Report", "demo_seed"]
