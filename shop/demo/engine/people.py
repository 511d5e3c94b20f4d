"""Customers and their addresses.

As with products, the numbers the behaviour model needs (sign-up date, how active someone is)
are drawn as arrays first, so the event simulation can run without building customer objects.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import vocabulary as vocab
from .specs import AddressSpec, CustomerSpec

# Customers signed up over the last three years, more of them recently as the shop grew.
MAX_JOINED_DAYS_AGO = 1095
# The span of history the simulation covers; see behaviour.HISTORY_DAYS.
ACTIVE_HISTORY_DAYS = 365
SECOND_ADDRESS_SHARE = 0.3
# Share of second addresses that belong to someone else in the household (gifts, partners).
HOUSEHOLD_ADDRESS_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class CustomerPlan:
    """Per-customer numbers for the behaviour model.

    ``activity`` is a relative, long-tailed share of all interactions: a few customers browse
    a lot, most only now and then.
    """

    joined_days_ago: npt.NDArray[np.int64]
    activity: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.joined_days_ago.shape[0])


def plan_customers(count: int, rng: np.random.Generator) -> CustomerPlan:
    """Draw sign-up dates skewed towards the recent past and long-tailed activity levels.

    Newcomers have had less time to browse, so activity grows with the square root of the
    part of the year they have been customers.
    """
    joined = 1 + np.floor((MAX_JOINED_DAYS_AGO - 1) * rng.random(count) ** 1.4)
    tenure = np.minimum(joined, ACTIVE_HISTORY_DAYS) / ACTIVE_HISTORY_DAYS
    activity = rng.lognormal(0.0, 0.9, count) * np.sqrt(tenure)
    return CustomerPlan(joined.astype(np.int64), activity)


def build_people(
    plan: CustomerPlan, rng: random.Random
) -> tuple[tuple[CustomerSpec, ...], tuple[AddressSpec, ...]]:
    """Name every planned customer and give them one or two addresses in their country."""
    countries = vocab.COUNTRIES
    weights = [country.weight for country in countries]
    usernames: dict[str, int] = {}
    customers: list[CustomerSpec] = []
    addresses: list[AddressSpec] = []
    for index in range(len(plan)):
        country = rng.choices(countries, weights)[0]
        first, last = rng.choice(country.first_names), rng.choice(country.last_names)
        base = f"{_ascii_handle(first)}.{_ascii_handle(last)}"
        seen = usernames.get(base, 0)
        usernames[base] = seen + 1
        username = base if seen == 0 else f"{base}{seen + 1}"
        customers.append(
            CustomerSpec(
                username=username,
                email=f"{username}@{rng.choice(vocab.EMAIL_DOMAINS)}",
                first_name=first,
                last_name=last,
                joined_days_ago=int(plan.joined_days_ago[index]),
            )
        )
        addresses.append(_address(index, f"{first} {last}", country, rng))
        if rng.random() < SECOND_ADDRESS_SHARE:
            name = f"{first} {last}"
            if rng.random() < HOUSEHOLD_ADDRESS_SHARE:
                name = f"{rng.choice(country.first_names)} {last}"
            addresses.append(_address(index, name, country, rng))
    return tuple(customers), tuple(addresses)


def _address(
    customer: int, full_name: str, country: vocab.Country, rng: random.Random
) -> AddressSpec:
    city, postcode_pattern = rng.choice(country.cities)
    line1 = country.street_format.format(
        street=rng.choice(country.streets), number=rng.randint(1, 180)
    )
    return AddressSpec(
        customer=customer,
        full_name=full_name,
        line1=line1,
        line2=rng.choice(vocab.ADDRESS_EXTRAS),
        city=city,
        postcode=_fill_pattern(postcode_pattern, rng),
        country=country.code,
        phone=f"{country.phone_prefix} {rng.randint(100, 999)} {rng.randint(100000, 9999999)}",
    )


def _fill_pattern(pattern: str, rng: random.Random) -> str:
    """Expand ``#`` to a digit and ``@`` to a capital letter."""
    return "".join(
        str(rng.randrange(10))
        if char == "#"
        else chr(65 + rng.randrange(26))
        if char == "@"
        else char
        for char in pattern
    )


def _ascii_handle(name: str) -> str:
    """Fold a name into the letters a username may hold: "O'Sullivan" -> "osullivan"."""
    folded = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    return re.sub(r"[^a-z]", "", folded.encode("ascii", "ignore").decode("ascii").lower())
