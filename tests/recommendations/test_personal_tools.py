"""Personal suggestions and usual sizes from the demo customers' purchase histories."""

from sqlalchemy import update

from assistant.db import Database
from assistant.domain import Variant
from tests.recommendations.conftest import ShopperFactory
from tests.tools.conftest import key
from tests.tools.helpers import failed, ok
from tools.personal import (
    PersonalRecommendations,
    customer_brief,
    recommend_for_me,
    set_personal_recommendations,
)


def handles(result: PersonalRecommendations) -> list[str]:
    return [item.product.handle for item in result.items]


def test_usual_sizes_come_from_kept_orders(shopper: ShopperFactory) -> None:
    result = ok(recommend_for_me(shopper("cust-1001")))
    sizes = {usual.category_slug: usual.size for usual in result.usual_sizes}
    assert sizes["hiking-boots"] == "39"
    assert result.first_name == "Maya"


def test_a_refunded_order_says_nothing_about_size_or_taste(shopper: ShopperFactory) -> None:
    # Elena kept Hearth boots in 41 and had Rockhopper women's shoes in 41 refunded.
    result = ok(recommend_for_me(shopper("cust-1006")))
    assert all("Rockhopper" not in usual.last_bought for usual in result.usual_sizes)
    daniel = ok(recommend_for_me(shopper("cust-1002")))
    assert "Canyon 6P Cabin Tent" not in daniel.bought


def test_suggestions_go_with_a_bought_tent_and_skip_what_they_own(
    shopper: ShopperFactory,
) -> None:
    result = ok(recommend_for_me(shopper("cust-1001"), category="tents"))
    assert result.bought == ["Ridgeline 2P Backpacking Tent"]
    assert handles(result)[0] == "ridgeline-2p-footprint"
    assert "alpine-air-sleeping-pad" not in handles(result)  # she has it already


def test_out_of_stock_products_are_never_suggested(
    shopper: ShopperFactory, database: Database
) -> None:
    with database.transaction() as session:
        session.execute(
            update(Variant).where(Variant.sku == "TENT-RL2FP-GRY").values(stock_on_hand=0)
        )
    result = ok(recommend_for_me(shopper("cust-1001"), category="tents"))
    assert "ridgeline-2p-footprint" not in handles(result)
    assert all(v.in_stock for item in result.items for v in item.product.variants)


def test_sized_suggestions_list_only_the_customers_size(shopper: ShopperFactory) -> None:
    # Daniel's Hearth boots (44) go with the Storm gloves: he has no glove size, so no gloves.
    result = ok(recommend_for_me(shopper("cust-1002")))
    for item in result.items:
        sizes = {v.options.get("size") for v in item.product.variants} - {None}
        assert len(sizes) <= 1
    assert "storm-insulated-gloves" not in handles(result)


def test_an_anonymous_shopper_gets_nothing_personal(shopper: ShopperFactory) -> None:
    assert failed(recommend_for_me(shopper(None))).code == "customer_not_identified"
    assert customer_brief(shopper(None)) is None


def test_opting_out_takes_effect_at_once_and_can_be_undone(shopper: ShopperFactory) -> None:
    maya = shopper("cust-1001")
    assert (
        ok(set_personal_recommendations(maya, enabled=False, idempotency_key=key())).enabled
        is False
    )
    assert failed(recommend_for_me(maya)).code == "personalisation_off"
    assert customer_brief(maya) is None
    assert (
        ok(set_personal_recommendations(maya, enabled=True, idempotency_key=key())).enabled is True
    )
    assert ok(recommend_for_me(maya)).first_name == "Maya"


def test_the_brief_for_the_brain_holds_name_and_sizes(shopper: ShopperFactory) -> None:
    brief = customer_brief(shopper("cust-1002"))
    assert brief is not None
    assert brief["first_name"] == "Daniel"
    # His sleeping pad is "Regular": a product's size, not one that fits a person.
    assert brief["usual_sizes"] == {"hiking-boots": "44", "socks": "L (43-46)"}
