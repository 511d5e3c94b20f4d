"""The dialogue: state between turns, the decision for one message, and the policy.

:meth:`Assistant.decide` works in two steps. *Understanding* turns a message into an intent
or an answer to the assistant's own question (rules first, then the classifier with its
confidence threshold and ambiguity margin). The *policy* turns that into an action and the
next state: the table :data:`POLICY` maps intents to actions, and a few ordered overrides
come first (a request for a person, answers to a pending question, anger, fallbacks).

The core decides what to do; the Django side does it (looks orders up, cancels, searches,
answers from the FAQ, opens tickets) and renders the wording.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from .constraints import ConstraintExtractor
from .entities import (
    Entities,
    extract_email,
    extract_order_number,
    extract_search_query,
    extract_voucher_code,
)
from .rules import DialogueAct, RuleInput, apply_rules
from .schema import Action, Awaiting, HandoffReason, Intent, Source
from .state import DialogueState, plain
from .templates import INTENT_SUGGESTIONS, SUGGESTIONS
from .tone import ToneResult, tone_score
from .vocabulary import ShopVocabulary

# For a classifier that brings no calibration of its own. A trained IntentClassifier carries
# the threshold and margin chosen on its out-of-fold scores, and the assistant uses those.
DEFAULT_THRESHOLD = 0.30
DEFAULT_MARGIN = 0.10
# Two misunderstandings in a row and the customer goes to staff.
MAX_CONSECUTIVE_FALLBACKS = 2


class Classifier(Protocol):
    """What the assistant needs from a classifier; :class:`IntentClassifier` provides it."""

    def predict_proba(self, text: str) -> list[tuple[str, float]]: ...


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one message, and the state for the next one."""

    intent: Intent  # out_of_scope when not understood (source "fallback")
    confidence: float  # 1.0 for rules; the top probability for the classifier
    source: Source
    action: Action
    state: DialogueState
    entities: Entities = field(default_factory=Entities)
    handoff_reason: HandoffReason | None = None
    tone: float = 0.0  # [-1, 1], negative is upset; see tone.tone_score
    suggestions: tuple[str, ...] = ()  # quick replies, English defaults for the Django side
    # The classifier's top intents with probabilities, for logs and "did you mean" replies.
    candidates: tuple[tuple[str, float], ...] = ()
    rule: str | None = None  # the rule that matched, if any

    def to_dict(self) -> dict[str, Any]:
        """A record of the decision in plain JSON types, for logging and the API."""
        data: dict[str, Any] = plain(asdict(self))
        data["state"] = self.state.to_dict()
        return data


@dataclass(frozen=True, slots=True)
class Understanding:
    """The first step's result: what the message means, before any policy."""

    intent: Intent
    confidence: float
    source: Source
    entities: Entities
    act: DialogueAct | None = None
    candidates: tuple[tuple[str, float], ...] = ()
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class IntentPolicy:
    """One row of the policy table.

    ``needs_order``: the request is about one of the customer's orders, so the customer must
    be signed in and the order identified before the action is taken.
    """

    action: Action
    needs_order: bool = False
    handoff: HandoffReason | None = None


POLICY: dict[Intent, IntentPolicy] = {
    Intent.GREETING: IntentPolicy(Action.REPLY),
    Intent.GOODBYE: IntentPolicy(Action.REPLY),
    Intent.THANKS: IntentPolicy(Action.REPLY),
    Intent.ORDER_STATUS: IntentPolicy(Action.ORDER_STATUS, needs_order=True),
    Intent.CANCEL_ORDER: IntentPolicy(Action.CONFIRM_CANCEL, needs_order=True),
    Intent.CHANGE_ORDER: IntentPolicy(Action.CHANGE_ORDER, needs_order=True),
    Intent.RETURN_REFUND: IntentPolicy(Action.FAQ),
    Intent.SHIPPING_INFO: IntentPolicy(Action.FAQ),
    Intent.PAYMENT_ISSUE: IntentPolicy(Action.FAQ),
    Intent.VOUCHER: IntentPolicy(Action.VOUCHER),
    Intent.ACCOUNT_HELP: IntentPolicy(Action.FAQ),
    Intent.PRODUCT_SEARCH: IntentPolicy(Action.SEARCH_PRODUCTS),
    Intent.RECOMMENDATION: IntentPolicy(Action.RECOMMEND),
    Intent.CONTACT_HUMAN: IntentPolicy(Action.HANDOFF, handoff=HandoffReason.REQUESTED),
    Intent.COMPLAINT: IntentPolicy(Action.HANDOFF, handoff=HandoffReason.COMPLAINT),
    Intent.OUT_OF_SCOPE: IntentPolicy(Action.FALLBACK),
}

