"""What's on sale: `list_promotions` for the product, category or code asked about, then an
answer that gives the promotions that apply with their conditions, the products on sale, or an
honest "no promotion on that right now" followed by what is on. Every figure is read from the
tool's result; whether codes combine is the shop's documents' to say."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.agent.offline import commerce
from assistant.agent.offline.knowledge import SEARCH_LIMIT, knowledge, search_query
from assistant.agent.offline.phrasebook import say, tool_problem
from assistant.agent.offline.products import last_product, pick_variant, product_ref
from assistant.agent.offline.steps import Step, answer, call
from assistant.agent.offline.turn_state import DoneCall, TurnState
from assistant.agent.understanding.intents import Understanding
from assistant.agent.understanding.promotions import PromotionQuestion, accepts, promotion_words
from assistant.domain.money import to_decimal

MAX_RULES = 6
MAX_PRODUCTS = 5
_CONFIDENCE = 0.9
_POLICY_TYPES = ["policy", "faq"]

# Messages that act on the cart or an order are not answered with a list of deals.
_ACTIONS = frozenset(
    {"add_to_cart", "remove_from_cart", "update_quantity", "checkout", "order_status", "view_cart"}
)
_CHINESE_DIGITS = "〇一二三四五六七八九"


def asked(u: Understanding, st: TurnState) -> bool:
    """Whether the message asks what is on sale, which codes exist or what a code gives."""
    question = u.promotion
    if question is None or u.intent in _ACTIONS or u.bargain:
        return False
    if u.policy_topic not in (None, "discounts"):
        return False  # "a coupon on a partly returned order": the returns policy answers
    named = question.coupon_codes or u.coupon_code
    if u.intent == "apply_coupon" and named and not question.about_code:
        return False  # "use WELCOME10", "apply FREESHIP99": apply it (or say it does not exist)
    # A quote for a variant or a quantity shows the rule that prices it.
    return not (u.product_handles and (u.options or (u.quantity or 0) > 1))


def answer_promotions(u: Understanding, st: TurnState) -> Step:
    """Look the promotions up, then say what applies."""
    question = u.promotion
    assert question is not None
    if question.combining and len(question.coupon_codes) != 1:
        # Whether codes add up is the shop's rule: its documents answer.
        if st.last("search_knowledge") is None:
            return call(
                "search_knowledge",
                query=_combining_query(st.text, question),
                doc_types=_POLICY_TYPES,
                limit=SEARCH_LIMIT,
            )
        return knowledge(u, st, doc_types=_POLICY_TYPES)
    first = _first_call(st)
    if first is None:
        return call("list_promotions", **_arguments(u, st, question))
    if not first.ok:
        return answer(tool_problem(first.result, u.language), confidence=0.5, resolved=False)
    result: dict[str, Any] = first.result
    narrowed = bool(first.args.get("product") or first.args.get("category"))
    if narrowed and not result.get("price_rules") and st.called("list_promotions") == 1:
        return call("list_promotions", kind="price_rules")  # what is on, to offer instead
    if _cites_the_shop(question, first) and st.last("search_knowledge") is None:
        return call(
            "search_knowledge",
            query=search_query(u, st.text),
            doc_types=_POLICY_TYPES,
            limit=3,
        )
    others = st.last("list_promotions") if st.called("list_promotions") > 1 else None
    reply = write_promotions(u, result, others.result if others and others.ok else None)
    source = _source_line(st, u.language)
    step = answer("\n".join(part for part in (reply, source) if part), confidence=_CONFIDENCE)
    offered = offers_to_apply(result)
    if offered is not None:
        step.extra["pending"] = {"intent": "apply_coupon", "coupon": offered}
    return step


def apply_offered(u: Understanding, st: TurnState) -> Step | None:
    """ "Great, apply it." after the engine offered a code that works on the cart: apply that
    code; None when no code was offered or the message asks something else."""
    pending = st.brain.memory.pending
    offered = getattr(pending, "coupon", None) if pending is not None else None
    if pending is None or pending.intent != "apply_coupon" or not isinstance(offered, str):
        return None
    if u.coupon_code or u.product_handles or u.promotion is not None:
        return None
    if not (u.confirmation == "yes" or accepts(st.text)):
        return None
    return commerce.coupon(u.model_copy(update={"coupon_code": offered}), st)


def _combining_query(text: str, question: PromotionQuestion) -> str:
    """The question without its codes (they pull in the passage listing codes), with the words
    an FAQ about combining codes uses."""
    words = [
        word for word in text.split() if word.strip("?,.!").upper() not in question.coupon_codes
    ]
    return f"{' '.join(words)} {promotion_words().combining_query}".strip()[:500]


def _first_call(st: TurnState) -> DoneCall | None:
    return next((done for done in st.done if done.name == "list_promotions"), None)


def _arguments(u: Understanding, st: TurnState, question: PromotionQuestion) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    if len(question.coupon_codes) == 1:
        arguments["coupon"] = question.coupon_codes[0]
        if question.order_total is not None:
            arguments["order_total"] = str(question.order_total)
        return arguments
    product = _product_meant(u, st)
    if product is not None:
        arguments["product"] = product
    elif u.category_hint or u.category_hints:
        arguments["category"] = u.category_hint or u.category_hints[0]
    if question.kind != "all":
        arguments["kind"] = question.kind
    return arguments


def _product_meant(u: Understanding, st: TurnState) -> str | None:
    if u.product_handles:
        return u.product_handles[0]
    if u.refers_to_previous and not (u.category_hint or u.category_hints):
        remembered = last_product(st)
        return product_ref(remembered) if remembered else None
    return None


def _cites_the_shop(question: PromotionQuestion, first: DoneCall) -> bool:
    """An open question about deals or codes also reads what the shop's documents say."""
    return not question.coupon_codes and not (
        first.args.get("product") or first.args.get("category")
    )


