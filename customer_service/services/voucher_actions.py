"""The action about a voucher code: whether it works for the shopper's own cart, and why not.

The verdict is the promotions app's :func:`~shop.promotions.selectors.voucher_verdict`, the one
the cart's voucher form gives, so the assistant holds no second copy of the rules (expired, not
started, used up, used already by this customer, minimum spend, not for these items...). The
cart is the one of whoever chats: the signed-in customer's, or the visitor's session cart,
never anyone else's. The code is the one in the message, else the one the cart holds; with
neither, the assistant asks for it.
"""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shop.core.money import money_format
from shop.promotions.selectors import VoucherVerdict, voucher_verdict

from .turns import Outcome, Turn


def _cart_link() -> str:
    return reverse("orders:cart")


def _works_text(verdict: VoucherVerdict, *, on_cart: bool) -> str:
    summary = verdict.summary
    assert summary is not None  # a code without a problem was priced with the cart
    amount = money_format(verdict.saving, summary.currency, get_language())
    values = {"code": verdict.code, "amount": amount, "url": _cart_link()}
    if on_cart:
        if verdict.saving:
            return _("The code %(code)s is applied to your cart: it takes %(amount)s off.") % values
        return _("The code %(code)s is applied to your cart: your delivery is free.") % values
    if verdict.saving:
        text = _("The code %(code)s works for your cart: it takes %(amount)s off.")
    else:
        text = _("The code %(code)s works for your cart: it makes your delivery free.")
    return (text + " " + _("Enter it in your cart to use it: %(url)s")) % values


def voucher_help(turn: Turn) -> Outcome:
    """Check the code the shopper means against their own cart and say why it does (not) work."""
    store = turn.cart
    typed = (turn.decision.entities.voucher_code or "").strip()
    on_cart = store.voucher_code() if store is not None else ""
    code = typed or on_cart
    if not code or store is None:
        return Outcome(
            text=_(
                "Which code did you try? Type it here and I'll check it against your cart. "
                "Codes are entered in your cart, below its items: %(url)s"
            )
            % {"url": _cart_link()},
            state=turn.state,
            suggestions=[],
        )
    settled = replace(turn.state, awaiting=None, pending_intent=None)
    verdict = voucher_verdict(store=store, code=code, country=turn.country, user_id=store.owner_id)
    is_cart_code = bool(on_cart) and on_cart.casefold() == verdict.code.casefold()
    if not verdict.problem:
        return Outcome(text=_works_text(verdict, on_cart=is_cart_code), state=settled)
    text = verdict.problem
    if is_cart_code:
        text = _("The code %(code)s on your cart does not apply now: %(why)s") % {
            "code": verdict.code,
            "why": verdict.problem,
        }
    return Outcome(text=text, state=settled, suggestions=[_("Talk to a person")])
