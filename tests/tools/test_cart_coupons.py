from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.db import Database
from assistant.domain import Cart, Coupon
from assistant.errors import InvalidInputError
from tests.tools.conftest import DepsFactory, key
from tests.tools.helpers import failed, fill, ok
from tools.cart import apply_coupon
from tools.cart_coupons import issue_cart_coupon
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.promotions import list_promotions


def _issue(database: Database, deps: ToolDeps, percent: int = 10, cap: int = 15) -> str:
    with database.transaction() as session:
        cart = session.scalars(
            select(Cart).where(Cart.session_id == deps.session_id, Cart.status == "open")
        ).one()
        coupon = issue_cart_coupon(
            session,
            cart=cart,
            percent_off=percent,
            cap_percent=cap,
            ends_at=deps.now() + timedelta(days=2),
            origin="bargain",
            description="An offer while chatting",
            now=deps.now(),
        )
        return coupon.code


def test_an_issued_coupon_applies_to_its_own_cart(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    code = _issue(database, deps)
    assert code.startswith("OFFER-") and len(code) == len("OFFER-") + 8
    view = ok(apply_coupon(deps, code, idempotency_key=key()))
    assert view.coupon is not None and view.coupon.applied
    assert view.discount.amount_minor == 1_000


def test_an_issued_coupon_is_refused_in_another_cart(
    shop: str, new_deps: DepsFactory, database: Database
) -> None:
    owner = new_deps(shop)
    fill(owner, ("BOOT-TRAIL-42", 1))
    code = _issue(database, owner)
    other = new_deps(shop)
    fill(other, ("BOOT-TRAIL-42", 1))
    assert failed(apply_coupon(other, code, idempotency_key=key())).code == "coupon_other_cart"


def test_an_issued_coupon_is_unknown_to_other_shoppers_and_never_listed(
    shop: str, new_deps: DepsFactory, database: Database
) -> None:
    owner = new_deps(shop)
    fill(owner, ("BOOT-TRAIL-42", 1))
    code = _issue(database, owner)
    other = new_deps(shop)
    assert failed(list_promotions(other, coupon=code)).code == "unknown_coupon"
    listing = ok(list_promotions(other))
    assert code not in {coupon.code for coupon in listing.coupons}
    own = ok(list_promotions(owner, coupon=code))
    assert [coupon.code for coupon in own.coupons] == [code]


def test_an_issued_coupon_is_used_once(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    code = _issue(database, deps)
    ok(apply_coupon(deps, code, idempotency_key=key()))
    ok(start_checkout(deps, idempotency_key=key()))
    with database.session() as session:
        coupon = session.scalars(select(Coupon).where(Coupon.code == code)).one()
        assert (coupon.times_used, coupon.usage_limit, coupon.listed) == (1, 1, False)


@pytest.mark.parametrize("percent", [0, 16, 50])
def test_nothing_is_issued_outside_the_cap(
    deps: ToolDeps, database: Database, percent: int
) -> None:
    fill(deps, ("BOOT-TRAIL-42", 1))
    with pytest.raises(InvalidInputError):
        _issue(database, deps, percent=percent, cap=15)
    with database.session() as session:
        assert session.scalars(select(Coupon).where(Coupon.origin == "bargain")).all() == []
