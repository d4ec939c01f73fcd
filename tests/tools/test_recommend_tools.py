from sqlalchemy import update

from assistant.catalog.customers import CustomersIn, apply_customers
from assistant.db import Database
from assistant.domain import Variant
from tests.tools.helpers import failed, fill, ok
from tools.deps import ToolDeps
from tools.recommend import Recommendations, recommend_products


def picks(result: Recommendations) -> list[tuple[str, str]]:
    return [(item.product.handle, item.reason) for item in result.items]


def test_declared_complements_come_first(deps: ToolDeps) -> None:
    result = ok(recommend_products(deps, "trail-boot"))
    assert picks(result)[0] == ("wool-sock", "complement")


def test_a_more_expensive_product_of_the_same_category_is_an_upgrade(deps: ToolDeps) -> None:
    assert ("summit-boot", "upgrade") in picks(ok(recommend_products(deps, "trail-boot")))


def test_products_bought_together_are_recommended(deps: ToolDeps, database: Database) -> None:
    order = {
        "placed_at": "2026-05-01T10:00:00Z",
        "status": "delivered",
        "lines": [{"sku": "SHOE-CITY-42", "quantity": 1}, {"sku": "JACKET-STORM-M", "quantity": 1}],
    }
    customers = CustomersIn.model_validate(
        {"customers": [{"external_id": "ann", "orders": [{"number": "A-1", **order}]}]}
    )
    with database.transaction() as session:
        apply_customers(session, "shop", customers)
    assert picks(ok(recommend_products(deps, "city-shoe"))) == [("rain-jacket", "bought_together")]


def test_out_of_stock_products_are_not_recommended(deps: ToolDeps, database: Database) -> None:
    with database.transaction() as session:
        session.execute(update(Variant).where(Variant.sku == "SOCK-WOOL-M").values(stock_on_hand=0))
    assert "wool-sock" not in [
        handle for handle, _ in picks(ok(recommend_products(deps, "trail-boot")))
    ]


def test_recommendations_list_only_variants_in_stock(deps: ToolDeps) -> None:
    result = ok(recommend_products(deps, "city-shoe", limit=10))
    assert all(v.in_stock for item in result.items for v in item.product.variants)


def test_cart_recommendations_skip_what_is_already_in_the_cart(deps: ToolDeps) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1), ("SOCK-WOOL-M", 1))
    result = ok(recommend_products(deps))
    assert result.based_on == ["Trail Boot", "Wool Hiking Sock"]
    assert "wool-sock" not in [handle for handle, _ in picks(result)]
    assert ("summit-boot", "upgrade") in picks(result)


def test_recommendations_for_an_unknown_product_point_to_search(deps: ToolDeps) -> None:
    assert failed(recommend_products(deps, "hovercraft")).code == "product_not_found"
