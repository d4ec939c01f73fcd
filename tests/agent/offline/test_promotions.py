"""The offline engine answers what is on sale from `list_promotions`: the call first, then the
promotions that apply with their conditions, or no promotion on that and what is on."""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.engine import OfflineEngine
from assistant.agent.offline.turn_state import DoneCall
from tests.agent.offline.test_engine_turns import calls, decide, money


def sale_variant(sku: str, price: int, regular: int, **options: str) -> dict[str, Any]:
    return {
        "sku": sku,
        "options": options,
        "price": money(price),
        "regular_price": money(regular),
        "in_stock": True,
    }


RAIN_SALE = {
    "code": "RAIN-20",
    "name": "Rain sale",
    "kind": "promotion",
    "percent_off": 20,
    "min_quantity": 1,
    "applies_to": {"kind": "category", "slug": "rain-jackets", "name": "Rain Jackets"},
    "ends_at": "2030-12-31T23:59:59Z",
}
SOCK_BREAK = {
    "code": "SOCKS-3",
    "name": "Socks by three",
    "kind": "quantity_break",
    "percent_off": 15,
    "min_quantity": 3,
    "applies_to": {"kind": "category", "slug": "socks", "name": "Socks"},
    "ends_at": None,
}
SHELL = {
    "product_id": 3,
    "handle": "storm-shell",
    "title": "Storm Shell",
    "price_from": money(16000),
    "variants": [
        sale_variant("SHELL-M", 16000, 20000, size="M"),
        sale_variant("SHELL-L", 16000, 20000, size="L"),
    ],
}
SAVE = {
    "code": "SAVE10",
    "description": "",
    "status": "active",
    "percent_off": 10,
    "amount_off": None,
    "min_spend": money(5000),
    "per_customer_limit": 1,
    "ends_at": None,
}


def listed(args: dict[str, Any], **result: Any) -> DoneCall:
    return DoneCall("list_promotions", args, {"price_rules": [], "coupons": [], **result})


def test_an_open_question_lists_the_promotions_with_the_products_on_sale(
    engine: OfflineEngine,
) -> None:
    assert calls(decide(engine, "any deals going on this week?")) == [("list_promotions", {})]
    done = listed({}, price_rules=[SOCK_BREAK, RAIN_SALE], products=[SHELL], coupons=[SAVE])
    knowledge = DoneCall("search_knowledge", {"query": "deals"}, {"hits": [], "confidence": 0})
    reply = decide(engine, "any deals going on this week?", done, knowledge).reply
    lines = reply.splitlines()
    assert lines[1] == "• 20% off Rain Jackets, until 2030-12-31 (Rain sale)"
    assert lines[2] == "• 15% off Socks when you buy 3 or more (Socks by three)"
    assert "• Storm Shell: $160.00 (was $200.00)" in lines
    assert "• SAVE10: 10% off orders of $50.00 or more, once per customer" in lines


def test_an_offer_question_on_a_kind_of_product_reads_its_rules(engine: OfflineEngine) -> None:
    assert calls(decide(engine, "买三双袜子有优惠吗？")) == [
        ("list_promotions", {"category": "socks"})
    ]


def test_a_product_on_sale_is_said_so_with_its_price_before(engine: OfflineEngine) -> None:
    text = "is the storm shell on sale?"
    done = listed({"product": "storm-shell"}, price_rules=[RAIN_SALE], products=[SHELL])
    done.result["product_on_sale"] = True
    reply = decide(engine, text, done).reply
    assert reply.startswith("Yes, Storm Shell is on sale: $160.00 instead of $200.00.")


def test_nothing_on_what_was_asked_says_so_then_what_is_on(engine: OfflineEngine) -> None:
    text = "u got any sleeping bag deals"
    first = listed({"category": "sleeping-bags"})
    step = decide(engine, text, first)
    assert calls(step) == [("list_promotions", {"kind": "price_rules"})]
    running = listed({"kind": "price_rules"}, price_rules=[RAIN_SALE])
    lines = decide(engine, text, first, running).reply.splitlines()
    assert lines[0] == "There's no promotion on that right now."
    assert lines[-1].startswith("• 20% off Rain Jackets")


