"""Order risk for staff: the review queue with approve/reject, every score, the models, and
risk's column and section on the orders' admin. Importing the package registers them all."""

from . import orders, queue, runs

__all__ = ["orders", "queue", "runs"]
