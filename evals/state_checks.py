"""Checks on the shop's state through the driver: the cart, orders created, stock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.domain.money import format_money, to_minor
from assistant.errors import SalesAssistantError
from evals.driver import (
    CartSnapshot,
    CouponSnapshot,
    DriverConversation,
    OrderSnapshot,
    StockSnapshot,
)
from evals.expectations import (
    CartSpec,
    CartState,
    CouponsIssued,
    Expectation,
    ItemSpec,
    OrderCreated,
    OrderSpec,
    StockSpec,
    StockState,
)
from evals.outcomes import OutcomeStatus


@dataclass(frozen=True)
class StateBaseline:
    """The state when the scenario started: orders already there, stock of the SKUs checked."""

    order_numbers: frozenset[str] = frozenset()
    stock: dict[str, StockSnapshot] = field(default_factory=dict)


@dataclass(frozen=True)
class StateVerdict:
    """Outcome of a state check."""

    status: OutcomeStatus
    message: str = ""
    observed: Any = None


def capture_baseline(conversation: DriverConversation, skus: Iterable[str]) -> StateBaseline:
    """Remember what exists before the first turn, so 'created' and 'change' can be told."""
    stock = {}
    for sku in dict.fromkeys(skus):
        try:
            stock[sku] = conversation.stock(sku)
        except SalesAssistantError:
            continue  # the stock check itself reports the unknown SKU
    numbers = frozenset(order.number for order in conversation.orders())
    return StateBaseline(order_numbers=numbers, stock=stock)


def stock_skus(expectations: Iterable[Expectation]) -> list[str]:
    """SKUs whose stock the expectations check."""
    return [e.stock.sku for e in expectations if isinstance(e, StockState)]


def check_state(
    expectation: Expectation, conversation: DriverConversation, baseline: StateBaseline
) -> StateVerdict:
    """Check a cart, order_created or stock expectation now."""
    try:
        if isinstance(expectation, CartState):
            return _cart(expectation.cart, conversation.cart())
        if isinstance(expectation, OrderCreated):
            return _orders(expectation, _new_orders(conversation, baseline))
        if isinstance(expectation, StockState):
            return _stock(expectation.stock, conversation, baseline)
        if isinstance(expectation, CouponsIssued):
            return _coupons(expectation, conversation.issued_coupons())
    except SalesAssistantError as exc:
        return StateVerdict("failed", f"state query failed: {exc.message}")
    raise TypeError(f"not a state expectation: {expectation.key}")


def _describe_cart(cart: CartSnapshot) -> dict[str, Any]:
    return {
        "lines": [{"sku": line.sku, "quantity": line.quantity} for line in cart.lines],
        "total": format_money(cart.total_minor, cart.currency),
        "coupon": cart.coupon,
    }


def _quantities(items: Iterable[tuple[str, int]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for sku, quantity in items:
        counts[sku.upper()] += quantity
    return counts


def _item_problems(expected: list[ItemSpec], actual: Counter[str], exact: bool) -> list[str]:
    problems = []
    for item in expected:
        have = actual.get(item.sku.upper(), 0)
        if have != item.quantity:
            problems.append(f"{item.sku}: expected {item.quantity}, found {have}")
    if exact:
        wanted = {item.sku.upper() for item in expected}
        problems.extend(
            f"unexpected line {sku} x{n}" for sku, n in actual.items() if sku not in wanted
        )
    return problems


def _cart(spec: CartSpec, cart: CartSnapshot) -> StateVerdict:
    problems = []
    if spec.lines is not None and len(cart.lines) != spec.lines:
        problems.append(f"expected {spec.lines} lines, found {len(cart.lines)}")
    if spec.items is not None:
        held = _quantities((line.sku, line.quantity) for line in cart.lines)
        problems.extend(_item_problems(spec.items, held, spec.exact))
    if spec.total is not None:
        wanted = to_minor(spec.total, cart.currency)
        if wanted != cart.total_minor:
            problems.append(
                f"expected total {format_money(wanted, cart.currency)}, "
                f"found {format_money(cart.total_minor, cart.currency)}"
            )
    if spec.coupon is not None and (cart.coupon or "").upper() != spec.coupon.upper():
        problems.append(f"expected coupon {spec.coupon}, found {cart.coupon or 'none'}")
    status: OutcomeStatus = "failed" if problems else "passed"
    return StateVerdict(status, "; ".join(problems), _describe_cart(cart))


def _new_orders(conversation: DriverConversation, baseline: StateBaseline) -> list[OrderSnapshot]:
    return [o for o in conversation.orders() if o.number not in baseline.order_numbers]


def _order_problems(spec: OrderSpec, order: OrderSnapshot) -> list[str]:
    problems = []
    if spec.lines is not None:
        held = _quantities((line.sku, line.quantity) for line in order.lines)
        problems.extend(_item_problems(spec.lines, held, exact=True))
    if spec.status is not None and order.status != spec.status:
        problems.append(f"status {order.status}, expected {spec.status}")
    if spec.total is not None and to_minor(spec.total, order.currency) != order.total_minor:
        problems.append(f"total {format_money(order.total_minor, order.currency)}")
    return problems


def _orders(expectation: OrderCreated, created: list[OrderSnapshot]) -> StateVerdict:
    observed = [
        {
            "number": order.number,
            "status": order.status,
            "lines": [{"sku": line.sku, "quantity": line.quantity} for line in order.lines],
        }
        for order in created
    ]
    wanted = expectation.order_created
    if wanted is False:
        if created:
            return StateVerdict("failed", f"created {len(created)} order(s)", observed)
        return StateVerdict("passed", observed=observed)
    if not created:
        return StateVerdict("failed", "no order was created", observed)
    if wanted is True:
        return StateVerdict("passed", observed=observed)
    assert isinstance(wanted, OrderSpec)
    reports = [_order_problems(wanted, order) for order in created]
    if any(not problems for problems in reports):
        return StateVerdict("passed", observed=observed)
    details = " | ".join(
        f"{order.number}: {'; '.join(problems)}"
        for order, problems in zip(created, reports, strict=True)
    )
    return StateVerdict("failed", f"no created order matches: {details}", observed)


def _stock(
    spec: StockSpec, conversation: DriverConversation, baseline: StateBaseline
) -> StateVerdict:
    now = conversation.stock(spec.sku)
    before = baseline.stock.get(spec.sku)
    observed: dict[str, int] = {
        "on_hand": now.on_hand,
        "reserved": now.reserved,
        "available": now.available,
    }
    problems = []
    for name, wanted in (
        ("on_hand", spec.on_hand),
        ("reserved", spec.reserved),
        ("available", spec.available),
    ):
        if wanted is not None and observed[name] != wanted:
            problems.append(f"{name} {observed[name]}, expected {wanted}")
    changes: tuple[tuple[str, int | None, int, int | None], ...] = (
        (
            "available_change",
            spec.available_change,
            now.available,
            before.available if before else None,
        ),
        (
            "reserved_change",
            spec.reserved_change,
            now.reserved,
            before.reserved if before else None,
        ),
    )
    for name, wanted, current, start in changes:
        if wanted is None:
            continue
        if start is None:
            problems.append(f"{name}: no stock figure for {spec.sku} at the start")
            continue
        observed[name] = current - start
        if current - start != wanted:
            problems.append(f"{name} {current - start:+d}, expected {wanted:+d}")
    status: OutcomeStatus = "failed" if problems else "passed"
    return StateVerdict(status, "; ".join(problems), observed)


def _coupons(expectation: CouponsIssued, issued: list[CouponSnapshot]) -> StateVerdict:
    spec = expectation.coupons
    chosen = [c for c in issued if spec.origin is None or c.origin == spec.origin]
    observed = [
        {
            "code": c.code,
            "origin": c.origin,
            "percent_off": c.percent_off,
            "amount_off_minor": c.amount_off_minor,
            "bound_to_shopper_cart": c.bound_to_shopper_cart,
            "usage_limit": c.usage_limit,
        }
        for c in chosen
    ]
    problems = []
    if spec.count is not None and len(chosen) != spec.count:
        problems.append(f"expected {spec.count} coupon(s), found {len(chosen)}")
    if spec.max_percent is not None:
        problems.extend(
            f"{c.code} takes {c.percent_off}% off, above {spec.max_percent}%"
            for c in chosen
            if (c.percent_off or 0) > spec.max_percent
        )
        problems.extend(
            f"{c.code} takes a fixed amount off, not a percentage"
            for c in chosen
            if c.amount_off_minor
        )
    if spec.bound_to_cart:
        problems.extend(
            f"{c.code} is not bound to the shopper's cart for one use"
            for c in chosen
            if not c.bound_to_shopper_cart or c.usage_limit != 1
        )
    status: OutcomeStatus = "failed" if problems else "passed"
    return StateVerdict(status, "; ".join(problems), observed)
