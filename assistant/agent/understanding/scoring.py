"""Deciding the intent: cue scores plus slot evidence plus the dialogue context.

Confidence reflects three things: how strong the winning evidence is, its margin over the best
competing intent (intents that combine, such as stock and price, do not compete), and how much
of the message was understood at all (coverage). Requests that need a product but have none to
act on lose confidence, so the engine asks or hands off instead of guessing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from assistant.agent.understanding.compound import first_action
from assistant.agent.understanding.context import DialogueContext
from assistant.agent.understanding.cues import CueHits
from assistant.agent.understanding.discounts import discount_percent
from assistant.agent.understanding.handoff_signal import NO_SIGNAL, HandoffSignal
from assistant.agent.understanding.labels import (
    INTENTS,
    POLICY_TOPICS,
    Confirmation,
    HandoffCause,
    Intent,
    PolicyTopic,
    ServiceRequest,
)
from assistant.agent.understanding.router import HANDOFF_CLASSES, OUT_OF_SCOPE, Routing
from assistant.agent.understanding.slots import Slots

_SOCIAL: frozenset[Intent] = frozenset({"greeting", "thanks", "goodbye"})
# Intents a message can carry next to its main one ("is it in stock and how much?").
_COMBINABLE: frozenset[Intent] = frozenset(
    {
        "product_question",
        "stock_question",
        "price_question",
        "add_to_cart",
        "update_quantity",
        "remove_from_cart",
        "view_cart",
        "apply_coupon",
        "checkout",
        "order_status",
        "policy_question",
        "human_request",
        "complaint",
        "thanks",
        "goodbye",
    }
)
# Intents that act on one product and cannot without one.
_NEEDS_PRODUCT: frozenset[Intent] = frozenset(
    {"product_question", "stock_question", "price_question", "add_to_cart", "remove_from_cart"}
)
# Last intents a bare follow-up ("what about in black?") continues.
_FOLLOWABLE: frozenset[Intent] = frozenset(
    {"product_question", "stock_question", "price_question", "product_search", "recommendation"}
)
_PRODUCT_FOCUS: frozenset[Intent] = frozenset(
    {"product_search", "product_question", "recommendation"}
)
_CART_ACTIONS: frozenset[Intent] = frozenset({"add_to_cart", "update_quantity", "remove_from_cart"})
# Evidence for an ally next to the winner shows the message's focus, not a rival reading: a
# complaint often mentions an order, a cart action the cart. Product-focus evidence (a product
# or a kind of product named) is an ally of every intent but off-topic.
_ALLIES: dict[Intent, frozenset[Intent]] = {
    **{intent: _CART_ACTIONS | {"view_cart"} for intent in _CART_ACTIONS},
    "complaint": frozenset({"order_status", "human_request"}),
    "human_request": frozenset({"complaint", "policy_question", "order_status"}),
    "order_status": frozenset({"complaint", "policy_question"}),
    "apply_coupon": frozenset({"policy_question", "checkout"}),
    "checkout": frozenset({"view_cart", "apply_coupon", "policy_question"}),
    "view_cart": frozenset({"checkout"}),
}
_NO_REFERENCE: frozenset[Intent] = _SOCIAL | {"off_topic", "order_status", "view_cart", "checkout"}
_TOPICS: dict[str, PolicyTopic] = {topic: topic for topic in POLICY_TOPICS}
_SERVICE_KINDS: tuple[ServiceRequest, ...] = ("return", "exchange", "refund", "cancel")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_SEARCH_LIKE: frozenset[str] = frozenset({"product_search", "recommendation", *_SOCIAL})
_NAMED_PRODUCT = 0.6
_MIN_SCORE = 0.5
_SECONDARY_SHARE = 0.6
_SECONDARY_MIN = 1.0
# The learned router's vote: its calibrated probability times this weight is added to an
# intent's cue and slot evidence (probabilities below the minimum add nothing).
ROUTER_WEIGHT = 2.0
_ROUTER_MIN = 0.2
# Handoff classes need the router's agreement: cue evidence for a complaint or a person counts
# in full only when the router gives the class at least this probability.
_HANDOFF_AGREES = 0.2
_HANDOFF_SURE = 0.6
_UNCONFIRMED_CUE = 0.4
_TOPIC_SURE = 0.5
_ROUTED_TOPIC_CONFIDENCE = 0.6
# The handoff reader (`handoff_signal`): from this probability a message is flagged as wanting
# a person (or as a complaint) whatever else it asks; from the higher one that is its intent.
HANDOFF_FLAG = 0.5
HANDOFF_INTENT = 0.6
# A handoff reading takes the intent from these only (a coupon or a cart line named is an act).
_YIELDS_TO_HANDOFF: frozenset[Intent] = (
    frozenset(INTENTS)
    - HANDOFF_CLASSES
    - {
        "apply_coupon",
        "update_quantity",
        "remove_from_cart",
    }
)
# Handoff classes whose cues skip negated matches themselves (`cues._NEGATABLE_INTENTS`).
_CUES_READ_NEGATION: frozenset[str] = frozenset({"human_request"})


@dataclass(frozen=True)
class FollowUp:
    """A message that continues the last one: about the same product, or the same search."""

    category: str | None = None


@dataclass
class Decision:
    """The decided intent and the flags that go with it."""

    intent: Intent
    secondary: list[Intent] = field(default_factory=list)
    confidence: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    refers_to_previous: bool = False
    policy_topic: PolicyTopic | None = None
    service_request: ServiceRequest | None = None
    human_request: bool = False
    complaint: bool = False
    anger: bool = False
    bargain: bool = False
    confirmation: Confirmation | None = None
    inherited_category: str | None = None
    remove_coupon: bool = False
    variant_change: bool = False
    handoff_reason: HandoffCause | None = None
    handoff_probability: float = 0.0


def decide(
    text: str,
    hits: CueHits,
    slots: Slots,
    context: DialogueContext | None,
    routing: Routing | None = None,
    wants: HandoffSignal = NO_SIGNAL,
) -> Decision:
    """Pick the intent, secondary intents and confidence for one message."""
    context = context or DialogueContext()
    routing = routing or Routing(intent=None, probability=0.0)
    scores: dict[str, float] = {name: max(score, 0.0) for name, score in hits.scores.items()}
    _gate_handoff_cues(scores, routing)
    topic = _topic(hits)
    if topic is not None:
        _add(scores, "policy_question", hits.topics[topic])
    routed = _router_evidence(scores, routing)
    refers = _refers(hits, slots, context)
    advice = hits.scores.get("recommendation", 0.0) > 0 or routing.p("recommendation") >= 0.5
    _slot_evidence(scores, hits, slots, _about_last_category(slots, context) and refers, advice)
    _coupon_evidence(scores, hits, slots, topic)
    if "bargain" in hits.signals and not slots.coupon_code and discount_percent(text.lower()):
        _add(scores, "price_question", 1.0)  # "give me 50% off" is about the price
    variant_change = _variant_change(hits, slots, context)
    if variant_change:
        # "Swap the boots in my cart for size 43": the line stays, its variant changes.
        _add(scores, "update_quantity", 2.4)
        scores.pop("add_to_cart", None)
    follow_up = _context_evidence(scores, hits, slots, context, refers, text)
    refers = refers or follow_up is not None
    if follow_up is not None or _bare_follow_up(hits, slots, context):
        # The router reads messages, not dialogues: a bare "the blue one" or "what about in
        # black?" continues the conversation (or, with none, is not understood).
        for name, vote in routed.items():
            if name in scores:
                scores[name] = max(scores[name] - vote, 0.0)
        routed = {}
    if "anger" in hits.signals and "complaint" in scores:
        _add(scores, "complaint", 0.6)  # an angry message is first of all a complaint
    service = scores.pop("service_request", 0.0)
    if service:
        _add(scores, "human_request", service)
    if max((scores.get(name, 0.0) for name in INTENTS if name not in _SOCIAL), default=0.0) >= 1.0:
        for name in _SOCIAL:
            if name in scores:
                scores[name] *= 0.5
    _pool_cart_votes(scores, routed)
    intent, secondary = _rank(scores, hits, routed)
    first = first_action(text, intent, secondary, hits.first_position)
    if first != intent:  # "add the socks and remove the hat": the add comes first
        secondary = [intent, *(name for name in secondary if name != first)]
        intent = first
    cause, probability = wants.strongest
    if probability >= HANDOFF_INTENT and intent in _YIELDS_TO_HANDOFF:
        if intent in _COMBINABLE and intent != "unknown":
            secondary = [intent, *(name for name in secondary if name != cause)]
        intent = cause
        _add(scores, cause, ROUTER_WEIGHT * probability)
    routed_topic = (
        routing.topic
        if intent == "policy_question"
        and topic is None
        and routing.topic_probability >= _TOPIC_SURE
        else None
    )
    topic = topic or routed_topic
    complaint = _wants(routing, "complaint", hits.scores.get("complaint", 0.0) >= 1.4)
    asks_person = _wants(routing, "human_request", hits.scores.get("human_request", 0.0) >= 2.0)
    complaint = complaint or wants.complaint >= HANDOFF_FLAG
    asks_person = asks_person or wants.person >= HANDOFF_FLAG
    reason = _handoff_reason(intent, complaint, asks_person, wants)
    decision = Decision(
        intent=intent,
        secondary=secondary,
        scores={name: round(score, 3) for name, score in sorted(scores.items()) if score > 0},
        refers_to_previous=refers and intent not in _NO_REFERENCE,
        policy_topic=topic,
        service_request=_service_kind(hits) if service else None,
        # A return or a cancellation asked for goes its own way (the policy first, then a
        # person); only words for a person make it a request for one as well.
        human_request=asks_person if not service else hits.scores.get("human_request", 0.0) >= 2.0,
        complaint=complaint,
        handoff_reason=reason,
        handoff_probability=wants.complaint
        if reason == "complaint"
        else wants.person
        if reason == "human_request"
        else 0.0,
        # Shouting is anger; swearing or "!!" only in a complaint: "this damn zipper is stuck,
        # how do I fix it?" asks for the repair instructions.
        anger=len(_CAPS_WORD.findall(text)) >= 2
        or ((complaint or intent == "complaint") and "anger" in hits.signals),
        # A code is how a shopper gets a published discount; asking with one is no haggling.
        bargain="bargain" in hits.signals and not slots.coupon_code,
        confirmation="yes" if "yes" in hits.signals else "no" if "no" in hits.signals else None,
        inherited_category=follow_up.category if follow_up and not slots.category else None,
        remove_coupon="remove_coupon" in hits.signals,
        variant_change=variant_change,
    )
    decision.confidence = _confidence(decision, scores, slots, context)
    if routed_topic is not None and decision.confidence < _ROUTED_TOPIC_CONFIDENCE:
        # The topic steers the document search; the router's topic steers it only when the
        # reading as a whole is sure.
        decision.policy_topic = None
    return decision


def _handoff_reason(
    intent: Intent, complaint: bool, asks_person: bool, wants: HandoffSignal
) -> HandoffCause | None:
    """Why the message itself needs a person, when it does: the stronger reading that holds."""
    candidates: list[tuple[float, HandoffCause]] = []
    if complaint or intent == "complaint":
        candidates.append((wants.complaint, "complaint"))
    if asks_person or intent == "human_request":
        candidates.append((wants.person, "human_request"))
    return max(candidates)[1] if candidates else None


def _add(scores: dict[str, float], name: str, weight: float) -> None:
    scores[name] = scores.get(name, 0.0) + weight


def _router_evidence(scores: dict[str, float], routing: Routing) -> dict[str, float]:
    """The router's calibrated probabilities vote next to the cues; returns what it added."""
    votes: dict[str, float] = {}
    for name, probability in routing.probabilities.items():
        if name in OUT_OF_SCOPE or name in routing.disclaimed or name not in INTENTS:
            continue
        votes[name] = probability
    added: dict[str, float] = {}
    for name, probability in votes.items():
        if probability >= _ROUTER_MIN:
            added[name] = ROUTER_WEIGHT * probability
            _add(scores, name, added[name])
    return added