def _source_line(st: TurnState, language: str) -> str:
    done = st.last("search_knowledge")
    if done is None or not done.ok:
        return ""
    hits = done.result.get("hits") or []
    if not hits or float(done.result.get("confidence", 0.0)) < st.threshold:
        return ""
    citation = hits[0].get("citation", {})
    source = " — ".join(part for part in (citation.get("title"), citation.get("section")) if part)
    return say("promo_more", language, source=source) if source else ""


# --- the answer -------------------------------------------------------------------------------


def write_promotions(
    u: Understanding, result: dict[str, Any], others: dict[str, Any] | None
) -> str:
    """The answer to a promotions question from `list_promotions` results."""
    language = u.language
    rules = _sales_first(result.get("price_rules") or [])
    coupons: list[dict[str, Any]] = list(result.get("coupons") or [])
    products: list[dict[str, Any]] = list(result.get("products") or [])
    question = u.promotion
    if question is not None and len(question.coupon_codes) == 1 and coupons:
        return _about_code(coupons[0], language)
    lines: list[str] = []
    if result.get("product_on_sale") is not None and products:
        lines.extend(_about_product(u, products[0], rules, language))
    elif _category_asked(u) and not rules:
        lines.append(say("promo_none_category", language))
    elif rules:
        lines.append(say("promo_intro", language))
        lines.extend(_rule_line(rule, language) for rule in rules[:MAX_RULES])
        on_sale = [p for p in products if _lowered(p)][:MAX_PRODUCTS]
        if on_sale:
            lines.append(say("promo_products", language))
            lines.extend(_product_line(product, u.options, language) for product in on_sale)
    if not rules and others is not None:
        running = _sales_first(others.get("price_rules") or [])
        if running:
            lines.append(say("promo_running_instead", language))
            lines.extend(_rule_line(rule, language) for rule in running[:MAX_RULES])
    if coupons:
        lines.append(say("promo_coupons", language))
        lines.extend(_coupon_line(coupon, language) for coupon in coupons)
    if not lines:
        lines.append(say("promo_nothing", language))
    return "\n".join(lines)


