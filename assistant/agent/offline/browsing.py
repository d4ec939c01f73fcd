"""Product search, product questions and recommendations."""

from __future__ import annotations

import re
from typing import Any

from assistant.agent.offline.knowledge import nothing_found
from assistant.agent.offline.phrasebook import say
from assistant.agent.offline.products import (
    has_product_words,
    last_product,
    product_for,
    product_ref,
    search_call,
)
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding

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
    return nothing_found(u, st)


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
    return answer(write_facts(product, u), confidence=u.confidence)


def write_facts(product: dict[str, Any], u: Understanding) -> str:
    """The product's title, the relevant attributes, its price and the description's opening."""
    language = u.language
    attributes: dict[str, Any] = product.get("attributes", {})
    asked = [key for key in attributes if key in u.attributes or _mentions(u, key)]
    keys = asked or list(attributes)[:FACTS]
    lines = [say("facts_intro", language, title=product["title"])]
    for key in keys:
        name, unit = _label(key)
        value = _value(attributes[key], language)
        lines.append(say("fact_line", language, name=name, value=f"{value} {unit}".strip()))
    lines.append(
        say("fact_line", language, name=_price_label(language), value=_price(product, language))
    )
    description = str(product.get("description", "")).strip()
    if description and not asked:
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


def _mentions(u: Understanding, key: str) -> bool:
    """Whether the question names the attribute: "weigh" asks for weight_g, "warm" for warmth."""
    parts = [part for part in key.lower().split("_") if len(part) > 2]
    asked = [
        w.lower()
        for w in (
            *u.features,
            *u.query_text.split(),
            *_QUESTION_WORDS.findall(u.query_text.lower()),
        )
    ]
    return any(part[:4] == word[:4] for part in parts for word in asked if len(word) > 3)


_QUESTION_WORDS = re.compile(r"[a-z]{4,}")


def _value(value: Any, language: str) -> str:
    if isinstance(value, bool):
        return say("yes" if value else "no", language)
    return str(value)


def _price_label(language: str) -> str:
    return "价格" if language == "zh" else "Price"


def recommend(u: Understanding, st: TurnState) -> Step:
    """Complements and upgrades for the product discussed (or the cart), in stock only."""
    done = st.last("recommend_products")
    if done is not None:
        items = done.result.get("items", []) if done.ok else []
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