def _bare_follow_up(hits: CueHits, slots: Slots, context: DialogueContext) -> bool:
    """A follow-up ("what about...") with no product named and none discussed before."""
    return (
        "followup" in hits.signals
        and context.last_product is None
        and not (slots.products or slots.categories or slots.concepts)
    )


def _pool_cart_votes(scores: dict[str, float], routed: dict[str, float]) -> None:
    """Which cart action a message is (add, change the count, remove) is the rules' call.

    They read the quantities and the cart; the router's votes for cart actions all go to the
    one the rest of the evidence prefers, when it prefers one.
    """
    own = {name: scores.get(name, 0.0) - routed.get(name, 0.0) for name in _CART_ACTIONS}
    if max(own.values()) <= 0:
        return
    preferred = max(own, key=lambda name: own[name])
    pooled = 0.0
    for name in _CART_ACTIONS:
        vote = routed.pop(name, 0.0)
        if vote and name in scores:
            scores[name] = max(scores[name] - vote, 0.0)
            pooled += vote
    if pooled:
        _add(scores, preferred, pooled)
        routed[preferred] = pooled


def _gate_handoff_cues(scores: dict[str, float], routing: Routing) -> None:
    """Cues for a complaint or a person count in full only when the router agrees.

    A disclaimed class ("not a complaint, but...") keeps none of its cue evidence; when the
    router reads the message as something else (a repair question with a swear word in it),
    the cues keep a share. Out of the router's scope the cues decide alone.
    """
    for name in HANDOFF_CLASSES:
        if name not in scores:
            continue
        if name in routing.disclaimed and name not in _CUES_READ_NEGATION:
            scores.pop(name)
        elif routing.in_scope and routing.handoff < _HANDOFF_AGREES:
            scores[name] *= _UNCONFIRMED_CUE


