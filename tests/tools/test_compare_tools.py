"""`compare_products`: products side by side, differing attributes apart from shared ones."""

from __future__ import annotations

from typing import Any

from tests.tools.test_langchain_tools import call
from tools.compare import ComparedAttribute, ProductComparison, compare_products
from tools.deps import ToolDeps
from tools.results import ToolError


def compared(result: ProductComparison | ToolError) -> ProductComparison:
    assert isinstance(result, ProductComparison), result
    return result


def row(rows: list[ComparedAttribute], key: str) -> ComparedAttribute:
    return next(item for item in rows if item.key == key)


def test_the_products_come_back_in_the_order_asked_with_price_and_stock(deps: ToolDeps) -> None:
    result = compared(compare_products(deps, ["summit-boot", "trail-boot"]))
    assert [p.handle for p in result.products] == ["summit-boot", "trail-boot"]
    summit, trail = result.products
    assert (summit.price_from, trail.price_from) == ("$150.00", "$100.00")
    assert (summit.available, trail.available) == (7, 3)
    assert trail.options == {"size": ["42", "43"], "colour": ["Brown"]}


def test_a_measured_attribute_that_differs_is_marked_with_its_unit_and_extremes(
    deps: ToolDeps,
) -> None:
    result = compared(compare_products(deps, ["trail-boot", "summit-boot"]))
    weight = row(result.differences, "weight_g")
    assert (weight.label, weight.unit, weight.shown) == ("Weight", "g", ["520 g", "640 g"])
    trail, summit = result.products
    assert (weight.lowest, weight.highest) == ([trail.product_id], [summit.product_id])


def test_attributes_every_product_shares_are_listed_apart(deps: ToolDeps) -> None:
    result = compared(compare_products(deps, ["trail-boot", "summit-boot"]))
    assert row(result.shared, "waterproof").shown == ["yes", "yes"]
    assert "waterproof" not in {item.key for item in result.differences}


def test_an_attribute_only_one_product_states_is_a_difference(deps: ToolDeps) -> None:
    result = compared(compare_products(deps, ["trail-boot", "summit-boot"]))
    assert row(result.differences, "insulated").shown == ["not stated", "yes"]
    assert row(result.differences, "material").values == ["leather", None]


def test_the_price_leads_the_differences_with_the_cheapest_marked(deps: ToolDeps) -> None:
    result = compared(compare_products(deps, ["summit-boot", "trail-boot", "city-shoe"]))
    price = result.differences[0]
    assert price.key == "price"
    assert price.shown == ["$150.00", "$100.00", "$60.00"]
    assert price.lowest == [result.products[2].product_id]


def test_the_price_is_the_one_charged_now_under_a_promotion(deps: ToolDeps) -> None:
    result = compared(compare_products(deps, ["rain-jacket", "trail-boot"]))
    assert result.products[0].price_from == "$160.00"


def test_products_may_be_named_by_sku_or_id(deps: ToolDeps) -> None:
    first = compared(compare_products(deps, ["trail-boot", "BOOT-SUMMIT-43"]))
    again = compared(compare_products(deps, [str(p.product_id) for p in first.products]))
    assert [p.handle for p in again.products] == ["trail-boot", "summit-boot"]


def test_fewer_than_two_products_is_a_clear_error(deps: ToolDeps) -> None:
    result = compare_products(deps, ["trail-boot"])
    assert isinstance(result, ToolError)
    assert result.code == "invalid_arguments"
    assert "2 to 4 products" in result.message


def test_more_than_four_products_is_a_clear_error(deps: ToolDeps) -> None:
    five = ["trail-boot", "summit-boot", "city-shoe", "wool-sock", "rain-jacket"]
    result = compare_products(deps, five)
    assert isinstance(result, ToolError)
    assert "not 5" in result.message


def test_an_unknown_product_is_named_with_look_alikes(deps: ToolDeps) -> None:
    result = compare_products(deps, ["trail-boot", "sumit-boot"])
    assert isinstance(result, ToolError)
    assert result.code == "product_not_found"
    assert "'sumit-boot'" in result.message
    assert result.suggestions[0] == "summit-boot"


def test_the_same_product_twice_is_refused(deps: ToolDeps) -> None:
    result = compare_products(deps, ["trail-boot", "BOOT-TRAIL-42"])
    assert isinstance(result, ToolError)
    assert result.code == "invalid_arguments"


def test_the_model_sees_the_bounds_and_gets_a_typed_error_past_them(deps: ToolDeps) -> None:
    answer: dict[str, Any] = call(deps, "compare_products", products=["trail-boot"])
    assert answer["ok"] is False
    assert answer["code"] == "invalid_arguments"
    through = call(deps, "compare_products", products=["trail-boot", "summit-boot"])
    assert [p["handle"] for p in through["products"]] == ["trail-boot", "summit-boot"]
