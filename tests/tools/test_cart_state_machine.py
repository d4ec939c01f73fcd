"""Random sequences of cart and checkout operations keep the commerce invariants.

Invariants after every step: each cart's totals equal the sum of its priced lines; stock is
never negative and reserved never exceeds on hand; reserved stock is exactly what orders
awaiting payment hold (no order without reserved stock, no reservation without an order); and
a replayed write returns its first result and changes nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from pydantic import BaseModel
from sqlalchemy import select

from assistant.catalog.pricing import CouponIn, PriceRuleIn, PricingIn, apply_pricing
from assistant.catalog.schema import CatalogIn, CategoryIn
from assistant.catalog.upsert import apply_catalog
from assistant.config import Settings
from assistant.db import Database
from assistant.domain import Order, OrderLine, Variant
from assistant.shopper_sessions import start_session
from tests.factories import make_store
from tests.tools.conftest import NOW, product, variant
from tools.cart import add_to_cart, apply_coupon, remove_from_cart, update_cart_item, view_cart
from tools.cart_view import CartView
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.order_lifecycle import mark_paid, release_expired_reservations
from tools.order_views import OrderView
from tools.results import ToolError
from tools.services import ToolServices

SKUS = ["SM-SOCK", "SM-BOOT", "SM-LAMP"]
STOCK = {"SM-SOCK": 8, "SM-BOOT": 3, "SM-LAMP": 2}
CATALOG = CatalogIn(
    categories=[CategoryIn(slug="socks", name="Socks"), CategoryIn(slug="gear", name="Gear")],
    products=[
        product("sock", "Sock", "socks", variant("SM-SOCK", "3.33", STOCK["SM-SOCK"])),
        product("boot", "Boot", "gear", variant("SM-BOOT", "99.99", STOCK["SM-BOOT"])),
        product("lamp", "Lamp", "gear", variant("SM-LAMP", "24.50", STOCK["SM-LAMP"])),
    ],
)
PRICING = PricingIn(
    price_rules=[
        PriceRuleIn(
            code="SOCK3",
            name="3+",
            kind="quantity_break",
            category="socks",
            min_quantity=3,
            percent_off=15,
        ),
        PriceRuleIn(code="GEAR", name="gear", kind="promotion", category="gear", percent_off=7),
    ],
    coupons=[
        CouponIn(code="TENOFF", percent_off=10, min_spend=Decimal("20"), usage_limit=2),
        CouponIn(code="FIVER", amount_off=Decimal("5")),
    ],
)
Write = Callable[[ToolDeps, str], BaseModel]


def cart_machine(database: Database, settings: Settings) -> type[RuleBasedStateMachine]:
    class CartMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.store_id = f"sm-{uuid.uuid4().hex[:12]}"
            self.clock = NOW
            self.paid: dict[str, int] = defaultdict(int)
            self.last_write: dict[int, tuple[Write, str, BaseModel]] = {}
            self.cart_skus: dict[int, list[str]] = {}
            with database.transaction() as session:
                make_store(session, self.store_id)
                apply_catalog(session, self.store_id, CATALOG)
                apply_pricing(session, self.store_id, PRICING)
            self.shoppers = [self._shopper() for _ in range(3)]

        def _shopper(self) -> ToolDeps:
            with database.transaction() as session:
                issued = start_session(session, settings, self.store_id, now=self.clock)
            services = ToolServices.build(settings, database, now=self._now)
            return services.for_shopper(self.store_id, issued.identity.session_id)

        def _now(self) -> datetime:
            return self.clock

        def _write(self, shopper: int, call: Write) -> None:
            idempotency_key = uuid.uuid4().hex
            result = call(self.shoppers[shopper], idempotency_key)
            if isinstance(result, CartView):
                self.cart_skus[shopper] = [line.sku for line in result.lines]
            elif isinstance(result, OrderView):
                self.cart_skus[shopper] = []
            if not isinstance(result, ToolError):
                self.last_write[shopper] = (call, idempotency_key, result)

        def _pick_line(self, data: st.DataObject) -> tuple[int, str]:
            shopper = data.draw(st.sampled_from(sorted(s for s, k in self.cart_skus.items() if k)))
            return shopper, data.draw(st.sampled_from(self.cart_skus[shopper]))

        def _has_items(self) -> bool:
            return any(self.cart_skus.values())

        @rule(shopper=st.integers(0, 2), sku=st.sampled_from(SKUS), quantity=st.integers(1, 2))
        def add(self, shopper: int, sku: str, quantity: int) -> None:
            self._write(shopper, lambda d, k: add_to_cart(d, sku, quantity, idempotency_key=k))

        @precondition(_has_items)
        @rule(data=st.data(), quantity=st.integers(1, 3))
        def update(self, data: st.DataObject, quantity: int) -> None:
            shopper, sku = self._pick_line(data)
            self._write(shopper, lambda d, k: update_cart_item(d, sku, quantity, idempotency_key=k))

        @precondition(_has_items)
        @rule(data=st.data())
        def remove(self, data: st.DataObject) -> None:
            shopper, sku = self._pick_line(data)
            self._write(shopper, lambda d, k: remove_from_cart(d, sku, idempotency_key=k))

        @rule(shopper=st.integers(0, 2), code=st.sampled_from(["TENOFF", "FIVER"]))
        def coupon(self, shopper: int, code: str) -> None:
            self._write(shopper, lambda d, k: apply_coupon(d, code, idempotency_key=k))

        @precondition(_has_items)
        @rule(data=st.data())
        def checkout(self, data: st.DataObject) -> None:
            shopper, _ = self._pick_line(data)
            self._write(shopper, lambda d, k: start_checkout(d, idempotency_key=k))

        @rule(shopper=st.integers(0, 2))
        def replay_last_write(self, shopper: int) -> None:
            if shopper not in self.last_write:
                return
            call, idempotency_key, first = self.last_write[shopper]
            before = self._snapshot()
            again = call(self.shoppers[shopper], idempotency_key)
            assert again.model_dump(mode="json") == first.model_dump(mode="json")
            assert self._snapshot() == before

        @rule()
        def pay_oldest_order(self) -> None:
            with database.session() as session:
                order = session.scalar(
                    select(Order)
                    .where(Order.store_id == self.store_id, Order.status == "pending_payment")
                    .order_by(Order.id)
                    .limit(1)
                )
                lines = [(line.sku, line.quantity) for line in order.lines] if order else []
            if order is not None:
                mark_paid(database, self.store_id, order.number, self.clock)
                for sku, quantity in lines:
                    self.paid[sku] += quantity

        @rule()
        def let_holds_expire(self) -> None:
            self.clock += timedelta(seconds=settings.reservation_ttl_s + 1)
            release_expired_reservations(database, self.clock)

        def _snapshot(self) -> Any:
            carts = [view_cart(shopper).model_dump(mode="json") for shopper in self.shoppers]
            return carts, self._stock(), self._held()

        def _stock(self) -> dict[str, tuple[int, int]]:
            with database.session() as session:
                rows = session.scalars(select(Variant).where(Variant.store_id == self.store_id))
                return {row.sku: (row.stock_on_hand, row.stock_reserved) for row in rows}

        def _held(self) -> dict[str, int]:
            held: dict[str, int] = defaultdict(int)
            with database.session() as session:
                rows = session.execute(
                    select(OrderLine.sku, OrderLine.quantity)
                    .join(Order, Order.id == OrderLine.order_id)
                    .where(Order.store_id == self.store_id, Order.status == "pending_payment")
                ).all()
            for sku, quantity in rows:
                held[sku] += quantity
            return dict(held)

        @invariant()
        def totals_equal_the_sum_of_priced_lines(self) -> None:
            for shopper in self.shoppers:
                cart: CartView = view_cart(shopper)
                for line in cart.lines:
                    discount = line.applied_rule.discount.amount_minor if line.applied_rule else 0
                    assert (
                        line.subtotal.amount_minor == line.unit_price.amount_minor * line.quantity
                    )
                    assert line.line_total.amount_minor == line.subtotal.amount_minor - discount
                assert cart.subtotal.amount_minor == sum(
                    line.line_total.amount_minor for line in cart.lines
                )
                assert 0 <= cart.discount.amount_minor <= cart.subtotal.amount_minor
                assert cart.total.amount_minor == (
                    cart.subtotal.amount_minor - cart.discount.amount_minor
                )

        @invariant()
        def stock_is_never_negative_and_reserved_within_on_hand(self) -> None:
            for sku, (on_hand, reserved) in self._stock().items():
                assert 0 <= reserved <= on_hand
                assert on_hand == STOCK[sku] - self.paid[sku]

        @invariant()
        def reserved_stock_is_exactly_what_pending_orders_hold(self) -> None:
            held = self._held()
            for sku, (_, reserved) in self._stock().items():
                assert reserved == held.get(sku, 0)

    return CartMachine


def test_random_cart_and_checkout_sequences_keep_the_invariants(
    database: Database, settings: Settings
) -> None:
    run_state_machine_as_test(
        cart_machine(database, settings),
        settings=hypothesis_settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_orders_from_the_machine_are_real_orders(database: Database, settings: Settings) -> None:
    # The machine can only prove something if checkouts succeed in it: run one by hand.
    machine = cart_machine(database, settings)()
    machine.add(0, "SM-BOOT", 1)
    machine._write(0, lambda d, k: start_checkout(d, idempotency_key=k))
    _, _, result = machine.last_write[0]
    assert isinstance(result, OrderView)
    machine.reserved_stock_is_exactly_what_pending_orders_hold()
    machine.teardown()