def _wants(routing: Routing, name: str, cue_says: bool) -> bool:
    """Whether the message asks for a person (or complains): the router, or cues it allows."""
    if name in routing.disclaimed:
        # "I want a human, not a bot": cues that skip negated words still count.
        return cue_says and name in _CUES_READ_NEGATION
    if not routing.in_scope:
        return cue_says
    return routing.p(name) >= _HANDOFF_SURE or (cue_says and routing.handoff >= _HANDOFF_AGREES)


def _topic(hits: CueHits) -> PolicyTopic | None:
    if not hits.topics:
        return None
    best = max(hits.topics.items(), key=lambda item: item[1])
    return _TOPICS.get(best[0])


def _slot_evidence(
    scores: dict[str, float],
    hits: CueHits,
    slots: Slots,
    names_the_last_product: bool,
    advice: bool = False,
) -> None:
    """Slots vote too: an order number for order status, a price limit for a search.

    Search evidence from slots counts half next to an explicit cue for another intent ("白色的
    耳机有现货吗" asks about stock, even though it names a kind of product and a colour), and not
    at all when the category only names the product being discussed ("这款耳机...").
    """
    if slots.order_number and hits.scores.get("service_request", 0.0) <= 0:
        # With a return or exchange asked for, the number says which order, not "where is it".
        _add(scores, "order_status", 2.0)
    explicit = max(
        (score for name, score in scores.items() if name in INTENTS and name not in _SEARCH_LIKE),
        default=0.0,
    )
    share = 0.5 if explicit >= 1.5 else 1.0
    # A kind of product or a price limit says what the shopper is after, not whether they
    # search or ask for advice: a recommendation asked for gets the same evidence.
    focus = ("product_search", "recommendation") if advice else ("product_search",)
    if slots.price.min_minor is not None or slots.price.max_minor is not None:
        for name in focus:
            _add(scores, name, 1.0 * share)
    # Naming one product outright (or the one being discussed) is no search for a kind.
    named = any(score >= _NAMED_PRODUCT for _, score in slots.products)
    if (slots.categories or slots.concepts) and not names_the_last_product and not named:
        for name in focus:
            _add(scores, name, 1.0 * share)
    if slots.has_constraints and not named:
        for name in focus:
            _add(scores, name, 0.4 * share)
    if slots.products:
        _add(scores, "product_question", 0.5)
        if slots.options:
            _add(scores, "product_question", 0.5)
    if slots.quantity.absolute:
        _add(scores, "update_quantity", 1.0)


