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
from assistant.agent.understanding.context import DialogueContext
from assistant.agent.understanding.cues import match_cues
from assistant.agent.understanding.labels import (
    Confirmation,
    Intent,
    PolicyTopic,
    ServiceRequest,
    Sort,
)
from assistant.agent.understanding.language import Language, detect_language
from assistant.agent.understanding.scoring import decide
from assistant.agent.understanding.slots import Slots, extract_slots
from assistant.agent.understanding.text import Scan, normalise
from assistant.agent.understanding.vocabulary import CatalogVocabulary


class Bounds(BaseModel):
    """A numeric range for an attribute; either end may be open."""

    model_config = ConfigDict(frozen=True)

    min: float | None = None
    max: float | None = None


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
    bargain: bool = False
    confirmation: Confirmation | None = None
    coverage: float = Field(1.0, ge=0.0, le=1.0, description="Share of content words recognised.")
    scores: dict[str, float] = Field(default_factory=dict, description="Evidence per intent.")


def understand(
    text: str, vocabulary: CatalogVocabulary, context: DialogueContext | None = None
) -> Understanding:
    """Read one shopper message against the store's vocabulary and the dialogue so far."""
    scan = Scan(normalise(text))
    hits = match_cues(scan)
    slots = extract_slots(scan, vocabulary)
    if context is not None and context.last_product is not None:
        _prefer_discussed_options(slots, context.last_product.options)
    decision = decide(scan.text, hits, slots, context)
    category = slots.category or decision.inherited_category
    return Understanding(
        intent=decision.intent,
        secondary_intents=tuple(decision.secondary),
        confidence=decision.confidence,
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
        quantity=_quantity(slots.quantity.quantity, slots.quantity.delta, decision.intent),
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
        bargain=decision.bargain,
        confirmation=decision.confirmation,
        coverage=round(slots.coverage, 3),
        scores=decision.scores,
    )


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


def _quantity(quantity: int | None, delta: int | None, intent: Intent) -> int | None:
    # "Add two more" of something not yet in the cart is simply adding two.
    if quantity is None and delta is not None and delta > 0 and intent == "add_to_cart":
        return delta
    return quantity
