"""Property-based run of the live schema: every operation, valid and invalid input.

The schema is fetched from ``/api/schema/`` through the WSGI application, and each case is sent
to the same application in-process, inside the test's transaction. A customer's token is sent
with every case so the signed-in operations are exercised beyond their 401. Each operation gets
a bounded, deterministic number of examples (10) and every check schemathesis has runs on it
(``--checks all``): every response documented (status code, content type, headers, body), none a
5xx, invalid input refused with a 4xx and valid input (positive data) accepted. A stateful run
then follows the links between operations that schemathesis infers (a product's id into its
reviews, a cart line into checkout...), with the same checks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import checks as st_checks

from shop.accounts.factories import AddressFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory

# A deeper run when hunting bugs: API_FUZZ_EXAMPLES=200 API_FUZZ_RANDOM=1 pytest <this file>
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))
DERANDOMIZE = not os.environ.get("API_FUZZ_RANDOM")
APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/schema/", APP)
# Valid requests the schema documents as refused for what they ask, not for how they are
# written: a card the bank declines (402), an Idempotency-Key already used for another
# checkout (422). Anything else a valid request gets must be one of schemathesis' defaults.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    *schema.config.checks.positive_data_acceptance.expected_statuses,
    "402",
    "422",
]

st_checks.load_all_checks()
# All of them, as `--checks all`.
CHECKS = [getattr(st_checks, name) for name in st_checks.CHECKS.get_all_names()]
# All but the auth-enforcement probe, which the per-operation run above makes on every
# operation. In a stateful run schemathesis does not count the token sent through
# ``get_call_kwargs`` (nor the session cookie the cart's responses set) as configured
# credentials, so every request the token authenticates looks to it like one that got in
# with generated credentials (seen: 201 for POST .../review/ "generated auth likely invalid").
STATEFUL_CHECKS = [check for check in CHECKS if check is not st_checks.ignored_auth]
STATEFUL_STEPS = int(os.environ.get("API_FUZZ_STATEFUL_STEPS", "6"))


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Keep the test's database connection across requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def generous_throttles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run sends more requests than a real client may; 429 stays documented and tested
    elsewhere."""
    rates = dict.fromkeys(SimpleRateThrottle.THROTTLE_RATES, "100000/minute")
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def fuzz_token(customer, in_process_requests, generous_throttles) -> str:  # type: ignore[no-untyped-def]
    """A customer with something to find: a catalogue, a saved address and a token."""
    category = CategoryFactory(slug="fuzz")
    for index in range(3):
        ProductFactory(category=category, price=Decimal("9.99") + index, stock_quantity=5)
    AddressFactory(user=customer)
    return Token.objects.create(user=customer).key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=DERANDOMIZE,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: schemathesis.Case, fuzz_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {fuzz_token}"}, checks=CHECKS)


APIWorkflow = schema.as_state_machine()


@pytest.mark.django_db
def test_api_links_hold_in_a_stateful_run(fuzz_token: str) -> None:
    token = fuzz_token

    class Workflow(APIWorkflow):  # type: ignore[misc,valid-type]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, object]:
            return {"headers": {"Authorization": f"Token {token}"}}

        def validate_response(self, response, case, **kwargs):  # type: ignore[no-untyped-def]
            case.validate_response(response, checks=STATEFUL_CHECKS)

    Workflow.run(
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            derandomize=DERANDOMIZE,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
