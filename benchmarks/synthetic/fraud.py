"""A labelled synthetic shop for the risk benchmark: accounts, orders, declines, and fraud.

The parameters below were fixed, and committed, before the risk engine was tuned against them;
changing one to make a figure look better would defeat the benchmark. They describe a shop of
about 100 orders a day (2,500 established accounts, 6 sign-ups a day) over 180 days, whose
legitimate customers do every "suspicious" thing now and then, and fraud at 2% of orders in
three kinds of incidents:

* **new-account fraud** (55% of incidents): an account made minutes before the first order,
  card testing (declines just before) in 60% of incidents, the stolen card's billing address
  differing from the drop address in 80%, large baskets, several orders in a burst, and drop
  addresses shared by a ring;
* **account takeover** (35%): an established account with history ships somewhere new (often
  abroad) with its owner's card, usually for far more than its owner spends;
* **quiet fraud** (10%): a weeks-old account with a few signals at most; meant to be hard.

Legitimate orders carry the same signals at realistic rates: a first order minutes after
signing up (sign-up at checkout) in 45% of new accounts, work and gift addresses (billing
differs from shipping on about 1 in 10 orders), a declined card before 6% of orders, splurges
at 3-8x the usual, follow-up orders within hours, shared household addresses, bulk buys.

Checkout saves a new delivery address to the account (the shop's default), minutes before the
order, as the real checkout does; the engine must not take such an address as established.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from shop.risk.engine.features import AccountRecord, OrderRecord

DAY = 86_400.0
HOUR = 3_600.0
MINUTE = 60.0
START = 1_700_000_000.0  # the first day of the simulated window (any epoch time would do)
COUNTRIES = ("DE", "FR", "NL", "IE", "ES", "IT", "PL")
NEW_ACCOUNT, TAKEOVER, QUIET = "new_account", "takeover", "quiet"
LEGITIMATE = "legitimate"
KINDS = (NEW_ACCOUNT, TAKEOVER, QUIET)


@dataclass(frozen=True)
class FraudParams:
    """Every knob of the generator; the defaults are the benchmark's (fixed before tuning)."""

    days: float = 180.0
    train_days: float = 120.0  # the engine learns from these; the last 60 days are scored
    fraud_share: float = 0.02
    # Customers
    established_accounts: int = 2_500
    joined_days_before: tuple[float, float] = (30.0, 1_000.0)
    signups_per_day: float = 6.0
    signups_who_order: float = 0.7
    signup_orders_at_once: float = 0.45  # first order 2-40 minutes after signing up
    orders_per_day: float = 1 / 35  # mean per account; gamma-distributed with this shape
    rate_shape: float = 0.7
    home_abroad: float = 0.15
    household_share: float = 0.04  # accounts sharing another account's home address
    work_address: float = 0.2  # accounts with a saved second address ...
    to_work: float = 0.25  # ... which gets this share of their orders
    gift_address: float = 0.04  # orders to an address never used before
    gift_abroad: float = 0.15
    save_new_address: float = 0.8  # checkout's "save this address" left ticked
    # Legitimate orders
    basket_median: float = 55.0
    basket_spread: float = 0.6  # between customers (log scale)
    order_spread: float = 0.4  # between one customer's orders (log scale)
    splurge: float = 0.03
    splurge_factor: tuple[float, float] = (3.0, 8.0)
    one_decline: float = 0.05  # a typo or an empty account before the order
    several_declines: float = 0.01  # 2-3 declines
    follow_up: float = 0.04  # another order 1-20 hours later
    quantities: tuple[float, ...] = (0.75, 0.18, 0.03, 0.02)  # 1, 2, 3-4, 5-12 of one product
    # Fraud incidents (shares of incidents)
    kinds: tuple[tuple[str, float], ...] = ((NEW_ACCOUNT, 0.55), (TAKEOVER, 0.35), (QUIET, 0.10))
    new_account_minutes: tuple[float, float] = (2.0, 120.0)
    card_testing: float = 0.6
    card_tests: tuple[int, int] = (1, 6)
    stolen_billing_mismatch: float = 0.8
    fraud_basket_median: float = 300.0
    fraud_basket_spread: float = 0.7
    resale_quantity: float = 0.3  # 3-8 of one product
    burst_sizes: tuple[float, ...] = (0.6, 0.25, 0.15)  # 1, 2, 3-4 orders per incident
    burst_minutes: tuple[float, float] = (10.0, 180.0)
    shared_drop: float = 0.35  # reuse the drop address of a ring incident of the last 24 h
    takeover_new_address: float = 0.85
    takeover_abroad: float = 0.35
    takeover_inflated: float = 0.7
    takeover_factor: tuple[float, float] = (2.0, 10.0)
    takeover_declines: float = 0.25
    takeover_second_order: float = 0.3
    quiet_account_days: tuple[float, float] = (2.0, 30.0)
    quiet_billing_mismatch: float = 0.5
    quiet_declines: float = 0.2
    quiet_basket_median: float = 150.0