def _coupon_evidence(
    scores: dict[str, float], hits: CueHits, slots: Slots, topic: PolicyTopic | None
) -> None:
    """A coupon is applied only when the shopper asks for it to be used.

    "Take the coupon off" removes one (the cart is shown; nothing is applied); "how much would
    it cost with SAVE15?" or "does SAVE15 work on the <product>?" asks for a price quote with
    the code; "can I get a refund on a coupon?" is a question about the policy.
    """
    asks_to_apply = "apply" in hits.signals or "cart" in hits.signals
    if "remove_coupon" in hits.signals:
        scores.pop("apply_coupon", None)
        scores.pop("remove_from_cart", None)
        _add(scores, "view_cart", 2.4)
    elif slots.coupon_code:
        priced = hits.scores.get("price_question", 0.0) > 0
        named = any(score >= _NAMED_PRODUCT for _, score in slots.products)
        if asks_to_apply or not (priced or named):
            _add(scores, "apply_coupon", 2.2)
        else:
            _add(scores, "price_question", 0.5 if priced else 2.2)
    elif topic is not None and not asks_to_apply:
        scores.pop("apply_coupon", None)


def _variant_change(hits: CueHits, slots: Slots, context: DialogueContext) -> bool:
    """Whether an item in the cart is to become another variant ("swap it for size 43")."""
    if "swap" not in hits.signals and "other_variant" not in hits.signals:
        return False
    if not slots.options and "other_variant" not in hits.signals:
        return False
    if slots.quantity.quantity is not None or slots.order_number:
        return False
    return (
        "cart" in hits.signals
        or context.last_product_in_cart
        or context.last_intent in _CART_ACTIONS
    )