# What to ask again when the answer to a pending question was not understood.
_REASK: dict[Awaiting, Action] = {
    Awaiting.ORDER_NUMBER: Action.ASK_ORDER_NUMBER,
    Awaiting.CONFIRM_CANCEL: Action.CONFIRM_CANCEL,
    Awaiting.SIGN_IN: Action.ASK_SIGN_IN,
    Awaiting.VOUCHER_CODE: Action.VOUCHER,
}
_QUERY_INTENTS = frozenset({Intent.PRODUCT_SEARCH, Intent.RECOMMENDATION})
# "cancel it", "change that order": the order the conversation is already about.
_REFERS_BACK = re.compile(r"\b(?:it|this|that|same)\b")
_FALLBACK_SUGGESTIONS = 2


@dataclass(frozen=True, slots=True)
class _Outcome:
    """The policy's result for one turn, before it is dressed as a Decision."""

    action: Action
    state: DialogueState
    intent: Intent | None = None  # overrides the understood intent (answers to questions)
    entities: Entities | None = None
    handoff_reason: HandoffReason | None = None


class Assistant:
    """Decides, message by message, what the customer-service assistant should do.

    ``threshold``: the classifier's top probability below which the message is not understood.
    ``margin``: the minimum lead of the top intent over the second; below it the message is
    ambiguous and a guess would too often be wrong. Both default to the classifier's own
    calibration (``classifier.calibration``) when it has one.
    ``vocabulary``: the shop's words for product constraints and country names; without it
    prices, superlatives, sizes by number and people are still extracted.
    """

    def __init__(
        self,
        classifier: Classifier,
        threshold: float | None = None,
        margin: float | None = None,
        *,
        vocabulary: ShopVocabulary | None = None,
    ) -> None:
        self.extractor = ConstraintExtractor(vocabulary)
        calibration: dict[str, float] = getattr(classifier, "calibration", None) or {}
        if threshold is None:
            threshold = calibration.get("threshold", DEFAULT_THRESHOLD)
        if margin is None:
            margin = calibration.get("margin", DEFAULT_MARGIN)
        if not 0.0 <= threshold <= 1.0 or not 0.0 <= margin <= 1.0:
            raise ValueError("threshold and margin must lie in [0, 1]")
        self.classifier = classifier
        self.threshold = threshold
        self.margin = margin

    def decide(self, message: str, state: DialogueState, *, signed_in: bool) -> Decision:
        """Decide what to do with ``message`` in ``state`` for a (not) signed-in customer."""
        understanding = self.understand(message, state)
        tone = tone_score(message)
        outcome = self._policy(understanding, state, tone, message, signed_in=signed_in)
        intent = outcome.intent or understanding.intent
        return Decision(
            intent=intent,
            confidence=round(understanding.confidence, 4),
            source=understanding.source,
            action=outcome.action,
            state=outcome.state,
            entities=outcome.entities or understanding.entities,
            handoff_reason=outcome.handoff_reason,
            tone=tone.score,
            suggestions=self._suggestions(outcome.action, intent, understanding),
            candidates=understanding.candidates,
            rule=understanding.rule,
        )

    # --- Understanding --------------------------------------------------------------------

    def understand(self, message: str, state: DialogueState) -> Understanding:
        """Rules first; otherwise the classifier, subject to the threshold and the margin."""
        rule_input = RuleInput.from_message(message, state.awaiting)
        match = apply_rules(rule_input)
        if match is not None:
            number = match.entities.order_number or extract_order_number(rule_input.cleaned)
            entities = replace(
                match.entities, order_number=number, email=extract_email(rule_input.cleaned)
            )
            intent = match.intent or state.pending_intent or Intent.OUT_OF_SCOPE
            return Understanding(intent, 1.0, Source.RULE, entities, match.act, rule=match.rule)

        ranked = self.classifier.predict_proba(message)
        candidates = tuple((label, round(probability, 4)) for label, probability in ranked[:3])
        (top, top_probability), second_probability = ranked[0], ranked[1][1]
        intent = Intent(top)
        is_query = intent in _QUERY_INTENTS
        entities = Entities(
            order_number=extract_order_number(rule_input.cleaned),
            query=extract_search_query(rule_input.normalised) if is_query else None,
            email=extract_email(rule_input.cleaned),
            country=self.extractor.country(rule_input.normalised),
            constraints=self.extractor.extract(message) if is_query else None,
            voucher_code=(
                extract_voucher_code(rule_input.cleaned) if intent is Intent.VOUCHER else None
            ),
        )
        if top_probability < self.threshold or top_probability - second_probability < self.margin:
            return Understanding(
                Intent.OUT_OF_SCOPE, top_probability, Source.FALLBACK, entities, None, candidates
            )
        return Understanding(intent, top_probability, Source.CLASSIFIER, entities, None, candidates)

    # --- Policy ---------------------------------------------------------------------------

    def _policy(
        self,
        understanding: Understanding,
        state: DialogueState,
        tone: ToneResult,
        message: str,
        *,
        signed_in: bool,
    ) -> _Outcome:
        """The ordered overrides, then the intent table. Earlier rows win."""
        if state.handed_off:  # staff own the conversation now; the understanding is for them
            return _Outcome(Action.HANDOFF, state, handoff_reason=state.handoff_reason)
        if understanding.intent is Intent.CONTACT_HUMAN:
            return _handoff(state, HandoffReason.REQUESTED)
        # An answer to the assistant's own question is honoured even when shouted: "NO, DON'T
        # CANCEL IT!!!" must keep the order. Decision.tone still shows the anger.
        if understanding.act is not None:
            return _answer(understanding, state, signed_in=signed_in)
        if tone.is_angry:
            return _handoff(state, HandoffReason.ANGRY)
        if understanding.source is Source.FALLBACK or understanding.intent is Intent.OUT_OF_SCOPE:
            return _fallback(understanding, state, signed_in=signed_in)

        policy = POLICY[understanding.intent]
        if policy.handoff is not None:
            return _handoff(state, policy.handoff)
        if policy.needs_order:
            entities = understanding.entities
            if entities.order_number is None and _REFERS_BACK.search(message.lower()):
                entities = replace(
                    entities,
                    order_number=state.pending_order_number,
                    order_index=state.pending_order_index,
                )
            return _order_step(understanding.intent, entities, state, signed_in=signed_in)
        if understanding.intent is Intent.VOUCHER and understanding.entities.voucher_code is None:
            # Which code? The Django side answers for the cart's own code if it has one.
            waiting = replace(_settled(state), awaiting=Awaiting.VOUCHER_CODE)
            return _Outcome(policy.action, replace(waiting, pending_intent=Intent.VOUCHER))
        return _Outcome(policy.action, _settled(state))

    # --- Suggestions ----------------------------------------------------------------------

    @staticmethod
    def _suggestions(
        action: Action, intent: Intent, understanding: Understanding
    ) -> tuple[str, ...]:
        if action is Action.REPLY and intent is not Intent.GREETING:
            return ()
        if action is Action.FALLBACK and understanding.source is Source.FALLBACK:
            # Offer the intents the classifier hesitated between, then a person.
            closest = [
                INTENT_SUGGESTIONS[label]
                for label, _ in understanding.candidates
                if label in INTENT_SUGGESTIONS
            ][:_FALLBACK_SUGGESTIONS]
            if closest:
                person = INTENT_SUGGESTIONS[Intent.CONTACT_HUMAN]
                return (*dict.fromkeys([*closest, person]),)
        return SUGGESTIONS[action]