@dataclass
class SyntheticShop:
    """Orders sorted by time with their labels, and the accounts they belong to."""

    orders: list[OrderRecord]
    accounts: dict[int, AccountRecord]
    is_fraud: np.ndarray  # bool per order
    kind: list[str]  # LEGITIMATE or the fraud incident's kind, per order
    split_at: float  # orders at or after this time are the evaluation period

    @property
    def is_training(self) -> np.ndarray:
        return np.array([o.placed_at < self.split_at for o in self.orders])


@dataclass
class _Account:
    joined: float
    home: str
    country: str
    basket: float
    saved: list[tuple[float, str, str]] = field(default_factory=list)
    failures: list[float] = field(default_factory=list)
    orders: list[float] = field(default_factory=list)  # legitimate amounts; takeovers need some


class _Builder:
    def __init__(self, params: FraudParams, seed: int) -> None:
        self.p = params
        self.rng = np.random.default_rng(seed)
        self.accounts: list[_Account] = []
        self.rows: list[tuple[float, int, float, str, str, int, str, str, str]] = []
        self.next_place = 0

    def place(self, prefix: str) -> str:
        self.next_place += 1
        return f"{prefix}{self.next_place}"

    def country(self, abroad: float) -> str:
        return str(self.rng.choice(COUNTRIES)) if self.rng.random() < abroad else "GB"

    def quantity(self) -> int:
        bucket = self.rng.choice(4, p=np.array(self.p.quantities) / sum(self.p.quantities))
        return int((1, 2, self.rng.integers(3, 5), self.rng.integers(5, 13))[bucket])

    def declines(self, account: int, at: float, count: int, within: float) -> None:
        times = at - self.rng.uniform(MINUTE, within, count)
        self.accounts[account].failures.extend(times.tolist())

    def order(
        self,
        account: int,
        at: float,
        amount: float,
        ship: tuple[str, str],
        billing: tuple[str, str],
        quantity: int,
        kind: str,
    ) -> None:
        self.rows.append(
            (
                at,
                account,
                round(amount, 2),
                ship[0],
                ship[1],
                quantity,
                billing[0],
                billing[1],
                kind,
            )
        )

    def new_address(self, account: int, at: float, place: str, country: str) -> None:
        """Checkout saves the delivery address to the account minutes before the order."""
        if self.rng.random() < self.p.save_new_address:
            saved_at = at - self.rng.uniform(MINUTE, 15 * MINUTE)
            self.accounts[account].saved.append((saved_at, place, country))


