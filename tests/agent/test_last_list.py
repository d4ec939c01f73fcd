"""The memory keeps the products a listing showed, so "the first two" works next turn."""

from __future__ import annotations

from assistant.agent.contract import ListedProduct
from assistant.agent.memory import last_list
from assistant.agent.turn import ToolCallRecord


def product(number: int) -> dict[str, object]:
    return {"product_id": number, "handle": f"p-{number}", "title": f"Product {number}"}


def test_the_last_listing_of_the_turn_is_remembered_in_order() -> None:
    calls = [
        ToolCallRecord(id="1", name="search_products", result={"products": [product(1)]}),
        ToolCallRecord(
            id="2", name="recommend_products", result={"items": [{"product": product(3)}]}
        ),
        ToolCallRecord(id="3", name="get_product", result=product(9)),
    ]
    assert [item.handle for item in last_list(calls, [])] == ["p-3"]


def test_a_turn_without_a_listing_keeps_what_was_shown_before() -> None:
    before = [ListedProduct(handle="p-1")]
    calls = [ToolCallRecord(id="1", name="view_cart", result={"lines": []})]
    assert last_list(calls, before) == before


def test_a_failed_listing_is_no_listing() -> None:
    before = [ListedProduct(handle="p-1")]
    calls = [ToolCallRecord(id="1", name="compare_products", result={"ok": False})]
    assert last_list(calls, before) == before


def test_a_ranking_is_remembered_in_its_order() -> None:
    calls = [
        ToolCallRecord(id="1", name="rank_products", result={"products": [product(4), product(2)]})
    ]
    assert [item.handle for item in last_list(calls, [])] == ["p-4", "p-2"]


def test_the_products_on_sale_a_promotions_answer_showed_are_remembered() -> None:
    result = {"price_rules": [], "coupons": [], "products": [product(4), product(5)]}
    calls = [ToolCallRecord(id="1", name="list_promotions", result=result)]
    assert [item.handle for item in last_list(calls, [])] == ["p-4", "p-5"]
