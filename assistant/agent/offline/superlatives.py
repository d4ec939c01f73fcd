"""Superlatives: `rank_products` for the kind of product asked about, then an answer that gives
the winner first with its figure ("The Summit 18 Packable Daypack is the lightest: 160 g
($39.95).") and the runners-up after it, or the whole kind in order when that was asked for.

The attribute comes from the reading (`understanding/superlatives.py`), which keeps only the
store's own keys; when the kind of product states none of them the next key is tried, and when
it states none at all the message is searched for instead. Products that miss something the
shopper asked for (a price limit, "adjustable") come after those that have it all, and say what
they miss. Every figure is read from the tool's result.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline import browsing
from assistant.agent.offline.phrasebook import say, tool_problem
from assistant.agent.offline.products import named_kind
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.comparison import Comparison
from assistant.agent.understanding.comparison_words import comparison_words
from assistant.agent.understanding.intents import Understanding
from assistant.agent.understanding.superlatives import RankKey
from assistant.domain.money import to_decimal

WINNER_AND_RUNNERS_UP = 3
WHOLE_LIST = 5
_CONFIDENCE = 0.9
_PRICE = "price"

# A message that acts on the cart or an order is not answered with a ranking ("add the
# lightest one", "cheapest shipping for my order").
_ACTIONS = frozenset(
    {
        "add_to_cart",
        "remove_from_cart",
        "update_quantity",
        "checkout",
        "order_status",
        "apply_coupon",
        "view_cart",
        "policy_question",
    }
)


def asked(u: Understanding, st: TurnState) -> bool:
    """Whether the message asks for the most or the least of something among a kind of
    product: a kind must be named ("which is the lightest?" alone picks among those shown)."""
    if u.ranking is None or u.intent in _ACTIONS or not _kind(u):
        return False
    comparison = u.comparison
    if comparison is not None and not comparison.pick and _compares(comparison):
        return False
    return not u.product_handles or bool(u.category_hint)


def _compares(comparison: Comparison) -> bool:
    """Products named or pointed at: "X or Y, which is the lightest?" is a comparison."""
    return len(comparison.products) >= 2 or bool(comparison.shown) or comparison.with_discussed


def rank(u: Understanding, st: TurnState) -> Step:
    """Rank the kind asked about on the first of the store's keys that its products state."""
    ranking = u.ranking
    assert ranking is not None
    done = [c for c in st.done if c.name == "rank_products"]
    if done and done[-1].ok and done[-1].result.get("ranked_count"):
        key = ranking.keys[min(len(done), len(ranking.keys)) - 1]
        step = answer(write_ranking(done[-1].result, key, u.language), confidence=_CONFIDENCE)
        step.extra["intent"] = "product_search"
        return step
    if len(done) < len(ranking.keys):
        return _rank_call(u, st, ranking.keys[len(done)], ranking.whole_list)
    if done and not done[-1].ok and done[-1].result.get("code") != "invalid_arguments":
        return answer(tool_problem(done[-1].result, u.language), confidence=0.5, resolved=False)
    # The kind states none of the figures asked about: a plain search answers instead.
    return browsing.search(u, st)


def _kind(u: Understanding) -> str | None:
    return u.category_hint or (u.category_hints[0] if u.category_hints else None)


def _rank_call(u: Understanding, st: TurnState, key: RankKey, whole_list: bool) -> Step:
    currency = st.brain.currency
    require: dict[str, Any] = {
        name: value for name, value in u.attributes.items() if isinstance(value, bool | int | str)
    }
    require.update(u.options)
    step = call(
        "rank_products",
        attribute=key.key,
        direction=key.direction,
        category=_kind(u),
        min_price=_major(u.price_min_minor, currency),
        max_price=_major(u.price_max_minor, currency),
        require=require or None,
        limit=WHOLE_LIST if whole_list else WINNER_AND_RUNNERS_UP,
        kind=named_kind(u, st.text),
    )
    step.extra["intent"] = "product_search"
    return step


def _major(minor: int | None, currency: str) -> str | None:
    return None if minor is None else str(to_decimal(minor, currency))


# --- the answer -------------------------------------------------------------------------------


