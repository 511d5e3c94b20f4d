"""Shop facts from the shop's own configuration: where it delivers (the shipping zones), and the
FAQ entries staff keep for payment methods, the return window and support hours."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shop.core.commit import now_and_after_commit
from shop.core.money import money_format
from shop.shipping.selectors import delivery_answer

from ..models import FAQEntry
from ..selectors import faq_best_for
from ..selectors.conversations import FAQ_KEY
from .turns import Outcome, Turn

# "when are you open", "support hours", "opening times": a question about the hours, not a
# request for a person (the classifier reads both as contact_human).
_HOURS = re.compile(
    r"\b(?:hours|opening times?|open(?:ing)?|closed?|available|reachable|working days?)\b"
)


def faq_entries_forget() -> None:
    """An entry was edited (its topic may have changed too): every topic's cached entries are
    read afresh, now and after the commit."""
    keys = [FAQ_KEY.format(topic) for topic in FAQEntry.Topic.values]
    now_and_after_commit(lambda: cache.delete_many(keys))


def asks_for_hours(text: str) -> bool:
    return bool(_HOURS.search(text.lower()))


def delivery_text(*, country: str) -> str:
    """ "Yes, we deliver to Norway: Standard €9.90 (3-6 working days)..." or "No, ..."."""
    answer = delivery_answer(country=country)
    if not answer.served:
        return _("No, we don't deliver to %(country)s.") % {"country": answer.country_name} + (
            " " + answer.message.split(". ", 1)[-1] if answer.message else ""
        )
    language = get_language()
    offers = []
    for offer in answer.offers:
        text = _("%(method)s %(price)s (%(days)s working days)") % {
            "method": offer.name,
            "price": money_format(offer.price, settings.SHOP_CURRENCY, language),
            "days": offer.days,
        }
        if offer.free_over is not None:
            text += ", " + _("free from %(amount)s") % {
                "amount": money_format(offer.free_over, settings.SHOP_CURRENCY, language)
            }
        offers.append(text)
    return (
        _("Yes, we deliver to %(country)s.") % {"country": answer.country_name}
        + " "
        + "; ".join(offers)
        + "."
    )


def faq_text(*, topic: str, text: str) -> str | None:
    """The answer of the topic's FAQ entry closest to ``text``, with its link, or None."""
    entry = faq_best_for(topic=topic, text=text)
    if entry is None:
        return None
    answer = entry.answer
    if entry.link_url:
        answer += f" {entry.link_label or entry.link_url}: {entry.link_url}"
    return answer


def support_hours(turn: Turn) -> Outcome | None:
    """The support hours from the FAQ, when the customer asks about them (else None)."""
    if not asks_for_hours(turn.text):
        return None
    answer = faq_text(topic="contact", text=turn.text)
    if answer is None:
        return None
    return Outcome(
        text=answer,
        state=turn.state.back_to_assistant(),
        suggestions=[_("Talk to a person")],
    )