def _about_last_category(slots: Slots, context: DialogueContext) -> bool:
    last = context.last_product
    return last is not None and last.category in {match.slug for match in slots.categories}


def _refers(hits: CueHits, slots: Slots, context: DialogueContext) -> bool:
    if slots.from_discussed:
        return True  # "the 43", "the other colour": values only the discussed product has
    if "refers" not in hits.signals:
        return False
    last = context.last_product
    if slots.products and (last is None or last.handle not in {h for h, _ in slots.products}):
        return False  # a product named outright is not "the previous one"
    return not (
        last is not None and slots.category and last.category and slots.category != last.category
    )


def _context_evidence(
    scores: dict[str, float],
    hits: CueHits,
    slots: Slots,
    context: DialogueContext,
    refers: bool,
    text: str,
) -> FollowUp | None:
    """Apply what the dialogue so far implies; returns the follow-up it reads as, if any."""
    last = context.last_product
    about_last = last is not None and not slots.products and not slots.categories
    delta = slots.quantity.delta
    if delta is not None:
        if delta < 0:
            _add(scores, "update_quantity", 2.3)  # "remove one" lowers a count, keeps the line
        elif about_last and context.last_product_in_cart:
            _add(scores, "update_quantity", 1.5)
        else:
            _add(scores, "add_to_cart", 1.5 if about_last or refers else 0.8)
    # "I want to buy a tent": a wish to buy a kind of product, not a specific one. Imperatives
    # ("add a tent to my cart", "来两盒花茶") stay cart actions; the engine resolves the product.
    if (
        scores.get("add_to_cart", 0.0) > 0
        and not slots.products
        and not refers
        and (slots.categories or slots.concepts)
        and "imperative" not in hits.signals
        and not (last is not None and last.category in {match.slug for match in slots.categories})
    ):
        _add(scores, "product_search", scores.pop("add_to_cart"))
    named = any(score >= _NAMED_PRODUCT for _, score in slots.products)
    if "want" in hits.signals and (refers or named):
        # "I'd like the blue one", "I need 250g of the Dragon Well": a specific product, wanted.
        _add(scores, "add_to_cart", 1.3)
    if "have" in hits.signals and named and "want" not in hits.signals:
        # "Do you have the Yunnan Golden Tips in 50 g?" asks whether that product is in stock.
        _add(scores, "stock_question", 1.3 + (0.4 if slots.options else 0.0))
    # "那买三双呢？", "and if I take three?": a count put to the last question, not a purchase.
    what_if = bool(
        "followup" in hits.signals and "imperative" not in hits.signals and slots.quantity.quantity
    )
    strongest = max(
        (
            score
            for name, score in hits.scores.items()
            if name in INTENTS and name not in _SOCIAL and not (what_if and name == "add_to_cart")
        ),
        default=0.0,
    )
    elliptical = "followup" in hits.signals or refers or slots.options or slots.quantity.quantity
    if about_last and elliptical and strongest < 1.0:
        follows = context.last_intent if context.last_intent in _FOLLOWABLE else "product_question"
        _add(scores, follows, 1.5)
        searching = follows in {"product_search", "recommendation"}
        return FollowUp(context.last_category if searching else None)
    if (
        last is not None
        and not slots.products
        and not slots.categories
        and slots.options
        and max(scores, key=lambda name: scores[name], default="") == "product_search"
    ):
        # "有没有蓝色的" about the product just discussed asks whether that variant exists.
        _add(scores, "stock_question", scores["product_search"] + 0.1)
        return FollowUp()
    return None


