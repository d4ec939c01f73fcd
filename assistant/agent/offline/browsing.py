"""Product search, product questions and recommendations."""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.offline import commerce
from assistant.agent.offline.knowledge import nothing_found
from assistant.agent.offline.option_facts import asked_options
from assistant.agent.offline.phrasebook import option_name, say
from assistant.agent.offline.product_answers import product_answer
from assistant.agent.offline.products import (
    has_product_words,
    last_product,
    option_values,
    product_for,
    product_ref,
    search_call,
)
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding
from text.stemming import stems

SHOWN = 3
FACTS = 6


def search(u: Understanding, st: TurnState) -> Step:
    """Search with every constraint; if nothing fits, once more without the attribute filters."""
    searches = [c for c in st.done if c.name == "search_products"]
    if not searches:
        return search_call(u, st)
    latest = searches[-1]
    products = latest.result.get("products", []) if latest.ok else []
    if products:
        intro = "search_intro" if len(searches) == 1 else "search_relaxed"
        return answer(write_products(products, u.language, intro), confidence=u.confidence)
    if len(searches) == 1 and (u.attributes or u.options):
        return search_call(u, st, relaxed=True)
    if len(searches) == 1 and _named_kind_only(u, latest.args):
        # "rucksacks": no product's text has the shopper's word, but its kind is an aisle.
        return call("search_products", **{**latest.args, "query": ""})
    return nothing_found(u, st)


def _named_kind_only(u: Understanding, searched: dict[str, Any]) -> bool:
    """Whether the search was for a kind the message names and the store has an aisle for."""
    return bool(searched.get("category") and searched.get("query") and u.concept_terms)


def _price(product: dict[str, Any], language: str) -> str:
    low, high = product["price_from"], product["price_to"]
    if low["amount_minor"] == high["amount_minor"]:
        return str(low["display"])
    return say("price_from", language, price=low["display"])


def write_products(products: list[dict[str, Any]], language: str, intro: str) -> str:
    """A short list: title, price and availability, then what the shopper can do next."""
    lines = [say(intro, language)]
    for product in products[:SHOWN]:
        lines.append(
            say(
                "search_line",
                language,
                title=product["title"],
                price=_price(product, language),
                stock=say("in_stock" if product.get("in_stock") else "out_of_stock", language),
            )
        )
    lines.append(say("search_outro", language))
    return "\n".join(lines)


def question(u: Understanding, st: TurnState) -> Step:
    """Facts about one product from its record: the attributes asked about, or the key ones."""
    product = product_for(u, st)
    if isinstance(product, Step):
        return product
    if "description" not in product and st.last("get_product") is None:
        return call("get_product", product=product.get("handle") or str(product["product_id"]))
    if not asked_options(product, st.text):
        # A particular question is answered from the product's own sentences and attributes.
        step = product_answer(u, st, product)
        if step is not None:
            return step
    return answer(write_facts(product, u, st.text), confidence=u.confidence)


def write_facts(product: dict[str, Any], u: Understanding, text: str = "") -> str:
    """The product's title, the relevant attributes, its price and the description's opening.

    A question about an option ("which sizes?") is answered with that option's values and
    only the attributes it also asks about.
    """
    language = u.language
    attributes: dict[str, Any] = product.get("attributes", {})
    asked = [key for key in attributes if key in u.attributes or _mentions(u, key, text)]
    options = asked_options(product, text)
    keys = asked or ([] if options else list(attributes)[:FACTS])
    lines = [say("facts_intro", language, title=product["title"])]
    for name in options:
        values = ", ".join(option_values(product.get("variants", []), name))
        label = option_name(name, language)
        lines.append(say("fact_line", language, name=label[:1].upper() + label[1:], value=values))
    for key in keys:
        name, unit = _label(key)
        value = _value(attributes[key], language)
        lines.append(say("fact_line", language, name=name, value=f"{value} {unit}".strip()))
    lines.append(
        say("fact_line", language, name=_price_label(language), value=_price(product, language))
    )
    description = str(product.get("description", "")).strip()
    if description and not asked and not options:
        lines.append(re.split(r"(?<=[.!?])\s+", description)[0])
    return "\n".join(lines)