def _legitimate_customers(b: _Builder) -> None:
    p, rng = b.p, b.rng
    end = START + p.days * DAY
    joined = [
        START - rng.uniform(*p.joined_days_before) * DAY for _ in range(p.established_accounts)
    ]
    n_signups = rng.poisson(p.signups_per_day * p.days)
    joined += sorted((START + rng.uniform(0, p.days * DAY, n_signups)).tolist())
    for i, at in enumerate(joined):
        shared = bool(b.accounts) and rng.random() < p.household_share
        if shared:
            other = b.accounts[int(rng.integers(len(b.accounts)))]
            home, country = other.home, other.country
        else:
            home, country = b.place("home"), b.country(p.home_abroad)
        basket = p.basket_median * float(np.exp(rng.normal(0, p.basket_spread)))
        account = _Account(joined=at, home=home, country=country, basket=basket)
        account.saved.append((at, home, country))
        work = None
        if rng.random() < p.work_address:
            work = (b.place("work"), country)
            account.saved.append((at, *work))
        b.accounts.append(account)
        is_signup = at >= START
        if is_signup and rng.random() >= p.signups_who_order:
            continue
        rate = rng.gamma(p.rate_shape, p.orders_per_day / p.rate_shape)
        first = max(at, START)
        span = end - first
        times = sorted((first + rng.uniform(0, span, rng.poisson(rate * span / DAY))).tolist())
        if is_signup:
            soon = rng.random() < p.signup_orders_at_once
            delay = rng.uniform(2, 40) * MINUTE if soon else rng.exponential(3 * DAY)
            if at + delay < end:
                times = [at + delay, *(t for t in times if t > at + delay)]
        follow_ups = [t + rng.uniform(1, 20) * HOUR for t in times if rng.random() < p.follow_up]
        for t in sorted(times + follow_ups):
            if t < end:
                _legitimate_order(b, i, t, work)


def _legitimate_order(b: _Builder, i: int, at: float, work: tuple[str, str] | None) -> None:
    p, rng, account = b.p, b.rng, b.accounts[i]
    ship = (account.home, account.country)
    if work is not None and rng.random() < p.to_work:
        ship = work
    if rng.random() < p.gift_address:
        ship = (b.place("gift"), b.country(p.gift_abroad))
        b.new_address(i, at, *ship)
    amount = account.basket * float(np.exp(rng.normal(0, p.order_spread)))
    if rng.random() < p.splurge:
        amount *= rng.uniform(*p.splurge_factor)
    draw = rng.random()
    if draw < p.one_decline:
        b.declines(i, at, 1, 30 * MINUTE)
    elif draw < p.one_decline + p.several_declines:
        b.declines(i, at, int(rng.integers(2, 4)), 30 * MINUTE)
    account.orders.append(amount)
    b.order(i, at, amount, ship, (account.home, account.country), b.quantity(), LEGITIMATE)


def _fraud(b: _Builder, target: int) -> None:
    """Incidents at random times until fraud makes up its share of all orders."""
    p, rng = b.p, b.rng
    names = [k for k, _ in p.kinds]
    shares = np.array([s for _, s in p.kinds])
    established = [i for i, a in enumerate(b.accounts) if a.joined < START and a.orders]
    drops: list[tuple[float, str, str]] = []  # ring drop addresses in use, with their time
    placed = 0
    while placed < target:
        # Bursts last at most 12 hours: every incident ends inside the window.
        at = START + rng.uniform(0, p.days * DAY - 12 * HOUR)
        kind = names[rng.choice(len(names), p=shares / shares.sum())]
        if kind == NEW_ACCOUNT:
            placed += _new_account_incident(b, at, drops)
        elif kind == TAKEOVER:
            placed += _takeover_incident(b, at, established[int(rng.integers(len(established)))])
        else:
            placed += _quiet_incident(b, at)


def _fraud_account(b: _Builder, joined: float) -> int:
    b.accounts.append(_Account(joined=joined, home="", country="GB", basket=0.0))
    return len(b.accounts) - 1


