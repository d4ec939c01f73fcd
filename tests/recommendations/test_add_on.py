"""The one suggestion after an add to the cart: in stock, in the shopper's size, with a reason."""

from sqlalchemy import update

from assistant.db import Database
from assistant.domain import Variant
from tests.recommendations.conftest import ShopperFactory
from tests.tools.conftest import key
from tests.tools.helpers import fill
from tools.add_on import suggest_add_on
from tools.personal import set_personal_recommendations


def test_the_footprint_is_made_for_the_tent(shopper: ShopperFactory) -> None:
    deps = shopper(None)
    fill(deps, ("TENT-RL2-GRN", 1))
    found = suggest_add_on(deps, "TENT-RL2-GRN")
    assert found is not None
    assert (found.sku, found.reason) == ("TENT-RL2FP-GRY", "made_for")
    assert found.because_of == "Ridgeline 2P Backpacking Tent"


def test_a_sized_companion_comes_in_the_size_just_added(shopper: ShopperFactory) -> None:
    deps = shopper(None)
    fill(deps, ("JKT-CLOUD-BLU-M", 1))
    found = suggest_add_on(deps, "JKT-CLOUD-BLU-M")
    assert found is not None
    assert found.handle == "downpour-rain-trousers"
    assert found.options["size"] == "M"


def test_a_companion_out_of_stock_in_that_size_is_skipped(shopper: ShopperFactory) -> None:
    deps = shopper(None)
    fill(deps, ("JKT-CLOUD-BLU-XXL", 1))  # the rain trousers have no XXL left
    found = suggest_add_on(deps, "JKT-CLOUD-BLU-XXL")
    assert found is None or found.handle != "downpour-rain-trousers"


def test_an_out_of_stock_companion_is_skipped(shopper: ShopperFactory) -> None:
    deps = shopper(None)
    fill(deps, ("PAD-POLAR-LONG", 1))  # its first companion, the Glacier bag, is sold out
    found = suggest_add_on(deps, "PAD-POLAR-LONG")
    assert found is not None
    assert found.handle == "accordion-foam-pad"


def test_nothing_is_suggested_when_every_companion_is_sold_out(
    shopper: ShopperFactory, database: Database
) -> None:
    deps = shopper(None)
    fill(deps, ("TENT-RL2-GRN", 1))
    with database.transaction() as session:
        session.execute(
            update(Variant).values(stock_on_hand=0).where(Variant.sku != "TENT-RL2-GRN")
        )
    assert suggest_add_on(deps, "TENT-RL2-GRN") is None


def test_what_is_already_in_the_cart_is_not_suggested(shopper: ShopperFactory) -> None:
    deps = shopper(None)
    fill(deps, ("TENT-RL2-GRN", 1), ("TENT-RL2FP-GRY", 1))
    found = suggest_add_on(deps, "TENT-RL2-GRN")
    assert found is not None
    assert found.handle != "ridgeline-2p-footprint"


def test_a_numeric_size_picks_the_companion_size_whose_range_holds_it(
    shopper: ShopperFactory,
) -> None:
    deps = shopper(None)
    fill(deps, ("BOOT-PINE-BRN-44", 1))  # the crew socks come in "L (43-46)"
    found = suggest_add_on(deps, "BOOT-PINE-BRN-44")
    assert found is not None
    assert found.handle == "merino-hiker-crew-sock"
    assert found.options["size"] == "L (43-46)"


def test_a_customers_usual_size_fits_a_companion_the_cart_gives_no_size_for(
    shopper: ShopperFactory,
) -> None:
    # The Scout 22 daypack goes with the Cloudburst jacket: Priya kept a rain jacket in S.
    priya = shopper("cust-1003")
    fill(priya, ("DAY-SCT22-BLU", 1))
    found = suggest_add_on(priya, "DAY-SCT22-BLU")
    assert found is not None
    assert (found.handle, found.options.get("size")) == ("cloudburst-rain-jacket", "S")


def test_an_anonymous_shopper_gets_no_guessed_size(shopper: ShopperFactory) -> None:
    deps = shopper(None)
    fill(deps, ("DAY-SCT22-BLU", 1))
    found = suggest_add_on(deps, "DAY-SCT22-BLU")
    assert found is None or found.handle != "cloudburst-rain-jacket"


def test_an_opted_out_customer_gets_no_size_from_history(shopper: ShopperFactory) -> None:
    priya = shopper("cust-1003")
    set_personal_recommendations(priya, enabled=False, idempotency_key=key())
    fill(priya, ("DAY-SCT22-BLU", 1))
    found = suggest_add_on(priya, "DAY-SCT22-BLU")
    assert found is None or found.handle != "cloudburst-rain-jacket"


def test_a_product_size_needs_no_fit(shopper: ShopperFactory) -> None:
    # Fuel comes in 100 g, 230 g and 450 g: a size of the product, not of the shopper.
    deps = shopper(None)
    fill(deps, ("STV-POCKET-SLV", 1))
    found = suggest_add_on(deps, "STV-POCKET-SLV")
    assert found is not None
    assert found.handle == "fuel-canister"