# Unit suffixes of attribute keys ("weight_g" -> "Weight", "g").
_UNITS = {
    "g": "g",
    "kg": "kg",
    "mm": "mm",
    "cm": "cm",
    "m": "m",
    "l": "L",
    "ml": "ml",
    "c": "°C",
    "h": "h",
    "lm": "lm",
    "mah": "mAh",
    "w": "W",
}


def _label(key: str) -> tuple[str, str]:
    head, _, tail = key.rpartition("_")
    if head and tail.lower() in _UNITS:
        return head.replace("_", " ").capitalize(), _UNITS[tail.lower()]
    return key.replace("_", " ").capitalize(), ""


def _mentions(u: Understanding, key: str, text: str = "") -> bool:
    """Whether the question names the attribute: "weigh" asks for weight_g, "warm" for warmth."""
    parts = [part for part in key.lower().split("_") if len(part) > 2]
    asked = [
        w.lower()
        for w in (
            *u.features,
            *u.query_text.split(),
            *_QUESTION_WORDS.findall(u.query_text.lower()),
            *(_ALIASES[w] for w in _QUESTION_WORDS.findall(text.lower()) if w in _ALIASES),
        )
    ]
    return any(part[:4] == word[:4] for part in parts for word in asked if len(word) > 3)


_QUESTION_WORDS = re.compile(r"[a-z]{4,}")
# Everyday ways of asking for an attribute whose key uses another word.
_ALIASES = {
    "people": "persons",
    "person": "persons",
    "sleep": "capacity",
    "sleeps": "capacity",
    "heavy": "weight",
}


def _value(value: Any, language: str) -> str:
    if isinstance(value, bool):
        return say("yes" if value else "no", language)
    return str(value)


def _price_label(language: str) -> str:
    return "价格" if language == "zh" else "Price"


_CONTINUES = re.compile(r"^\s*(?:and|also|plus|as well as)\b", re.IGNORECASE)


def _adds(u: Understanding, st: TurnState) -> bool:
    """An add to the cart: asked for, or "and the ..." right after adding something."""
    if "add_to_cart" in u.secondary_intents:
        return True
    return st.brain.memory.last_intent == "add_to_cart" and bool(_CONTINUES.match(st.text))


def _named_item(u: Understanding, products: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one suggested product whose title holds most of the message's product words."""
    asked = set(stems(u.query_text))
    scored = [(len(asked & set(stems(str(p.get("title", ""))))), p) for p in products]
    best = max((score for score, _ in scored), default=0)
    leaders = [p for score, p in scored if score == best]
    return leaders[0] if best > 0 and len(leaders) == 1 else None


def recommend(u: Understanding, st: TurnState) -> Step:
    """Complements and upgrades for the product discussed (or the cart), in stock only."""
    done = st.last("recommend_products")
    if done is not None:
        items = done.result.get("items", []) if done.ok else []
        named = _named_item(u, [item["product"] for item in items])
        if named is not None and _adds(u, st):
            # "And the footprint that goes with it": the complement named is put in the cart.
            if st.last("get_product") is None:
                return call("get_product", product=named.get("handle") or named["product_id"])
            return commerce.add(u, st)
        if not items:
            return answer(say("recommend_none", u.language), resolved=False)
        products = [item["product"] for item in items]
        return answer(write_products(products, u.language, "recommend_intro"))
    if u.product_handles:
        return call("recommend_products", product=u.product_handles[0])
    remembered = last_product(st)
    if remembered and (u.refers_to_previous or not has_product_words(u)):
        return call("recommend_products", product=product_ref(remembered))
    if has_product_words(u):
        return search(u, st)
    return call("recommend_products")
