from decimal import Decimal

from assistant.db import Database
from assistant.domain import Product
from tests.tools.conftest import DepsFactory, build_shop
from tools.catalog_view import ProductDetail
from tools.deps import RankableProduct, ToolDeps
from tools.ranking import LexicalRanker, query_terms
from tools.results import ToolError
from tools.search import SearchResults, get_product, search_products


def found(result: SearchResults | ToolError) -> list[str]:
    assert isinstance(result, SearchResults)
    return [product.handle for product in result.products]


def test_search_finds_products_by_words_in_the_title(deps: ToolDeps) -> None:
    assert found(search_products(deps, "storm jacket")) == ["rain-jacket"]


def test_search_ranks_products_matching_every_word_first(deps: ToolDeps) -> None:
    handles = found(search_products(deps, "waterproof boots", limit=10))
    assert set(handles[:2]) == {"trail-boot", "summit-boot"}


def test_search_filters_by_category_including_subcategories(deps: ToolDeps) -> None:
    handles = found(search_products(deps, category="footwear", limit=10))
    assert set(handles) == {"trail-boot", "summit-boot", "city-shoe", "wool-sock"}


def test_search_accepts_a_category_name(deps: ToolDeps) -> None:
    assert set(found(search_products(deps, category="Hiking Boots"))) == {
        "trail-boot",
        "summit-boot",
    }


def test_search_in_an_unknown_category_is_a_typed_error(deps: ToolDeps) -> None:
    result = search_products(deps, category="spaceships")
    assert isinstance(result, ToolError)
    assert result.code == "invalid_arguments"


def test_search_price_range_keeps_only_variants_within_it(deps: ToolDeps) -> None:
    handles = found(
        search_products(deps, category="footwear", min_price=Decimal(50), max_price=Decimal(120))
    )
    assert set(handles) == {"trail-boot", "city-shoe"}


def test_search_attribute_filter_checks_product_attributes(deps: ToolDeps) -> None:
    handles = found(search_products(deps, attributes={"waterproof": True}, limit=10))
    assert set(handles) == {"trail-boot", "summit-boot", "rain-jacket"}


def test_search_option_filter_lists_only_matching_variants(deps: ToolDeps) -> None:
    result = search_products(deps, "boot", attributes={"size": "43"})
    assert isinstance(result, SearchResults)
    assert {v.sku for p in result.products for v in p.variants} == {
        "BOOT-TRAIL-43",
        "BOOT-SUMMIT-43",
    }


def test_search_option_filter_matches_words_of_the_value(deps: ToolDeps) -> None:
    assert found(search_products(deps, attributes={"color": "green"})) == ["city-shoe"]


def test_search_in_stock_only_hides_sold_out_variants(deps: ToolDeps) -> None:
    result = search_products(deps, "boot", attributes={"size": "43"}, in_stock_only=True)
    assert isinstance(result, SearchResults)
    assert [v.sku for p in result.products for v in p.variants] == ["BOOT-SUMMIT-43"]


def test_search_sorts_by_price(deps: ToolDeps) -> None:
    handles = found(search_products(deps, category="boots", sort="price_high_to_low"))
    assert handles == ["summit-boot", "trail-boot"]


def test_search_limit_keeps_the_total_count(deps: ToolDeps) -> None:
    result = search_products(deps, category="footwear", limit=1)
    assert isinstance(result, SearchResults)
    assert len(result.products) == 1
    assert result.total_matches == 4


def test_search_shows_the_promotion_price(deps: ToolDeps) -> None:
    result = search_products(deps, "rain jacket")
    assert isinstance(result, SearchResults)
    medium = result.products[0].variants[0]
    assert medium.price.amount_minor == 16_000
    assert medium.regular_price.amount_minor == 20_000
    assert medium.promotion == "Rain sale 20% off"


def test_search_reports_availability_from_stock(deps: ToolDeps) -> None:
    result = search_products(deps, "trail boot")
    assert isinstance(result, SearchResults)
    availability = {v.sku: v.available for v in result.products[0].variants}
    assert availability == {"BOOT-TRAIL-42": 3, "BOOT-TRAIL-43": 0}