def _rank(
    scores: dict[str, float], hits: CueHits, routed: dict[str, float]
) -> tuple[Intent, list[Intent]]:
    ranked = sorted(
        (name for name in INTENTS if scores.get(name, 0.0) > 0),
        key=lambda name: (-scores[name], hits.first_position.get(name, 1_000_000)),
    )
    if not ranked or scores[ranked[0]] < _MIN_SCORE:
        return "unknown", []
    top = ranked[0]
    # A second intent is measured against the winner's own evidence, not the router's vote
    # for it: "is it in stock and how much?" asks both, however sure the router is of stock.
    floor = max(_SECONDARY_MIN, (scores[top] - routed.get(top, 0.0)) * _SECONDARY_SHARE)
    secondary = [
        name
        for name in ranked[1:]
        if name in _COMBINABLE and top in _COMBINABLE | {"greeting"} and scores[name] >= floor
    ]
    return top, secondary


def _service_kind(hits: CueHits) -> ServiceRequest | None:
    found = [
        (hits.signals[f"service_{kind}"], kind)
        for kind in _SERVICE_KINDS
        if f"service_{kind}" in hits.signals
    ]
    return min(found)[1] if found else None


def _confidence(
    decision: Decision, scores: dict[str, float], slots: Slots, context: DialogueContext
) -> float:
    if decision.intent == "unknown":
        base = 0.5 if decision.confirmation else 0.15
        return round(base * (0.5 + 0.5 * slots.coverage), 3)
    top = scores[decision.intent]
    allies = _ALLIES.get(decision.intent, frozenset())
    if decision.intent != "off_topic":
        allies |= _PRODUCT_FOCUS
    competitors = [
        score
        for name, score in scores.items()
        if name != decision.intent
        and name not in decision.secondary
        and name not in allies
        and name in INTENTS
    ]
    runner_up = max(competitors, default=0.0)
    strength = 1 - math.exp(-1.2 * top)
    margin = max(top - runner_up, 0.0) / top
    confidence = strength * (0.55 + 0.45 * margin) * (0.5 + 0.5 * slots.coverage)
    if decision.intent in _NEEDS_PRODUCT and not _has_product(decision, slots, context):
        confidence *= 0.7
    return round(min(max(confidence, 0.0), 1.0), 3)


def _has_product(decision: Decision, slots: Slots, context: DialogueContext) -> bool:
    if slots.products or slots.categories or slots.concepts:
        return True
    if decision.refers_to_previous:
        return context.last_product is not None
    return bool(slots.query_text) or context.last_product is not None
