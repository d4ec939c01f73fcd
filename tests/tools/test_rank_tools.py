"""`rank_products`: a kind of product in order of one of the catalog's own figures."""

from __future__ import annotations

from decimal import Decimal

from tests.tools.test_langchain_tools import call
from tools.attribute_sort import ProductRanking, rank_products
from tools.deps import ToolDeps
from tools.results import ToolError


def ranked(result: ProductRanking | ToolError) -> ProductRanking:
    assert isinstance(result, ProductRanking), result
    return result


def test_the_lightest_comes_first_with_its_figure_and_unit(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "weight_g", "least", category="footwear"))
    assert [p.handle for p in result.products] == ["trail-boot", "summit-boot"]
    assert [p.shown for p in result.products] == ["520 g", "640 g"]
    assert (result.label, result.unit, result.direction) == ("Weight", "g", "least")
    assert [p.rank for p in result.products] == [1, 2]


def test_most_puts_the_highest_figure_first(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "weight_g", "most"))
    assert [p.value for p in result.products] == [640, 520]


def test_products_that_do_not_state_the_attribute_are_counted_not_ranked(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "weight_g", "least", category="footwear"))
    assert result.ranked_count == 2
    assert result.missing_count == 2
    assert set(result.missing) == {"City Shoe", "Wool Hiking Sock"}


def test_a_category_never_lets_other_kinds_in(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "price", "least", category="boots"))
    assert {p.category for p in result.products} == {"boots"}


def test_the_price_ranks_by_the_price_now_after_promotions(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "price", "most", limit=2))
    # The rain jacket is 200.00 listed, 160.00 in the running 20% promotion.
    assert [p.handle for p in result.products] == ["rain-jacket", "summit-boot"]
    assert result.products[0].shown == "$160.00"
    assert result.products[0].value == 160.0


def test_each_product_says_how_many_constraints_it_meets_and_full_matches_lead(
    deps: ToolDeps,
) -> None:
    result = ranked(
        rank_products(
            deps, "weight_g", "least", max_price=Decimal("120"), require={"insulated": True}
        )
    )
    assert result.constraints == ["price <= 120", "insulated"]
    by_handle = {p.handle: p for p in result.products}
    assert by_handle["summit-boot"].constraints_met == 1
    assert by_handle["summit-boot"].unmet == ["price <= 120"]
    assert by_handle["trail-boot"].unmet == ["insulated"]
    assert result.meeting_all == 0


def test_a_met_constraint_moves_a_heavier_product_ahead(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "weight_g", "least", require={"insulated": True}))
    assert [p.handle for p in result.products] == ["summit-boot", "trail-boot"]
    assert result.meeting_all == 1


def test_an_option_counts_as_met_when_some_variant_has_it(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "weight_g", "least", require={"colour": "black"}))
    assert [p.handle for p in result.products] == ["summit-boot", "trail-boot"]


def test_a_feature_no_product_of_the_kind_states_is_ignored_and_said(deps: ToolDeps) -> None:
    result = ranked(
        rank_products(deps, "weight_g", "least", category="boots", require={"adjustable": True})
    )
    assert result.ignored_constraints == ["adjustable"]
    assert result.constraints == []
    assert all(p.constraints_met == 0 and not p.unmet for p in result.products)


def test_an_unknown_attribute_is_an_error_listing_the_figures_that_exist(deps: ToolDeps) -> None:
    result = rank_products(deps, "lumens", "most")
    assert isinstance(result, ToolError)
    assert result.code == "invalid_arguments"
    assert result.suggestions == ["price", "weight_g"]
    assert "weight_g" in result.message


def test_a_text_attribute_cannot_rank(deps: ToolDeps) -> None:
    result = rank_products(deps, "material", "most")
    assert isinstance(result, ToolError)


def test_an_unknown_category_is_an_error(deps: ToolDeps) -> None:
    result = rank_products(deps, "weight_g", "least", category="kayaks")
    assert isinstance(result, ToolError)
    assert "kayaks" in result.message


def test_the_limit_cuts_the_list_but_not_the_counts(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "price", "least", limit=1))
    assert len(result.products) == 1
    assert result.ranked_count == 5


def test_the_tool_answers_through_langchain_with_closed_arguments(deps: ToolDeps) -> None:
    result = call(deps, "rank_products", attribute="weight_g", direction="least")
    assert result["products"][0]["handle"] == "trail-boot"
    wrong = call(deps, "rank_products", attribute="weight_g", direction="heaviest")
    assert wrong["ok"] is False and wrong["code"] == "invalid_arguments"


def test_a_kind_keeps_the_ranking_to_the_products_that_name_it(deps: ToolDeps) -> None:
    result = ranked(rank_products(deps, "price", "least", category="footwear", kind="boot"))
    assert [p.handle for p in result.products] == ["trail-boot", "summit-boot"]
    assert result.kind == "boot"
    ignored = ranked(rank_products(deps, "price", "least", category="boots", kind="sandal"))
    assert ignored.kind is None
    assert len(ignored.products) == 2
