"""Generate a whole demo shop: ``generate(size, seed)`` and ``generate_event_arrays(size, seed)``.

Each part of the shop draws from its own random stream derived from the seed, so the same seed
always gives the same shop, and the event arrays come out identical whether or not the product
texts were built. That lets the benchmarks generate a million events without any Python objects.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from .baskets import DEFAULT_SEASON_DAY
from .behaviour import Simulation, simulate
from .catalogue import CataloguePlan, build_categories, build_products, plan_catalogue
from .people import CustomerPlan, build_people, plan_customers
from .reviews import build_reviews
from .specs import (
    EVENT_KINDS,
    ORDER_STATUSES,
    AddressSpec,
    CategorySpec,
    CustomerSpec,
    EventArrays,
    EventSpec,
    OrderArrays,
    OrderSpec,
    ProductSpec,
    ReviewSpec,
    SizeSpec,
    TasteSpec,
)
from .tastes import TasteModel, build_taste_model

__all__ = (
    "EVENT_KINDS",
    "ORDER_STATUSES",
    "SIZES",
    "AddressSpec",
    "CategorySpec",
    "CustomerSpec",
    "DemoShop",
    "EventArrays",
    "EventSpec",
    "OrderArrays",
    "OrderSpec",
    "ProductSpec",
    "ReviewSpec",
    "SizeSpec",
    "TasteSpec",
    "generate",
    "generate_event_arrays",
)

SIZES: Mapping[str, SizeSpec] = MappingProxyType(
    {
        "small": SizeSpec("small", products=60, customers=40, events=2_000, tastes=8),
        "medium": SizeSpec("medium", products=720, customers=480, events=50_000, tastes=16),
        "large": SizeSpec("large", products=50_000, customers=20_000, events=1_000_000, tastes=40),
    }
)

# Stream numbers for numpy generators and names for the text generators.
_CATALOGUE_STREAM, _CUSTOMER_STREAM, _TASTE_STREAM, _EVENT_STREAM = 1, 2, 3, 4
_CALENDAR_STREAM, _LEAD_TIME_STREAM = 5, 6
# Supplier lead times in days and how common each is: most restock within one or two weeks.
LEAD_TIME_DAYS = np.array([3, 5, 7, 10, 14, 21])
LEAD_TIME_SHARES = np.array([0.1, 0.2, 0.3, 0.2, 0.15, 0.05])
_EVENTS_PER_CHUNK = 65_536


@dataclass(frozen=True, slots=True, eq=False)
class DemoShop:
    """A generated shop. Customers in orders, reviews and events are indexes into ``customers``.

    ``tastes`` and ``taste_weights`` (customers x tastes) reveal the hidden profiles; the shop
    itself never stores them, they exist to check that recommenders find them.
    """

    size: SizeSpec
    seed: int
    categories: tuple[CategorySpec, ...]
    products: tuple[ProductSpec, ...]
    customers: tuple[CustomerSpec, ...]
    addresses: tuple[AddressSpec, ...]
    orders: tuple[OrderSpec, ...]
    reviews: tuple[ReviewSpec, ...]
    tastes: tuple[TasteSpec, ...]
    taste_weights: npt.NDArray[np.float32]
    event_arrays: EventArrays
    order_arrays: OrderArrays

    def events(self) -> Iterator[EventSpec]:
        """Interactions oldest first, converted lazily chunk by chunk to keep memory flat."""
        arrays = self.event_arrays
        for start in range(0, len(arrays), _EVENTS_PER_CHUNK):
            window = slice(start, start + _EVENTS_PER_CHUNK)
            for customer, product, kind, value, days_ago in zip(
                arrays.customer[window].tolist(),
                arrays.product[window].tolist(),
                arrays.kind[window].tolist(),
                arrays.value[window].tolist(),
                arrays.days_ago[window].tolist(),
                strict=True,
            ):
                yield EventSpec(
                    customer, self.products[product].sku, EVENT_KINDS[kind], value, days_ago
                )

    @property
    def counts(self) -> dict[str, int]:
        """Row counts per kind of object, for progress reporting."""
        return {
            "categories": len(self.categories),
            "products": len(self.products),
            "customers": len(self.customers),
            "addresses": len(self.addresses),
            "orders": len(self.orders),
            "order_lines": int(self.order_arrays.line_order.shape[0]),
            "reviews": len(self.reviews),
            "events": len(self.event_arrays),
        }


@dataclass(frozen=True, slots=True)
class _Plans:
    catalogue: CataloguePlan
    customers: CustomerPlan
    model: TasteModel


def generate(size: str, seed: int = 42, *, season_day: int = DEFAULT_SEASON_DAY) -> DemoShop:
    """Generate the demo shop of the named size (see :data:`SIZES`); ``season_day`` is the day
    of the year the history ends on, which seasonal products follow (``baskets``)."""
    spec = _size_spec(size)
    plans = _plan(spec, seed)
    simulation = _simulate(spec, plans, seed, season_day)
    products, facts = build_products(plans.catalogue, _text_rng(seed, "products"))
    products = _with_lead_times(products, _rng(seed, _LEAD_TIME_STREAM))
    customers, addresses = build_people(plans.customers, _text_rng(seed, "people"))
    return DemoShop(
        size=spec,
        seed=seed,
        categories=build_categories(),
        products=products,
        customers=customers,
        addresses=addresses,
        orders=_order_specs(simulation.orders, products),
        reviews=build_reviews(simulation.events, products, facts, _text_rng(seed, "reviews")),
        tastes=plans.model.tastes,
        taste_weights=plans.model.weight_matrix(),
        event_arrays=simulation.events,
        order_arrays=simulation.orders,
    )


def generate_event_arrays(
    size: str, seed: int = 42, *, season_day: int = DEFAULT_SEASON_DAY
) -> EventArrays:
    """Only the interaction arrays, identical to ``generate(size, seed).event_arrays``.

    Skips every Python object (titles, people, orders, reviews), so the large size's million
    events take about a second.
    """
    spec = _size_spec(size)
    plans = _plan(spec, seed)
    return _simulate(spec, plans, seed, season_day).events


def _simulate(spec: SizeSpec, plans: _Plans, seed: int, season_day: int) -> Simulation:
    return simulate(
        spec.events,
        plans.catalogue,
        plans.customers,
        plans.model,
        _rng(seed, _EVENT_STREAM),
        _rng(seed, _CALENDAR_STREAM),
        season_day,
    )


def _with_lead_times(
    products: tuple[ProductSpec, ...], rng: np.random.Generator
) -> tuple[ProductSpec, ...]:
    """Give every product a supplier lead time, from its own stream so nothing else moves."""
    days = rng.choice(LEAD_TIME_DAYS, len(products), p=LEAD_TIME_SHARES).tolist()
    return tuple(
        replace(product, lead_time_days=int(lead))
        for product, lead in zip(products, days, strict=True)
    )


def _size_spec(size: str) -> SizeSpec:
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.") from None


def _plan(spec: SizeSpec, seed: int) -> _Plans:
    catalogue = plan_catalogue(spec.products, _rng(seed, _CATALOGUE_STREAM))
    customers = plan_customers(spec.customers, _rng(seed, _CUSTOMER_STREAM))
    model = build_taste_model(spec.tastes, catalogue, customers, _rng(seed, _TASTE_STREAM))
    return _Plans(catalogue, customers, model)


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


def _text_rng(seed: int, name: str) -> random.Random:
    # String seeds are hashed with SHA-512, so they do not depend on PYTHONHASHSEED.
    return random.Random(f"demo-shop:{seed}:{name}")


def _order_specs(orders: OrderArrays, products: Sequence[ProductSpec]) -> tuple[OrderSpec, ...]:
    bounds = np.searchsorted(orders.line_order, np.arange(len(orders) + 1)).tolist()
    line_skus = [products[p].sku for p in orders.line_product.tolist()]
    quantities = orders.line_quantity.tolist()
    return tuple(
        OrderSpec(
            customer=customer,
            lines=tuple(zip(line_skus[start:end], quantities[start:end], strict=True)),
            status=ORDER_STATUSES[status],
            days_ago=days_ago,
        )
        for customer, status, days_ago, start, end in zip(
            orders.customer.tolist(),
            orders.status.tolist(),
            orders.days_ago.tolist(),
            bounds[:-1],
            bounds[1:],
            strict=True,
        )
    )
