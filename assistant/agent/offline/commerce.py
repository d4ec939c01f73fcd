"""Stock, price and cart turns: resolve the variant, call the tool, write the answer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.agent.offline.personal import usual_size_hint
from assistant.agent.offline.phrasebook import option_name, say, tool_problem
from assistant.agent.offline.products import (
    Ambiguous,
    in_stock_values,
    item_name,
    last_product,
    settle_in_stock,
    variant_or_step,
    wanted_options,
)
from assistant.agent.offline.quotes import write_price
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import TurnState
from assistant.agent.understanding.intents import Understanding
from text.stemming import stem, stems


def _which(
    product: dict[str, Any], problem: Ambiguous, language: str, pending: dict[str, Any]
) -> Step:
    """Ask for the missing option and remember what to do once the shopper names it."""
    text = say(
        "which_option",
        language,
        title=product.get("title", ""),
        option=option_name(problem.option, language),
        values=", ".join(in_stock_values(problem.matching, problem.option) or problem.values),
    )
    return Step(reply=text, extra={"pending": pending})


def stock(u: Understanding, st: TurnState) -> Step:
    """Is it (the variant asked for) in stock; by option when no single variant is meant."""
    found = variant_or_step(u, st)
    if isinstance(found, Step):
        return found
    product, variant = found
    language = u.language
    if isinstance(variant, Ambiguous):
        available = in_stock_values(variant.matching, variant.option)
        if not available:
            return answer(say("stock_none_left", language, title=product.get("title", "")))
        given = wanted_options(u, st, product)
        return Step(
            confidence=max(u.confidence, st.threshold),
            reply=say(
                "stock_by_option",
                language,
                title=product.get("title", ""),
                given=say("given_options", language, values=", ".join(given.values()))
                if given
                else "",
                option=option_name(variant.option, language),
                available=", ".join(available),
            ),
            extra={"options": given, "product": product.get("handle")},
        )
    checked = st.last("check_stock")
    if checked is None:
        calls = [call("check_stock", sku=variant["sku"], quantity=u.quantity or 1)]
        if "price_question" in u.secondary_intents:
            calls.append(call("get_price", sku=variant["sku"], quantity=u.quantity or 1))
        return Step(calls=tuple(c for step in calls for c in step.calls))
    wanted = u.quantity or 1
    if not checked.ok and wanted > 1 and st.called("check_stock") == 1:
        # More than one line may hold: ask for what is there and compare with the wish.
        return call("check_stock", sku=variant["sku"], quantity=1)
    text = write_stock(checked.result, language, wanted=wanted)
    priced = st.last("get_price")
    if priced is not None and priced.ok:
        text = f"{text} {write_price(priced.result, language)}"
    return answer(text)


def write_stock(result: dict[str, Any], language: str, *, wanted: int = 1) -> str:
    """A stock answer from check_stock's result (`wanted`: the units the shopper asked for)."""
    if result.get("ok") is False:
        return tool_problem(result, language)
    item = item_name(result["title"], result.get("options"))
    requested = max(wanted, int(result.get("requested", 1)))
    if result.get("available_now") and result.get("available", 0) >= requested:
        return say("stock_yes", language, item=item, available=result["available"])
    if result.get("available", 0) > 0:
        text = say(
            "stock_short",
            language,
            item=item,
            available=result["available"],
            requested=requested,
        )
    else:
        text = say("stock_no", language, item=item)
    return text + write_alternatives(result.get("alternatives", []), language)


def write_alternatives(alternatives: list[dict[str, Any]], language: str) -> str:
    """Lines offering other options or similar products (empty when there are none)."""
    if not alternatives:
        return ""
    lines = [
        say(
            "alternative_line",
            language,
            title=alt["title"],
            options=", ".join(str(v) for v in alt.get("options", {}).values()),
            price=alt["price"]["display"],
            available=alt["available"],
        )
        for alt in alternatives[:3]
    ]
    return "\n" + say("alternatives", language) + "\n" + "\n".join(lines)


def add(u: Understanding, st: TurnState) -> Step:
    """Put the variant meant into the cart."""
    added = st.last("add_to_cart")
    if added is not None:
        return answer(write_added(added.args, added.result, u.language))
    found = variant_or_step(u, st)
    if isinstance(found, Step):
        return found
    product, variant = found
    wanted, variant = settle_in_stock(product, wanted_options(u, st, product), variant)
    if isinstance(variant, Ambiguous):
        pending = {"intent": "add_to_cart", "quantity": u.quantity or 1, "options": wanted}
        asked = _which(product, variant, u.language, pending)
        hint = usual_size_hint(st, product.get("category"), variant.option, u.language)
        return replace(asked, reply=asked.reply + hint) if hint else asked
    return call("add_to_cart", sku=variant["sku"], quantity=u.quantity or 1)


def write_added(args: dict[str, Any], result: dict[str, Any], language: str) -> str:
    """What add_to_cart did, with the cart's new count and total."""
    if result.get("ok") is False:
        text = tool_problem(result, language)
        return text + write_alternatives(result.get("alternatives", []), language)
    line = next((ln for ln in result["lines"] if ln["sku"] == args.get("sku")), None)
    item = item_name(line["title"], line.get("options")) if line else str(args.get("sku"))
    return say(
        "added",
        language,
        quantity=line["quantity"] if line else args.get("quantity", 1),
        item=item,
        count=result["item_count"],
        total=result["total"]["display"],
    )


