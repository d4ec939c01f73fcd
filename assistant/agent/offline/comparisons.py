"""Comparing products: `compare_products` for the products meant, then an answer that gives
the conclusion first ("The Polar Air Winter Sleeping Pad is warmer: R value 7.0 against 4.2 for
the Alpine Air Insulated Sleeping Pad."), then the other differences side by side and what the
products share. Every figure is read from the tool's result."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.phrasebook import say, tool_problem
from assistant.agent.offline.products import last_product, product_ref
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.comparison import Comparison, Criterion
from assistant.agent.understanding.comparison_words import comparison_words
from assistant.agent.understanding.intents import Understanding

MAX_COMPARED = 4
MAX_LINES = 6
MAX_SHARED = 4
_CONFIDENCE = 0.9


# A message that acts on the cart or an order is not answered with a comparison, whatever else
# it says ("add the lighter one", "which of my orders..."). "Compare those two" may be read
# as a look at the cart or a new quantity, so those are not among them.
_ACTIONS = frozenset(
    {
        "add_to_cart",
        "remove_from_cart",
        "checkout",
        "order_status",
        "apply_coupon",
    }
)


def asked(u: Understanding, st: TurnState) -> bool:
    """Whether the message asks to compare products."""
    comparison = u.comparison
    if comparison is None or comparison.pick or u.intent in _ACTIONS:
        return False
    return not comparison.with_discussed or last_product(st) is not None


def pick_among_shown(u: Understanding, st: TurnState) -> Step | None:
    """ "Add the cheaper one": the products shown before are compared and the best on the
    quality named is looked up, so the action goes on with it; None once it has been."""
    comparison = u.comparison
    if comparison is None or not comparison.pick or st.last("get_product") is not None:
        return None
    done = st.last("compare_products")
    if done is None:
        refs = _refs(comparison, st)
        return call("compare_products", products=refs) if len(refs) >= 2 else None
    if not done.ok:
        return None
    products = list(done.result.get("products", []))
    rows = list(done.result.get("differences", [])) + list(done.result.get("shared", []))
    deciding = _deciding_row(comparison.criteria, rows)
    winners = _winners(deciding, products) if deciding is not None else []
    if len(winners) != 1:
        return None
    chosen = products[winners[0]]
    return call("get_product", product=chosen.get("handle") or str(chosen["product_id"]))


def compare(u: Understanding, st: TurnState) -> Step:
    """Compare the products the shopper named or pointed at."""
    comparison = u.comparison
    assert comparison is not None
    done = st.last("compare_products")
    if done is None:
        refs = _refs(comparison, st)
        if len(refs) < 2:
            return answer(say("compare_which", u.language), confidence=0.4, resolved=False)
        step = call("compare_products", products=refs[:MAX_COMPARED])
        step.extra["intent"] = "product_question"
        return step
    if not done.ok:
        return answer(tool_problem(done.result, u.language), confidence=0.5, resolved=False)
    step = answer(write_comparison(done.result, comparison, u.language), confidence=_CONFIDENCE)
    step.extra["intent"] = "product_question"
    return step


def _refs(comparison: Comparison, st: TurnState) -> list[str]:
    refs = list(comparison.products)
    if comparison.with_discussed:
        remembered = last_product(st)
        ref = product_ref(remembered) if remembered else None
        if ref is not None and ref not in refs:
            refs.insert(0, ref)
    if refs or not (comparison.shown or comparison.all_shown):
        return refs
    listed = [item.handle for item in st.brain.memory.last_list]
    if comparison.all_shown:
        return listed[:MAX_COMPARED]
    picked: list[str] = []
    for position in comparison.shown:
        index = position - 1 if position > 0 else len(listed) + position
        if 0 <= index < len(listed) and listed[index] not in picked:
            picked.append(listed[index])
    return picked


# --- the answer -------------------------------------------------------------------------------


def write_comparison(result: dict[str, Any], comparison: Comparison, language: str) -> str:
    """Conclusion first (when a quality decides), then the differences, then what is shared."""
    products: list[dict[str, Any]] = list(result.get("products", []))
    differences: list[dict[str, Any]] = list(result.get("differences", []))
    shared: list[dict[str, Any]] = list(result.get("shared", []))
    titles = [str(product["title"]) for product in products]
    lines: list[str] = []
    deciding = _deciding_row(comparison.criteria, differences + shared)
    if deciding is not None:
        lines.append(_conclusion(deciding, products, comparison, language))
    elif comparison.criteria:
        lines.append(say("compare_no_figure", language))
    rows = [row for row in differences if deciding is None or row["key"] != deciding["key"]]
    rows = _with_price(rows, shared)[:MAX_LINES]
    stock = _stock_row(products, language)
    if rows or stock:
        if deciding is None:
            lines.append(say("compare_intro", language))
        lines.append(say("compare_columns", language, titles=" / ".join(titles)))
        for row in rows:
            values = " / ".join(_values(row, language))
            lines.append(say("compare_line", language, label=_label(row, language), values=values))
        if stock:
            lines.append(stock)
    elif deciding is None:
        lines.append(say("compare_no_difference", language))
    facts = [
        say("compare_fact", language, label=_label(row, language), value=_values(row, language)[0])
        for row in shared
        if row["key"] != "price" and (deciding is None or row["key"] != deciding["key"])
    ][:MAX_SHARED]
    if facts:
        separator = "、" if language == "zh" else ", "
        lines.append(say("compare_shared", language, facts=separator.join(facts)))
    return "\n".join(lines)


def _matches(key: str, criterion: Criterion) -> bool:
    return key == criterion.key or key.startswith(f"{criterion.key}_")


def _deciding_row(
    criteria: tuple[Criterion, ...], rows: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The row of the first criterion that at least two products state as a figure or yes/no."""
    for criterion in criteria:
        for row in rows:
            if not _matches(str(row["key"]), criterion):
                continue
            stated = [value for value in row["values"] if value is not None]
            if len(stated) < 2:
                continue
            if row["key"] != "price" and not all(
                isinstance(value, bool | int | float) for value in stated
            ):
                continue
            return {**row, "best": criterion.best}
    return None


