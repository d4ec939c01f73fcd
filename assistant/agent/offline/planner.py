"""The offline engine's decision: from what the shopper asked and what the tools said so far,
the next tool calls or the reply."""

from __future__ import annotations

from assistant.agent.offline import (
    bargaining,
    browsing,
    cart_changes,
    commerce,
    comparisons,
    conditions,
    item_quotes,
    narrowing,
    not_sold,
    orders,
    personal,
    promotions,
    quotes,
    superlatives,
)
from assistant.agent.offline.knowledge import knowledge, passage_answer, search_query
from assistant.agent.offline.phrasebook import say
from assistant.agent.offline.product_answers import asks_about_named_product, asks_one_named_product
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding

_POLICY_TYPES = ["policy", "faq"]
# Handoffs the message itself asks for (a person, a complaint), read by the handoff reader.
_MESSAGE_REASONS = frozenset({"asked_for_human", "complaint"})


def plan(u: Understanding, st: TurnState) -> Step:
    """The next step of the turn."""
    if st.last("request_human") is not None:
        # The loop tells the shopper a person is coming; add the policy text when there is one.
        return _after_handoff(u, st)
    if u.human_request:
        return call("request_human", reason="asked_for_human", summary=st.text[:300])
    if (
        u.intent == "complaint"
        or u.anger
        or (u.complaint and not conditions.about_own_case(u, st.text))
    ):
        return call("request_human", reason="complaint", summary=st.text[:300])
    if u.service_request is not None:
        if st.last("search_knowledge") is None:
            query = search_query(u, st.text)
            return call("search_knowledge", query=query, doc_types=_POLICY_TYPES, limit=3)
        return call("request_human", reason="service_request", summary=st.text[:300])
    if st.last("request_better_price") is not None or bargaining.asks_better_price(u, st):
        return bargaining.bargain(u, st)
    if personal.asked(u, st):
        return personal.answer_personal(u, st)
    if u.unsold is not None:
        return not_sold.answer_unsold(u, st, u.unsold)
    narrowed = narrowing.reread(_resume_pending(narrowing.with_discussed_values(u, st), st), st)
    if narrowing.filters_list(narrowed, st):
        # "which of those come in mustard": a filter over the list, not a comparison
        return narrowing.filter_list(narrowed, st)
    if superlatives.asked(u, st):
        return superlatives.rank(u, st)
    if comparisons.asked(u, st):
        return comparisons.compare(u, st)
    if (picked := comparisons.pick_among_shown(u, st)) is not None:
        return picked
    u = narrowed
    if conditions.about_own_case(u, st.text):
        return conditions.answer_case(u, st)
    if promotions.asked(u, st):
        return promotions.answer_promotions(u, st)
    if (applied := promotions.apply_offered(u, st)) is not None:
        return applied
    if u.confidence < st.threshold and u.confirmation is None and not asks_one_named_product(u):
        return knowledge(u, st, doc_types=None)
    if _asks_price_of_named_product(u) or _asks_what_a_quantity_costs(u):
        return quotes.price(u, st)
    if item_quotes.asks_prices_of_items(u):
        return item_quotes.prices(u, st)
    if u.intent == "product_search" and u.policy_topic in _TOPICS_BEFORE_SEARCH:
        return knowledge(u, st, doc_types=_POLICY_TYPES)
    if u.variant_change and u.options:
        return cart_changes.swap_variant(u, st)
    if u.intent == "add_to_cart" and len(u.items) > 1 and all(i.product_handles for i in u.items):
        return cart_changes.add_items(u, st)
    return _by_intent(u, st)


_KEEPS_ITS_OWN_INTENT = frozenset(
    {
        "view_cart",
        "checkout",
        "order_status",
        "policy_question",
        "remove_from_cart",
        "update_quantity",
        "apply_coupon",
        "greeting",
        "thanks",
        "goodbye",
    }
)


# Topics a shop's documents answer even when the message also names a kind of product:
# "any discount on three pairs of socks?", "how do I wash a down jacket?".
_TOPICS_BEFORE_SEARCH = frozenset({"discounts", "care"})