# --- Policy steps -------------------------------------------------------------------------------


def _settled(state: DialogueState) -> DialogueState:
    """The state after a request was handled: nothing pending, fallbacks forgiven.

    The order in context is kept, so "cancel it" can follow "where is ORD-...".
    """
    return replace(state, awaiting=None, pending_intent=None, fallback_count=0)


def _handoff(state: DialogueState, reason: HandoffReason) -> _Outcome:
    handed_off = replace(_settled(state), handed_off=True, handoff_reason=reason)
    return _Outcome(Action.HANDOFF, handed_off, handoff_reason=reason)


def _order_step(
    intent: Intent, entities: Entities, state: DialogueState, *, signed_in: bool
) -> _Outcome:
    """Sign-in, then an order, then the action; each missing piece is asked for in turn."""
    pending = replace(
        state,
        pending_intent=intent,
        pending_order_number=entities.order_number,
        pending_order_index=entities.order_index,
        fallback_count=0,
    )
    if not signed_in:
        return _Outcome(Action.ASK_SIGN_IN, replace(pending, awaiting=Awaiting.SIGN_IN), intent)
    if entities.order_number is None and entities.order_index is None:
        return _Outcome(
            Action.ASK_ORDER_NUMBER, replace(pending, awaiting=Awaiting.ORDER_NUMBER), intent
        )
    action = POLICY[intent].action
    if action is Action.CONFIRM_CANCEL:
        return _Outcome(
            action, replace(pending, awaiting=Awaiting.CONFIRM_CANCEL), intent, entities
        )
    return _Outcome(action, _settled(pending), intent, entities)