def test_search_with_no_match_gives_a_hint(deps: ToolDeps) -> None:
    result = search_products(deps, "submarine")
    assert isinstance(result, SearchResults)
    assert result.products == []
    assert result.hint


def test_search_never_returns_another_stores_products(
    database: Database, new_deps: DepsFactory
) -> None:
    build_shop(database, "other")
    build_shop(database, "shop")
    result = search_products(new_deps("shop"), "boot", limit=20)
    assert isinstance(result, SearchResults)
    with database.session() as session:
        for summary in result.products:
            assert session.get_one(Product, summary.product_id).store_id == "shop"


def test_search_uses_a_plugged_in_ranker(new_deps: DepsFactory, shop: str) -> None:
    class SocksFirst:
        def rank(self, store_id: str, query: str, products: object) -> dict[int, float]:
            return {p.product_id: 1.0 for p in products if "Sock" in p.title}  # type: ignore[attr-defined]

    assert found(search_products(new_deps(shop, ranker=SocksFirst()), "anything")) == ["wool-sock"]


def test_get_product_by_handle_id_and_sku_is_the_same_product(deps: ToolDeps) -> None:
    by_handle = get_product(deps, "trail-boot")
    assert isinstance(by_handle, ProductDetail)
    assert get_product(deps, str(by_handle.product_id)) == by_handle
    assert get_product(deps, "BOOT-TRAIL-43") == by_handle
    assert by_handle.description.startswith("A light waterproof")
    assert {v.sku for v in by_handle.variants} == {"BOOT-TRAIL-42", "BOOT-TRAIL-43"}


def test_get_product_unknown_points_to_search(deps: ToolDeps) -> None:
    result = get_product(deps, "NOPE-1")
    assert isinstance(result, ToolError)
    assert result.code == "product_not_found"
    assert "search_products" in result.next_step


def test_ranker_folds_plurals_and_drops_stopwords() -> None:
    assert query_terms("Do you have any boots for batteries") == ["boot", "battery"]


def test_ranker_matches_chinese_text() -> None:
    items = [
        RankableProduct(1, "防水夹克", None, None, [], {}, [], ""),
        RankableProduct(2, "羊毛袜", None, None, [], {}, [], ""),
    ]
    assert set(LexicalRanker().rank("s", "防水", items)) == {1}


def test_a_kind_keeps_only_the_products_that_name_it(deps: ToolDeps) -> None:
    result = search_products(deps, category="footwear", kind="boot")
    assert isinstance(result, SearchResults)
    assert {p.handle for p in result.products} == {"trail-boot", "summit-boot"}
    assert not result.kind_ignored


def test_a_kind_no_product_names_does_not_empty_the_list(deps: ToolDeps) -> None:
    result = search_products(deps, category="socks", kind="sandal")
    assert isinstance(result, SearchResults)
    assert [p.handle for p in result.products] == ["wool-sock"]
    assert result.kind_ignored


def test_other_words_for_the_kind_keep_the_products_they_name(deps: ToolDeps) -> None:
    result = search_products(deps, category="footwear", kind="boot", kind_also=["shoe"])
    assert {p.handle for p in result.products} == {"trail-boot", "summit-boot", "city-shoe"}
    assert not result.kind_ignored


def test_the_kind_does_not_reorder_the_products_it_keeps(deps: ToolDeps) -> None:
    everything = found(search_products(deps, "waterproof hiking boot", limit=10))
    kept = found(search_products(deps, "waterproof hiking boot", kind="boot", limit=10))
    assert kept == [handle for handle in everything if handle in {"trail-boot", "summit-boot"}]


def test_each_product_says_how_many_constraints_it_meets(deps: ToolDeps) -> None:
    result = search_products(
        deps, category="boots", max_price=Decimal("200"), prefer={"insulated": True}
    )
    assert isinstance(result, SearchResults)
    assert result.constraints == ["price <= 200", "insulated"]
    summit, trail = result.products
    assert (summit.handle, summit.constraints_met, summit.unmet) == ("summit-boot", 2, [])
    assert (trail.handle, trail.constraints_met, trail.unmet) == ("trail-boot", 1, ["insulated"])