def _asks_price_of_named_product(u: Understanding) -> bool:
    """ "Is the X on sale? How much?": the price quote shows any promotion on the product."""
    return (
        u.intent == "policy_question"
        and u.policy_topic == "discounts"
        and "price_question" in u.secondary_intents
        and bool(u.product_handles)
    )


def _asks_what_a_quantity_costs(u: Understanding) -> bool:
    """ "If I buy 3 pairs of the X, what do I pay?": a quote, not a look at the cart."""
    return u.intent == "view_cart" and bool(u.product_handles) and (u.quantity or 0) > 1


def _resume_pending(u: Understanding, st: TurnState) -> Understanding:
    """ "Charcoal" after "which colour?": finish the action the engine asked about."""
    pending = st.brain.memory.pending
    if pending is None or not u.options or u.product_handles:
        return u
    if u.intent in _KEEPS_ITS_OWN_INTENT or u.intent == "product_search":
        return u
    if u.category_hint or u.concept_terms:
        return u  # a new product is being described
    return u.model_copy(
        update={
            "intent": pending.intent or u.intent,
            "options": {**pending.options, **u.options},
            "quantity": u.quantity or pending.quantity,
            "refers_to_previous": True,
            "confidence": max(u.confidence, st.threshold),
        }
    )


def _by_intent(u: Understanding, st: TurnState) -> Step:
    store = st.brain.store_name
    language = u.language
    match u.intent:
        case "greeting" if (named := personal.greeting(st, language)) is not None:
            return answer(named, confidence=u.confidence)
        case "greeting" | "thanks" | "goodbye" | "off_topic":
            return answer(say(u.intent, language, store=store), confidence=u.confidence)
        case "product_search" if asks_about_named_product(u, st.text):
            return browsing.question(u, st)
        case "product_search":
            return browsing.search(u, st)
        case "product_question" if (u.quantity or 0) > 1 and not (u.attributes or u.features):
            # "Can I get two of them?" asks whether that many can ship.
            return commerce.stock(u, st)
        case "product_question":
            return browsing.question(u, st)
        case "recommendation":
            return browsing.recommend(u, st)
        case "stock_question":
            return commerce.stock(u, st)
        case "price_question":
            return quotes.price(u, st)
        case "add_to_cart" if u.invalid_quantity:
            return answer(say("bad_quantity", language))
        case "add_to_cart":
            return commerce.add(u, st)
        case "update_quantity":
            return commerce.change_quantity(u, st, remove=False)
        case "remove_from_cart" if u.all_items:
            return commerce.empty_cart(u, st)
        case "remove_from_cart":
            return commerce.change_quantity(u, st, remove=True)
        case "view_cart" if u.remove_coupon:
            return commerce.drop_coupon(u, st)
        case "view_cart":
            return commerce.view(u, st)
        case "apply_coupon":
            return commerce.coupon(u, st)
        case "checkout":
            return orders.checkout(u, st)
        case "order_status":
            return orders.order_status(u, st)
        case "policy_question":
            return knowledge(u, st, doc_types=_POLICY_TYPES)
        case "unknown" if u.confirmation is not None:
            return answer(say("thanks", language), confidence=u.confidence)
        case _:
            return knowledge(u, st, doc_types=None)


def _after_handoff(u: Understanding, st: TurnState) -> Step:
    found = st.last("search_knowledge")
    if u.service_request is not None and found is not None and found.ok:
        hits = found.result.get("hits") or []
        if hits and float(found.result.get("confidence", 0)) >= st.threshold:
            best = hits[0]
            section = best.get("citation", {}).get("section")
            return answer(passage_answer(best.get("text", ""), section, st.text))
    handed = st.last("request_human")
    reason = handed.args.get("reason") if handed is not None else None
    if reason in _MESSAGE_REASONS and u.handoff_reason is not None:
        # The figure beside the handoff is the one that made it: the handoff reader's.
        return answer("", confidence=u.handoff_probability)
    return answer("", confidence=u.confidence)
