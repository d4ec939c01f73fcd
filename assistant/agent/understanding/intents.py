"""Understanding one shopper message in context: the intent, the slots, and how sure we are.

`understand(text, vocabulary, context)` is pure and deterministic: no database, no network, no
model. It reads the message against the store's own vocabulary (`CatalogVocabulary`) and a
small built-in bilingual lexicon, and returns an `Understanding` that the offline engine turns
into tool calls.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from assistant.agent.understanding.attribute_match import AttributeValue
from assistant.agent.understanding.comparison import Comparison, read_comparison
from assistant.agent.understanding.context import DialogueContext
from assistant.agent.understanding.cues import match_cues
from assistant.agent.understanding.discounts import discount_percent
from assistant.agent.understanding.handoff_signal import handoff_reader
from assistant.agent.understanding.items import split_items
from assistant.agent.understanding.labels import (
    Confirmation,
    HandoffCause,
    Intent,
    PolicyTopic,
    ServiceRequest,
    Sort,
)
from assistant.agent.understanding.personal_signal import (
    NO_PERSONAL,
    PersonalSignal,
    personal_reader,
)
from assistant.agent.understanding.promotions import PromotionQuestion, read_promotion
from assistant.agent.understanding.router import Router, default_router
from assistant.agent.understanding.scan import Scan
from assistant.agent.understanding.scoring import decide
from assistant.agent.understanding.shorthand import expand_shorthand
from assistant.agent.understanding.slots import Slots, extract_slots
from assistant.agent.understanding.superlatives import Ranking, read_ranking
from assistant.agent.understanding.unsold import UnsoldKind, read_unsold
from assistant.agent.understanding.vocabulary import CatalogVocabulary
from text.language import Language, detect_language
from text.normalise import normalise


class Bounds(BaseModel):
    """A numeric range for an attribute; either end may be open."""

    model_config = ConfigDict(frozen=True)

    min: float | None = None
    max: float | None = None


class ItemRequest(BaseModel):
    """One of several products a message asks for, with its own quantity and options."""

    model_config = ConfigDict(frozen=True)

    product_handles: tuple[str, ...] = Field((), description="Products named, best first.")
    quantity: int = Field(1, ge=1)
    options: dict[str, str] = Field(default_factory=dict, description="Option name -> value.")
    category_hint: str | None = None
    query_text: str = ""


class Understanding(BaseModel):
    """What one message asks for, with the slots needed to act on it."""

    model_config = ConfigDict(frozen=True)

    intent: Intent
    secondary_intents: tuple[Intent, ...] = ()
    confidence: float = Field(ge=0.0, le=1.0)
    language: Language
    query_text: str = Field("", description="Product words for retrieval, slot words removed.")
    concept_terms: tuple[str, ...] = Field(
        (), description="English names of generic product kinds."
    )
    category_hint: str | None = Field(None, description="The one store category meant, if clear.")
    category_hints: tuple[str, ...] = Field((), description="Every matching category, best first.")
    product_handles: tuple[str, ...] = Field((), description="Products named by title, best first.")
    brand: str | None = None
    tags: tuple[str, ...] = ()
    options: dict[str, str] = Field(default_factory=dict, description="Option name -> value.")
    option_candidates: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    option_misses: dict[str, str] = Field(
        default_factory=dict, description="Requested values the store never sells, e.g. size 50."
    )
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    attribute_bounds: dict[str, Bounds] = Field(default_factory=dict)
    features: tuple[str, ...] = Field((), description="Generic qualities asked for, in English.")
    colours: tuple[str, ...] = Field((), description="Generic colours named, in English.")
    price_min_minor: int | None = None
    price_max_minor: int | None = None
    quantity: int | None = None
    quantity_delta: int | None = None
    order_number: str | None = None
    coupon_code: str | None = None
    refers_to_previous: bool = False
    sort: Sort | None = None
    policy_topic: PolicyTopic | None = None
    service_request: ServiceRequest | None = None
    complaint: bool = False
    anger: bool = False
    human_request: bool = False
    handoff_reason: HandoffCause | None = Field(
        None, description="Why the message itself wants a person: asked for one, or complained."
    )
    handoff_probability: float = Field(
        0.0, ge=0.0, le=1.0, description="The handoff reader's probability for that reason."
    )
    bargain: bool = False
    confirmation: Confirmation | None = None
    discount_percent: int | None = Field(
        None, ge=1, le=100, description="Percent off the shopper asks for (打五折 = 50); bargains."
    )
    all_items: bool = Field(False, description="The cart action is for every line: empty cart.")
    items: tuple[ItemRequest, ...] = Field(
        (), description="Several products, each with its own quantity; empty for one product."
    )
    invalid_quantity: bool = Field(
        False, description="A count below one was asked for ('add -5'); quantity is then None."
    )
    remove_coupon: bool = Field(False, description="The shopper asks to take a coupon off.")
    variant_change: bool = Field(
        False, description="A line is to become another variant; options hold the new values."
    )
    comparison: Comparison | None = Field(
        None, description="Two to four products to compare, and what decides between them."
    )
    ranking: Ranking | None = Field(
        None, description="A kind of product asked for in order of a figure: the lightest..."
    )
    promotion: PromotionQuestion | None = Field(
        None, description="A question about the shop's sales, quantity breaks or coupon codes."
    )
    unsold: UnsoldKind | None = Field(
        None, description="Asks whether the store sells a kind of thing it does not sell."
    )
    personal: PersonalSignal = Field(
        NO_PERSONAL, description="How likely the message asks about the shopper's own history."
    )
    coverage: float = Field(1.0, ge=0.0, le=1.0, description="Share of content words recognised.")
    scores: dict[str, float] = Field(default_factory=dict, description="Evidence per intent.")


def understand(
    text: str,
    vocabulary: CatalogVocabulary,
    context: DialogueContext | None = None,
    router: Router | None = None,
) -> Understanding:
    """Read one shopper message against the store's vocabulary and the dialogue so far.

    `router` reads the intent from exemplar messages (`router.default_router()` when omitted);
    the cues and the slot extractors add their evidence to its vote.
    """
    scan = Scan(vocabulary.speller.correct(expand_shorthand(normalise(text))))
    hits = match_cues(scan)
    discussed = context.last_product if context is not None else None
    slots = extract_slots(scan, vocabulary, discussed)
    named, titles = _product_words(slots, vocabulary)
    router = router or default_router()
    routing = router.route(scan.text, named, titles)
    wants = handoff_reader(router).read(scan.text, named, titles, routing.disclaimed)
    personal = personal_reader(router).read(scan.text, named, titles)
    if discussed is not None:
        _prefer_discussed_options(slots, discussed.options)
    decision = decide(scan.text, hits, slots, context, routing, wants)
    category = slots.category or decision.inherited_category
    items = _items(scan.text, vocabulary, decision.intent)
    quantity = _quantity(slots.quantity.quantity, slots.quantity.delta, decision.intent)
    confidence = decision.confidence
    if slots.quantity.invalid and decision.intent in _COUNTED:
        confidence = round(confidence * _INVALID_QUANTITY, 3)  # nothing to act on as asked
    return Understanding(
        intent=decision.intent,
        secondary_intents=tuple(decision.secondary),
        confidence=confidence,
        language=detect_language(scan.text),
        query_text=slots.query_text,
        concept_terms=tuple(slots.concepts),
        category_hint=category,
        category_hints=tuple(match.slug for match in slots.categories)
        or ((category,) if category else ()),
        product_handles=tuple(handle for handle, _ in slots.products),
        brand=slots.brand,
        tags=tuple(slots.tags),
        options=slots.options,
        option_candidates={name: tuple(values) for name, values in slots.option_candidates.items()},
        option_misses=slots.option_misses,
        attributes=slots.attributes,
        attribute_bounds={
            key: Bounds(min=low, max=high) for key, (low, high) in slots.attribute_bounds.items()
        },
        features=tuple(slots.features),
        colours=tuple(slots.colours),
        price_min_minor=slots.price.min_minor,
        price_max_minor=slots.price.max_minor,
        quantity=None if items else quantity,
        quantity_delta=slots.quantity.delta,
        order_number=slots.order_number,
        coupon_code=slots.coupon_code,
        refers_to_previous=decision.refers_to_previous,
        sort=slots.sort,
        policy_topic=decision.policy_topic,
        service_request=decision.service_request,
        complaint=decision.complaint,
        anger=decision.anger,
        human_request=decision.human_request,
        handoff_reason=decision.handoff_reason,
        handoff_probability=decision.handoff_probability,
        bargain=decision.bargain,
        confirmation=decision.confirmation,
        discount_percent=discount_percent(scan.lower) if decision.bargain else None,
        all_items="all_items" in hits.signals
        and decision.intent == "remove_from_cart"
        and not slots.products,
        items=items,
        invalid_quantity=slots.quantity.invalid,
        remove_coupon=decision.remove_coupon,
        variant_change=decision.variant_change,
        comparison=read_comparison(scan.text, vocabulary, slots),
        ranking=read_ranking(scan.text, vocabulary),
        promotion=read_promotion(scan.text, scan.lower, vocabulary.coupon_codes, slots),
        unsold=read_unsold(scan.text, vocabulary, decision, named=bool(slots.products)),
        personal=personal,
        coverage=round(slots.coverage, 3),
        scores=decision.scores,
    )


def _product_words(slots: Slots, vocabulary: CatalogVocabulary) -> tuple[list[str], list[str]]:
    """What the message names to buy: kinds of product or a category, and product titles."""
    named = list(slots.concepts) or [match.slug.replace("-", " ") for match in slots.categories[:1]]
    handles = {handle for handle, _ in slots.products[:2]}
    titles = [entry.title for entry in vocabulary.products if entry.handle in handles]
    return named + titles[:1], titles


def _prefer_discussed_options(slots: Slots, discussed: Mapping[str, str]) -> None:
    """A value several options share goes to the option the discussed product has.

    "The long one" about a sleeping pad whose sizes include "Long" sets its size, not the
    length option other products use.
    """
    for name, values in slots.option_candidates.items():
        if name not in discussed or name in slots.options or not values:
            continue
        taken_by = [other for other, value in slots.options.items() if value == values[0]]
        for other in taken_by:
            if other not in discussed:
                del slots.options[other]
                slots.options[name] = values[0]


_COUNTED: frozenset[Intent] = frozenset({"add_to_cart", "update_quantity", "remove_from_cart"})
# Intents whose message may list several products with their own quantities.
_LISTS: frozenset[Intent] = frozenset({"add_to_cart", "price_question", "stock_question"})
_INVALID_QUANTITY = 0.5


def _items(text: str, vocabulary: CatalogVocabulary, intent: Intent) -> tuple[ItemRequest, ...]:
    if intent not in _LISTS:
        return ()
    return tuple(
        ItemRequest(
            product_handles=tuple(item.handles),
            quantity=item.slots.quantity.quantity or 1,
            options=item.slots.options,
            category_hint=item.slots.category,
            query_text=item.slots.query_text,
        )
        for item in split_items(text, vocabulary)
    )


def _quantity(quantity: int | None, delta: int | None, intent: Intent) -> int | None:
    # "Add two more" of something not yet in the cart is simply adding two.
    if quantity is None and delta is not None and delta > 0 and intent == "add_to_cart":
        return delta
    return quantity