def _new_account_incident(b: _Builder, at: float, drops: list[tuple[float, str, str]]) -> int:
    p, rng = b.p, b.rng
    i = _fraud_account(b, at - rng.uniform(*p.new_account_minutes) * MINUTE)
    recent = [d for d in drops if at - DAY <= d[0] <= at]
    if recent and rng.random() < p.shared_drop:
        _t, place, country = recent[int(rng.integers(len(recent)))]
    else:
        place, country = b.place("drop"), b.country(0.3)
    drops.append((at, place, country))
    b.new_address(i, at, place, country)
    billing = (place, country)
    if rng.random() < p.stolen_billing_mismatch:
        billing = (b.place("card"), b.country(0.3))
    if rng.random() < p.card_testing:
        b.declines(i, at, int(rng.integers(p.card_tests[0], p.card_tests[1] + 1)), 2 * HOUR)
    n = 1 + int(rng.choice(3, p=np.array(p.burst_sizes) / sum(p.burst_sizes)))
    n += int(n == 3 and rng.random() < 0.5)
    t = at
    for _ in range(n):
        amount = p.fraud_basket_median * float(np.exp(rng.normal(0, p.fraud_basket_spread)))
        resale = rng.random() < p.resale_quantity
        quantity = int(rng.integers(3, 9)) if resale else b.quantity()
        b.order(i, t, amount, (place, country), billing, quantity, NEW_ACCOUNT)
        t += rng.uniform(*p.burst_minutes) * MINUTE
    return n


def _takeover_incident(b: _Builder, at: float, i: int) -> int:
    p, rng, account = b.p, b.rng, b.accounts[i]
    ship = (account.home, account.country)
    if rng.random() < p.takeover_new_address:
        ship = (b.place("drop"), b.country(p.takeover_abroad))
        b.new_address(i, at, *ship)
    if rng.random() < p.takeover_declines:
        b.declines(i, at, int(rng.integers(1, 4)), 2 * HOUR)
    n = 2 if rng.random() < p.takeover_second_order else 1
    usual = account.basket
    t = at
    for _ in range(n):
        amount = usual * float(np.exp(rng.normal(0, p.order_spread)))
        if rng.random() < p.takeover_inflated:
            amount = usual * rng.uniform(*p.takeover_factor)
        billing = (account.home, account.country)
        b.order(i, t, amount, ship, billing, b.quantity(), TAKEOVER)
        t += rng.uniform(*p.burst_minutes) * MINUTE
    return n


def _quiet_incident(b: _Builder, at: float) -> int:
    p, rng = b.p, b.rng
    i = _fraud_account(b, at - rng.uniform(*p.quiet_account_days) * DAY)
    place, country = b.place("home"), b.country(0.15)
    b.accounts[i].saved.append((b.accounts[i].joined, place, country))
    billing = (place, country)
    if rng.random() < p.quiet_billing_mismatch:
        billing = (b.place("card"), b.country(0.3))
    if rng.random() < p.quiet_declines:
        b.declines(i, at, int(rng.integers(1, 3)), 2 * HOUR)
    amount = p.quiet_basket_median * float(np.exp(rng.normal(0, p.fraud_basket_spread)))
    b.order(i, at, amount, (place, country), billing, b.quantity(), QUIET)
    return 1


def generate_shop(seed: int, params: FraudParams | None = None) -> SyntheticShop:
    """One labelled shop; the same seed always gives the same shop."""
    params = params or FraudParams()
    b = _Builder(params, seed)
    _legitimate_customers(b)
    legitimate = len(b.rows)
    _fraud(b, round(params.fraud_share / (1 - params.fraud_share) * legitimate))
    end = START + params.days * DAY
    rows = sorted(r for r in b.rows if r[0] < end)
    orders = [
        OrderRecord(
            order_id=k + 1,
            account_id=account,
            placed_at=at,
            amount=amount,
            address=ship,
            country=country,
            max_quantity=quantity,
            billing_address=billing,
            billing_country=billing_country,
        )
        for k, (at, account, amount, ship, country, quantity, billing, billing_country, _kind) in (
            enumerate(rows)
        )
    ]
    accounts = {
        i: AccountRecord(
            joined_at=a.joined,
            saved_addresses=tuple(sorted(a.saved)),
            failed_payments=tuple(sorted(a.failures)),
        )
        for i, a in enumerate(b.accounts)
    }
    kinds = [r[-1] for r in rows]
    return SyntheticShop(
        orders=orders,
        accounts=accounts,
        is_fraud=np.array([k != LEGITIMATE for k in kinds]),
        kind=kinds,
        split_at=START + params.train_days * DAY,
    )
