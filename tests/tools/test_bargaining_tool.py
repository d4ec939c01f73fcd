"""request_better_price on the demo store's limits: code decides, once per conversation."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from assistant.config import Settings
from assistant.db import Database
from assistant.demo import DEMO_STORE_ID
from assistant.domain import BargainOffer, Coupon
from assistant.shopper_sessions import start_session
from tests.tools.conftest import key
from tests.tools.helpers import fill, ok
from tools.bargaining import BetterPrice, request_better_price
from tools.deps import ToolDeps
from tools.services import ToolServices

NOW = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture
def shopper(demo_tables: Database, settings: Settings) -> ToolDeps:
    database = demo_tables
    with database.transaction() as session:
        issued = start_session(session, settings, DEMO_STORE_ID, now=NOW)
    services = ToolServices.build(settings, database, now=lambda: NOW)
    return services.for_shopper(
        DEMO_STORE_ID, issued.identity.session_id, conversation_id="conversation-1"
    )


def ask(deps: ToolDeps, product: str, asked: int | None = None) -> BetterPrice:
    result = request_better_price(deps, product, asked_percent=asked, idempotency_key=key())
    assert isinstance(result, BetterPrice), result
    return result


def test_a_fair_ask_gets_a_coupon_bound_to_the_cart(shopper: ToolDeps, database: Database) -> None:
    cart = fill(shopper, ("DAY-SCT22-BLU", 1))
    offer = ask(shopper, "scout-22-daypack")
    assert (offer.outcome, offer.percent_off, offer.applied) == ("offered", 5, True)
    assert offer.cart is not None and offer.cart.total.amount_minor == 8455
    with database.session() as session:
        coupon = session.scalars(select(Coupon).where(Coupon.code == offer.code)).one()
        assert (coupon.cart_id, coupon.usage_limit, coupon.origin) == (cart.cart_id, 1, "bargain")


def test_asking_again_repeats_the_one_offer(shopper: ToolDeps, database: Database) -> None:
    fill(shopper, ("DAY-SCT22-BLU", 1))
    first = ask(shopper, "scout-22-daypack")
    again = ask(shopper, "DAY-SCT22-BLU", asked=10)
    assert (again.outcome, again.refusal, again.code) == ("declined", "already_offered", first.code)
    with database.session() as session:
        offers = session.scalars(select(BargainOffer).order_by(BargainOffer.id)).all()
        assert [o.outcome for o in offers] == ["offered", "declined"]
        assert session.scalars(select(Coupon).where(Coupon.origin == "bargain")).all()[0]


def test_the_margin_floor_holds_the_whole_cart(shopper: ToolDeps) -> None:
    fill(shopper, ("DAY-SCT22-BLU", 1), ("BOOT-SUMMIT-BRN-39", 1))
    assert ask(shopper, "scout-22-daypack").percent_off == 2


def test_a_tent_needs_a_related_item(shopper: ToolDeps) -> None:
    fill(shopper, ("TENT-RL2-GRN", 1))
    alone = ask(shopper, "ridgeline-2p-tent")
    assert (alone.refusal, "Ridgeline 2P Footprint" in alone.related) == ("needs_bundle", True)
    fill(shopper, ("TENT-RL2FP-GRY", 1))
    assert ask(shopper, "ridgeline-2p-tent").percent_off == 10


def test_more_than_the_limit_gets_the_limit_and_more_than_the_cap_a_person(
    shopper: ToolDeps,
) -> None:
    fill(shopper, ("DAY-RDG28-FGR", 1), ("SOCK-MHC-CHR-M", 4))
    assert ask(shopper, "merino-hiker-crew-sock", asked=50).outcome == "handoff"
    offer = ask(shopper, "ridge-28-daypack", asked=12)
    assert (offer.outcome, offer.percent_off, offer.beyond_limit) == ("offered", 5, True)


def test_a_product_outside_the_cart_gets_no_offer(shopper: ToolDeps) -> None:
    fill(shopper, ("DAY-SCT22-BLU", 1))
    assert ask(shopper, "ridge-28-daypack").refusal == "not_in_cart"
    assert ok(request_better_price(shopper, "scout-22-daypack", idempotency_key=key())).code