def write_ranking(result: dict[str, Any], key: RankKey, language: str) -> str:
    """The winner first with its figure, then the runners-up (or the whole list in order),
    then those missing something asked for, and how many products state no figure."""
    products: list[dict[str, Any]] = list(result.get("products", []))
    complete = [product for product in products if not product.get("unmet")]
    partial = [product for product in products if product.get("unmet")]
    label = _label(result, language)
    lines: list[str] = []
    if complete:
        lines.extend(_ranked_lines(complete, result, key, label, language))
    else:
        lines.append(say("rank_none_complete", language))
    if partial:
        if complete:
            lines.append(say("rank_partial", language))
        for product in partial:
            lines.append(
                say(
                    "rank_partial_line",
                    language,
                    title=product["title"],
                    figure=_figure(product, result, language),
                    unmet=_unmet(product, language),
                )
            )
    missing = int(result.get("missing_count") or 0)
    if missing:
        phrase = "rank_missing_one" if missing == 1 else "rank_missing"
        lines.append(say(phrase, language, count=missing, label=_lower(label, language)))
    lines.append(say("search_outro", language))
    return "\n".join(lines)


def _ranked_lines(
    products: list[dict[str, Any]],
    result: dict[str, Any],
    key: RankKey,
    label: str,
    language: str,
) -> list[str]:
    winner, rest = products[0], products[1:]
    if len(products) > WINNER_AND_RUNNERS_UP:
        # The whole kind in order: one line each, the order of the figure said first.
        direction = "rank_order_most" if key.direction == "most" else "rank_order_least"
        lines = [say(direction, language, label=_lower(label, language))]
        for number, product in enumerate(products, start=1):
            figure = _figure(product, result, language)
            lines.append(
                say("rank_line", language, number=number, title=product["title"], figure=figure)
            )
        return lines
    figure = _figure(winner, result, language)
    stock = say("in_stock" if winner.get("in_stock") else "out_of_stock", language)
    says = key.says.get(language)
    if says:
        lines = [
            say(
                "rank_winner",
                language,
                title=winner["title"],
                says=says,
                figure=figure,
                stock=stock,
            )
        ]
    else:
        end = say("rank_highest" if key.direction == "most" else "rank_lowest", language)
        lines = [
            say(
                "rank_winner_figure",
                language,
                title=winner["title"],
                end=end,
                label=_lower(label, language),
                figure=figure,
                stock=stock,
            )
        ]
    if rest:
        separator = "、" if language == "zh" else "; "
        others = separator.join(
            say("rank_other", language, title=p["title"], figure=_figure(p, result, language))
            for p in rest
        )
        lines.append(say("rank_then", language, others=others))
    return lines


def _figure(product: dict[str, Any], result: dict[str, Any], language: str) -> str:
    """The product's figure, with its price beside it when the figure is not the price."""
    price = str(product["price_from"])
    if product.get("price_to") and product["price_to"] != product["price_from"]:
        price = say("price_from", language, price=price)
    if result.get("attribute") == _PRICE:
        return price
    unit = str(result.get("unit") or "")
    shown = str(product["shown"])
    if language == "zh" and unit in comparison_words().units_zh:
        shown = f"{product['value']} {comparison_words().units_zh[unit]}"
    return say("rank_figure", language, value=shown, price=price)


def _unmet(product: dict[str, Any], language: str) -> str:
    parts = []
    for item in product.get("unmet", []):
        text = str(item)
        if text.startswith("price <="):
            parts.append(say("rank_over_price", language, price=text.removeprefix("price <= ")))
        elif text.startswith("price >="):
            parts.append(say("rank_under_price", language, price=text.removeprefix("price >= ")))
        elif " " in text and not text.startswith("not "):
            name, _, value = text.partition(" ")
            feature = _feature(name, language)
            parts.append(say("rank_other_value", language, feature=feature, value=value))
        else:
            parts.append(say("rank_without", language, feature=_feature(text, language)))
    return ("、" if language == "zh" else ", ").join(parts)


def _feature(text: str, language: str) -> str:
    if language != "zh":
        return text.replace("_", " ")
    key = text.split(" ")[0]
    return comparison_words().labels_zh.get(key, text.replace("_", " "))


def _label(result: dict[str, Any], language: str) -> str:
    key = str(result.get("attribute") or "")
    if language != "zh":
        return str(result.get("label") or key)
    labels = comparison_words().labels_zh
    for start in sorted(labels, key=len, reverse=True):
        if key == start or key.startswith(f"{start}_"):
            return labels[start]
    return str(result.get("label") or key)


def _lower(label: str, language: str) -> str:
    if language == "zh" or label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]
