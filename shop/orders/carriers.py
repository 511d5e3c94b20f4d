"""The parcel carriers staff choose from when they mark an order shipped, and where a
customer follows the parcel. Plain data: the order stores the code, pages and e-mails build
the link from the tracking number."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Carrier:
    code: str
    name: str
    # The carrier's public tracking page, ``{number}`` standing for the tracking number; empty
    # when it has none to link to (the shop's own van).
    tracking_url: str = ""

    def url_for(self, tracking_number: str) -> str:
        if not self.tracking_url or not tracking_number:
            return ""
        return self.tracking_url.format(number=quote(tracking_number, safe=""))


CARRIERS: tuple[Carrier, ...] = (
    Carrier("dhl", "DHL", "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}"),
    Carrier("dpd", "DPD", "https://tracking.dpd.de/status/en_US/parcel/{number}"),
    Carrier("ups", "UPS", "https://www.ups.com/track?tracknum={number}"),
    Carrier("gls", "GLS", "https://gls-group.com/track/{number}"),
    Carrier("postnl", "PostNL", "https://jouw.postnl.nl/track-and-trace/{number}"),
    Carrier(
        "royalmail",
        "Royal Mail",
        "https://www.royalmail.com/track-your-item#/tracking-results/{number}",
    ),
    Carrier("other", "Other carrier"),
)
BY_CODE = {carrier.code: carrier for carrier in CARRIERS}
CHOICES = [(carrier.code, carrier.name) for carrier in CARRIERS]


def carrier_get(code: str) -> Carrier | None:
    return BY_CODE.get(code)