def _winners(row: dict[str, Any], products: list[dict[str, Any]]) -> list[int]:
    """Positions of the products that come out best on the row."""
    best = row["best"]
    ids = [product["product_id"] for product in products]
    if row.get("highest") or row.get("lowest"):
        chosen = row["highest"] if best == "highest" else row["lowest"]
        return [ids.index(pid) for pid in chosen if pid in ids]
    values = row["values"]
    if all(isinstance(value, bool) for value in values if value is not None):
        wanted = best == "highest"
        return [i for i, value in enumerate(values) if value is wanted]
    return list(range(len(products)))


def _conclusion(
    row: dict[str, Any],
    products: list[dict[str, Any]],
    comparison: Comparison,
    language: str,
) -> str:
    values = _values(row, language)
    titles = [str(product["title"]) for product in products]
    label = _label(row, language)
    winners = _winners(row, products)
    stated = [i for i, value in enumerate(row["values"]) if value is not None]
    if not winners or set(winners) >= set(stated):
        return say("compare_tie", language, label=label, value=values[stated[0]])
    others = _others(
        [i for i in range(len(products)) if i not in winners], titles, values, language
    )
    if len(winners) > 1:
        joined = _joined([titles[i] for i in winners], language)
        return say(
            "compare_split",
            language,
            winners=joined,
            label=label,
            value=values[winners[0]],
            others=others,
        )
    says = _says(comparison, row, len(products), language)
    return say(
        "compare_winner",
        language,
        winner=titles[winners[0]],
        says=says,
        label=label,
        value=values[winners[0]],
        others=others,
    )


def _others(positions: list[int], titles: list[str], values: list[str], language: str) -> str:
    separator = "，" if language == "zh" else ", "
    return separator.join(
        say("compare_other", language, value=values[i], title=titles[i]) for i in positions
    )


def _joined(titles: list[str], language: str) -> str:
    if language == "zh":
        return "和".join(titles)
    return " and the ".join(titles)


def _says(comparison: Comparison, row: dict[str, Any], count: int, language: str) -> str:
    """How the winner is named: the quality's own word, or the attribute's direction."""
    many = count > 2 or comparison.superlative
    says = comparison.says
    wanted = ("zh_most" if many else "zh") if language == "zh" else ("most" if many else "en")
    if wanted in says:
        return says[wanted]
    label = _label(row, language)
    higher = row["best"] == "highest"
    if language == "zh":
        return f"的{label}{'最' if many else '更'}{'高' if higher else '低'}"
    degree = ("highest" if higher else "lowest") if many else ("higher" if higher else "lower")
    return f"has the {degree} {label.lower()}"


def _with_price(rows: list[dict[str, Any]], shared: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The differences, with the price line kept even when the prices are the same."""
    if any(row["key"] == "price" for row in rows):
        return rows
    return [row for row in shared if row["key"] == "price"] + rows


def _stock_row(products: list[dict[str, Any]], language: str) -> str:
    states = [bool(product.get("in_stock")) for product in products]
    if all(states):
        return ""
    values = " / ".join(say("in_stock" if state else "out_of_stock", language) for state in states)
    return say("compare_line", language, label=say("stock_state", language), values=values)


def _label(row: dict[str, Any], language: str) -> str:
    if language != "zh":
        return str(row["label"])
    key = str(row["key"])
    labels = comparison_words().labels_zh
    for start in sorted(labels, key=len, reverse=True):
        if key == start or key.startswith(f"{start}_"):
            return labels[start]
    return str(row["label"])


def _values(row: dict[str, Any], language: str) -> list[str]:
    """The row's values as the shopper reads them, with units."""
    if language != "zh" or row["key"] == "price":
        return [str(value) for value in row["shown"]]
    words = comparison_words()
    unit = words.units_zh.get(str(row.get("unit") or ""), str(row.get("unit") or ""))
    shown = []
    for value in row["values"]:
        if value is None:
            shown.append(words.values_zh["not_stated"])
        elif isinstance(value, bool):
            shown.append(words.values_zh["yes" if value else "no"])
        else:
            shown.append(f"{value} {unit}".strip() if unit else str(value))
    return shown
