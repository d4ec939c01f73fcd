from sqlalchemy import update

from assistant.db import Database
from assistant.domain import Variant
from tools.deps import ToolDeps
from tools.results import ToolError
from tools.stock import StockLevel, check_stock


def test_check_stock_reports_units_available_now(deps: ToolDeps) -> None:
    level = check_stock(deps, "BOOT-SUMMIT-42", 2)
    assert isinstance(level, StockLevel)
    assert (level.available, level.available_now, level.alternatives) == (5, True, [])


def test_check_stock_short_offers_other_options_then_similar_products(deps: ToolDeps) -> None:
    level = check_stock(deps, "BOOT-TRAIL-43")
    assert isinstance(level, StockLevel)
    assert not level.available_now
    assert [(a.sku, a.reason) for a in level.alternatives] == [
        ("BOOT-TRAIL-42", "other_option"),
        ("BOOT-SUMMIT-43", "similar_product"),
    ]


def test_check_stock_counts_reserved_units_as_unavailable(
    deps: ToolDeps, database: Database
) -> None:
    with database.transaction() as session:
        session.execute(
            update(Variant).where(Variant.sku == "BOOT-TRAIL-42").values(stock_reserved=2)
        )
    level = check_stock(deps, "BOOT-TRAIL-42", 2)
    assert isinstance(level, StockLevel)
    assert (level.available, level.available_now) == (1, False)


def test_check_stock_of_an_unknown_sku_suggests_close_skus(deps: ToolDeps) -> None:
    result = check_stock(deps, "BOOT-TRAIL-44")
    assert isinstance(result, ToolError)
    assert result.code == "unknown_sku"
    assert "BOOT-TRAIL-42" in result.suggestions
    assert "search_products" in result.next_step


def test_check_stock_ignores_sku_case(deps: ToolDeps) -> None:
    level = check_stock(deps, "boot-trail-42")
    assert isinstance(level, StockLevel)
    assert level.sku == "BOOT-TRAIL-42"


def test_check_stock_over_the_line_limit_is_a_typed_error(deps: ToolDeps) -> None:
    result = check_stock(deps, "SOCK-WOOL-M", deps.settings.max_line_quantity + 1)
    assert isinstance(result, ToolError)
    assert result.code == "quantity_over_limit"


def test_check_stock_of_zero_units_is_a_typed_error(deps: ToolDeps) -> None:
    result = check_stock(deps, "SOCK-WOOL-M", 0)
    assert isinstance(result, ToolError)
    assert result.code == "invalid_quantity"