def cart_line(
    u: Understanding, st: TurnState, cart: dict[str, Any], *, by_options: bool = True
) -> dict[str, Any] | None:
    """The cart line the message is about: by its words (a Chinese message by the kinds of
    product it names), then the product discussed last, then the only line."""
    lines: list[dict[str, Any]] = cart.get("lines", [])
    remembered = last_product(st) or {}
    words = {stem(w) for w in u.query_text.lower().split() if len(w) > 2}
    words |= {stem(w) for term in u.concept_terms for w in term.lower().split()}
    for line in lines:
        if (
            by_options
            and u.options
            and all(
                str(line.get("options", {}).get(k, "")).lower() == v.lower()
                for k, v in u.options.items()
            )
            and (not words or words & _title_words(line))
        ):
            return line
    if words:
        scored = [(len(words & _title_words(line)), line) for line in lines]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        if best[0] > 0:
            return best[1]
    for line in lines:
        if remembered.get("sku") and line["sku"] == remembered["sku"]:
            return line
    for line in lines:
        if remembered.get("product_id") and line["product_id"] == remembered["product_id"]:
            return line
    return lines[0] if len(lines) == 1 else None


def _title_words(line: dict[str, Any]) -> set[str]:
    return set(stems(str(line.get("title", ""))))


def change_quantity(u: Understanding, st: TurnState, *, remove: bool) -> Step:
    """Change or remove a cart line, found from the message, the last product or the cart."""
    language = u.language
    for name in ("remove_from_cart", "update_cart_item"):
        done = st.last(name)
        if done is not None:
            before = st.last("view_cart")
            lines = before.result.get("lines", []) if before is not None else []
            return answer(write_cart_change(name, done.args, done.result, lines, language))
    viewed = st.last("view_cart")
    if viewed is None:
        return call("view_cart")
    cart = viewed.result
    line = cart_line(u, st, cart)
    if line is None:
        return answer(say("not_in_cart", language) + "\n" + write_cart(cart, language))
    target = line["quantity"]
    if u.quantity is not None and u.quantity_delta is None:
        target = u.quantity
    elif u.quantity_delta is not None:
        target = line["quantity"] + u.quantity_delta
    if remove or target <= 0:
        return call("remove_from_cart", sku=line["sku"])
    return call("update_cart_item", sku=line["sku"], quantity=target)


def write_cart_change(
    name: str,
    args: dict[str, Any],
    result: dict[str, Any],
    lines_before: list[dict[str, Any]],
    language: str,
) -> str:
    """What an update or a removal did."""
    if result.get("ok") is False:
        return tool_problem(result, language)
    total = result["total"]["display"]
    if name == "remove_from_cart":
        gone = next((ln for ln in lines_before if ln["sku"] == args.get("sku")), None)
        item = item_name(gone["title"], gone.get("options")) if gone else args.get("sku", "")
        return say("removed", language, item=item, total=total)
    line = next((ln for ln in result["lines"] if ln["sku"] == args.get("sku")), None)
    item = item_name(line["title"], line.get("options")) if line else args.get("sku", "")
    quantity = line["quantity"] if line else args.get("quantity")
    return say("updated", language, quantity=quantity, item=item, total=total)


def view(u: Understanding, st: TurnState) -> Step:
    """Show the cart."""
    viewed = st.last("view_cart")
    if viewed is None:
        return call("view_cart")
    return answer(write_cart(viewed.result, u.language))


def write_cart(cart: dict[str, Any], language: str) -> str:
    """The cart's lines and totals."""
    lines = cart.get("lines", [])
    if not lines:
        return say("cart_empty", language)
    text = [say("cart_intro", language)]
    for line in lines:
        text.append(
            say(
                "cart_line",
                language,
                quantity=line["quantity"],
                item=item_name(line["title"], line.get("options")),
                total=line["line_total"]["display"],
            )
        )
    coupon = cart.get("coupon")
    if isinstance(coupon, dict) and cart.get("discount", {}).get("amount_minor"):
        text.append(
            say(
                "cart_coupon",
                language,
                code=coupon.get("code"),
                discount=cart["discount"]["display"],
            )
        )
    text.append(say("cart_total", language, total=cart["total"]["display"]))
    return "\n".join(text)


def coupon(u: Understanding, st: TurnState) -> Step:
    """Apply the coupon code the shopper gave."""
    applied = st.last("apply_coupon")
    if applied is not None:
        result = applied.result
        if result.get("ok") is False:
            return answer(tool_problem(result, u.language))
        return answer(
            say(
                "coupon_applied",
                u.language,
                code=applied.args.get("code"),
                discount=result["discount"]["display"],
                total=result["total"]["display"],
            )
        )
    if not u.coupon_code:
        return answer(say("coupon_needed", u.language))
    return call("apply_coupon", code=u.coupon_code)


def empty_cart(u: Understanding, st: TurnState) -> Step:
    """Remove every line of the cart, one tool call per line."""
    if st.last("remove_from_cart") is not None:
        failed = [c for c in st.done if c.name == "remove_from_cart" and not c.ok]
        if failed:
            return answer(tool_problem(failed[0].result, u.language))
        return answer(say("cart_emptied", u.language))
    viewed = st.last("view_cart")
    if viewed is None:
        return call("view_cart")
    lines = viewed.result.get("lines", [])
    if not lines:
        return answer(say("cart_empty", u.language))
    calls = [call("remove_from_cart", sku=line["sku"]).calls[0] for line in lines]
    return Step(calls=tuple(calls))


def drop_coupon(u: Understanding, st: TurnState) -> Step:
    """Take the coupon off the cart."""
    done = st.last("remove_coupon")
    if done is None:
        return call("remove_coupon")
    if not done.ok:
        return answer(tool_problem(done.result, u.language))
    return answer(say("coupon_removed", u.language, total=done.result["total"]["display"]))