def _sales_first(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sales before quantity breaks, each in the shop's order."""
    return sorted(rules, key=lambda rule: rule.get("kind") != "promotion")


def _category_asked(u: Understanding) -> bool:
    return bool(u.category_hint or u.category_hints) and not u.product_handles


def _about_product(
    u: Understanding, product: dict[str, Any], rules: list[dict[str, Any]], language: str
) -> list[str]:
    title = str(product.get("title", ""))
    variant = _variant(u, product)
    if variant is not None:
        price, regular = _display(variant.get("price")), _display(variant.get("regular_price"))
    else:
        price, regular = _display(product.get("price_from")), ""
    sales = [rule for rule in rules if int(rule.get("min_quantity", 1)) <= 1]
    breaks = [rule for rule in rules if int(rule.get("min_quantity", 1)) > 1]
    lines: list[str] = []
    if sales and _lowered(product):
        rule = sales[0]
        if variant is not None and price != regular:
            lines.append(
                say("promo_product_on_sale", language, title=title, price=price, regular=regular)
            )
        else:
            lines.append(say("promo_product_on_sale_from", language, title=title, price=price))
        lines.append(_rule_line(rule, language))
    else:
        lines.append(say("promo_product_none", language, title=title, price=price))
    if breaks:
        lines.append(say("promo_product_breaks", language))
        lines.extend(_rule_line(rule, language) for rule in breaks)
    return lines


def _variant(u: Understanding, product: dict[str, Any]) -> dict[str, Any] | None:
    variants = list(product.get("variants") or [])
    if len(variants) == 1:
        return dict(variants[0])
    if not u.options:
        prices = {_display(v.get("price")) for v in variants}
        return dict(variants[0]) if len(prices) == 1 and variants else None
    picked = pick_variant(product, u.options)
    return picked if isinstance(picked, dict) else None


def _rule_line(rule: dict[str, Any], language: str) -> str:
    percent = int(rule.get("percent_off", 0))
    scope = rule.get("applies_to") or {}
    name = str(scope.get("name") or "") or say("promo_everything", language)
    minimum = int(rule.get("min_quantity", 1))
    conditions = ""
    if minimum > 1:
        conditions += say("promo_from_units", language, n=minimum)
    ends = _date(rule.get("ends_at"))
    if ends:
        conditions += say("promo_until", language, date=ends)
    return say(
        "promo_rule_line",
        language,
        off=_percent_off(percent, language),
        scope=name,
        conditions=conditions,
        name=rule.get("name", ""),
    )


def _coupon_line(coupon: dict[str, Any], language: str) -> str:
    return say(
        "promo_coupon_line", language, code=coupon.get("code", ""), terms=_terms(coupon, language)
    )


def _terms(coupon: dict[str, Any], language: str) -> str:
    if language != "zh" and coupon.get("description"):
        return str(coupon["description"])
    amount = coupon.get("amount_off")
    off = (
        say("promo_amount_off", language, amount=_display(amount))
        if amount
        else _percent_off(int(coupon.get("percent_off") or 0), language)
    )
    minimum = coupon.get("min_spend") or {}
    terms = off
    if int(minimum.get("amount_minor", 0)) > 0:
        terms = say("promo_min_spend", language, off=off, amount=_display(minimum))
    if coupon.get("per_customer_limit") == 1:
        terms += say("promo_once", language)
    ends = _date(coupon.get("ends_at"))
    if ends:
        terms += say("promo_until", language, date=ends)
    return terms


def _about_code(coupon: dict[str, Any], language: str) -> str:
    code = str(coupon.get("code", ""))
    status = str(coupon.get("status", "active"))
    if status == "expired":
        return say("promo_code_expired", language, code=code, date=_date(coupon.get("ends_at")))
    if status == "not_started":
        return say(
            "promo_code_not_started", language, code=code, date=_date(coupon.get("starts_at"))
        )
    if status == "used_up":
        return say("promo_code_used_up", language, code=code)
    if status == "already_used":
        return say("promo_code_already_used", language, code=code)
    lines = [say("promo_code_active", language, code=code, terms=_terms(coupon, language))]
    on_order = coupon.get("on_order")
    if isinstance(on_order, dict):
        where = "cart" if on_order.get("measured_on") == "cart" else "order"
        figures = {
            "code": code,
            "total": _display(on_order.get("order_total")),
            "discount": _display(on_order.get("discount")),
            "after": _display(on_order.get("total_after")),
            "amount": _display(coupon.get("min_spend")),
        }
        key = f"promo_code_{where}_{'takes' if on_order.get('applies') else 'short'}"
        lines.append(say(key, language, **figures))
    return " ".join(lines)


def offers_to_apply(result: dict[str, Any]) -> str | None:
    """The code the answer offered to apply: one that takes something off the shopper's cart."""
    coupons = result.get("coupons") or []
    if len(coupons) != 1 or not isinstance(coupons[0].get("on_order"), dict):
        return None
    on_order = coupons[0]["on_order"]
    if on_order.get("measured_on") == "cart" and on_order.get("applies"):
        return str(coupons[0]["code"])
    return None


def _product_line(product: dict[str, Any], options: dict[str, str], language: str) -> str:
    """A product on sale: the variant with the options asked for, else its cheapest on sale."""
    variants = [v for v in product.get("variants") or [] if _variant_lowered(v)]
    picked = pick_variant({"variants": variants}, options) if options else None
    cheapest = (
        picked
        if isinstance(picked, dict)
        else min(variants, key=lambda v: int(v["price"]["amount_minor"]))
        if variants
        else None
    )
    price = _display(cheapest["price"]) if cheapest else _display(product.get("price_from"))
    regular = _display(cheapest["regular_price"]) if cheapest else ""
    return say(
        "promo_product_line", language, title=product.get("title", ""), price=price, regular=regular
    )


def _lowered(product: dict[str, Any]) -> bool:
    return any(_variant_lowered(v) for v in product.get("variants") or [])


def _variant_lowered(variant: dict[str, Any]) -> bool:
    price = (variant.get("price") or {}).get("amount_minor")
    regular = (variant.get("regular_price") or {}).get("amount_minor")
    return isinstance(price, int) and isinstance(regular, int) and price < regular


def _display(money: Any) -> str:
    if isinstance(money, dict):
        if money.get("display"):
            return str(money["display"])
        if "amount_minor" in money and "currency" in money:
            return str(to_decimal(int(money["amount_minor"]), str(money["currency"])))
    return str(money or "")


def _date(value: Any) -> str:
    """An ISO date from a tool's timestamp ('2030-12-31T23:59:59Z' -> '2030-12-31')."""
    return str(value)[:10] if value else ""


def _percent_off(percent: int, language: str) -> str:
    """ "20% off"; in Chinese also the share paid in tenths (八折), as shops write it."""
    if language != "zh":
        return say("promo_percent_off", language, percent=percent)
    paid = Decimal(100 - percent) / 10
    whole, tenth = divmod(int(paid * 10), 10)
    if 0 < whole < 10:
        tenths = _CHINESE_DIGITS[whole] + (_CHINESE_DIGITS[tenth] if tenth else "")
        return say("promo_percent_off_tenths", language, percent=percent, tenths=tenths)
    return say("promo_percent_off", language, percent=percent)