def test_a_question_about_a_code_is_told_its_terms_without_touching_the_cart(
    engine: OfflineEngine,
) -> None:
    text = "Does TRAIL20 work if my order is $120?"
    assert calls(decide(engine, text)) == [
        ("list_promotions", {"coupon": "TRAIL20", "order_total": "120"})
    ]
    coupon = {
        **SAVE,
        "code": "TRAIL20",
        "percent_off": None,
        "amount_off": money(2000),
        "min_spend": money(15000),
        "on_order": {
            "measured_on": "order_total",
            "order_total": money(12000),
            "applies": False,
            "discount": money(0),
            "total_after": money(12000),
        },
    }
    done = listed({"coupon": "TRAIL20", "order_total": "120"}, coupons=[coupon])
    reply = decide(engine, text, done).reply
    assert "That order doesn't qualify: TRAIL20 needs at least $150.00." in reply


def test_an_expired_code_is_said_to_have_ended_in_chinese(engine: OfflineEngine) -> None:
    text = "SUMMER25 这个码还能用吗？"
    ended = {**SAVE, "code": "SUMMER25", "status": "expired", "ends_at": "2026-09-01T00:00:00Z"}
    reply = decide(engine, text, listed({"coupon": "SUMMER25"}, coupons=[ended])).reply
    assert reply == "SUMMER25已于2026-09-01过期，不能再使用。"


def test_chinese_sales_are_also_told_as_tenths_paid(engine: OfflineEngine) -> None:
    done = listed({}, price_rules=[SOCK_BREAK])
    knowledge = DoneCall("search_knowledge", {"query": "x"}, {"hits": [], "confidence": 0})
    reply = decide(engine, "有什么优惠", done, knowledge).reply
    assert "• Socks满3件：15% 优惠（八五折）（Socks by three）" in reply


def test_whether_codes_combine_is_searched_in_the_shops_documents(engine: OfflineEngine) -> None:
    step = decide(engine, "Can I use WELCOME10 and TRAIL20 together on one order?")
    [(name, args)] = calls(step)
    assert name == "search_knowledge"
    assert "WELCOME10" not in args["query"] and "more than one coupon code" in args["query"]


def test_a_request_to_apply_a_code_is_not_answered_with_deals(engine: OfflineEngine) -> None:
    assert calls(decide(engine, "apply TRAIL20 pls")) == [("apply_coupon", {"code": "TRAIL20"})]
    unknown = decide(engine, "Apply the coupon FREESHIP99.")
    assert calls(unknown) == [("apply_coupon", {"code": "FREESHIP99"})]


def test_a_code_that_works_on_the_cart_is_offered_then_applied_on_yes(
    engine: OfflineEngine,
) -> None:
    coupon = {
        **SAVE,
        "code": "TRAIL20",
        "on_order": {
            "measured_on": "cart",
            "order_total": money(31900),
            "applies": True,
            "discount": money(3190),
            "total_after": money(28710),
        },
    }
    done = listed({"coupon": "TRAIL20"}, coupons=[coupon])
    step = decide(engine, "would TRAIL20 work on that?", done)
    assert "On your cart ($319.00) it takes $31.90 off, making $287.10." in step.reply
    assert step.extra["pending"] == {"intent": "apply_coupon", "coupon": "TRAIL20"}
    pending = {"intent": "apply_coupon", "coupon": "TRAIL20"}
    follow = decide(engine, "Great, apply it.", pending=pending)
    assert calls(follow) == [("apply_coupon", {"code": "TRAIL20"})]


def test_without_an_offer_a_bare_yes_applies_nothing(engine: OfflineEngine) -> None:
    assert calls(decide(engine, "Great, apply it.")) != [("apply_coupon", {"code": "TRAIL20"})]