def _answer(understanding: Understanding, state: DialogueState, *, signed_in: bool) -> _Outcome:
    """Read a dialogue act as the answer to the question in ``state.awaiting``."""
    pending_intent = state.pending_intent or Intent.ORDER_STATUS
    in_context = Entities(state.pending_order_number, state.pending_order_index)
    if understanding.act is DialogueAct.ORDER_REFERENCE:
        return _order_step(pending_intent, understanding.entities, state, signed_in=signed_in)
    if state.awaiting is Awaiting.SIGN_IN:  # the rules only give AFFIRM here
        return _order_step(pending_intent, in_context, state, signed_in=signed_in)
    # Awaiting.CONFIRM_CANCEL
    action = (
        Action.CANCEL_ORDER if understanding.act is DialogueAct.AFFIRM else Action.CANCEL_DECLINED
    )
    return _Outcome(action, _settled(state), Intent.CANCEL_ORDER, in_context)


def _fallback(understanding: Understanding, state: DialogueState, *, signed_in: bool) -> _Outcome:
    """Not understood (or not a shop question). The second in a row goes to staff.

    While waiting for an order, a message the classifier could not place but which holds an
    order number is taken as the answer; an unclear answer to a pending question repeats it.
    """
    number = understanding.entities.order_number
    if state.awaiting is Awaiting.ORDER_NUMBER and number is not None:
        return _order_step(
            state.pending_intent or Intent.ORDER_STATUS,
            understanding.entities,
            state,
            signed_in=signed_in,
        )
    count = state.fallback_count + 1
    if count >= MAX_CONSECUTIVE_FALLBACKS:
        return _handoff(state, HandoffReason.REPEATED_FALLBACK)
    if state.awaiting is not None and understanding.source is Source.FALLBACK:
        entities = Entities(state.pending_order_number, state.pending_order_index)
        return _Outcome(
            _REASK[state.awaiting], replace(state, fallback_count=count), None, entities
        )
    cleared = replace(state, awaiting=None, pending_intent=None, fallback_count=count)
    return _Outcome(Action.FALLBACK, cleared)
