"""The shopper's cart: add, change, remove, view, and coupons. Every write is idempotent.

The cart is the open cart of the caller's shopper session in the caller's store, created on the
first add. Adding checks stock without reserving it; stock is reserved at checkout.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Cart, CartItem, Variant
from tools.arguments import CouponCode, IdempotencyKey, Quantity, Sku
from tools.cart_state import (
    check_shopper_coupon,
    find_open_cart,
    open_cart,
    price_cart,
    price_filled_cart,
    record_event,
    with_shopper_locked,
)
from tools.cart_view import CartView, cart_view
from tools.catalog_view import alternatives_for, find_variant, unknown_sku
from tools.deps import ToolDeps
from tools.idempotency import run_write
from tools.limits import cart_full, quantity_problem
from tools.pricing_engine import PriceBook
from tools.results import ToolError


def view_cart(deps: ToolDeps) -> CartView:
    """Show the shopper's cart with live prices, discounts and totals."""
    with deps.database.session() as session:
        cart = find_open_cart(session, deps)
        return cart_view(price_cart(session, deps, cart, deps.now()))


def _cart_write(
    deps: ToolDeps,
    operation: str,
    key: str,
    request: dict[str, object],
    effect: Callable[[Session], CartView | ToolError],
) -> CartView | ToolError:
    """One idempotent change to the shopper's cart, which answers with the cart as it is after."""
    return run_write(
        deps,
        operation=operation,
        key=key,
        request=request,
        result_type=CartView,
        effect=with_shopper_locked(deps, effect),
    )


def _saved(session: Session, deps: ToolDeps, cart: Cart, event: str, **payload: object) -> CartView:
    """After a cart change: touch the cart, record the event, and return it priced."""
    cart.updated_at = deps.now()
    record_event(session, deps, event, **payload)
    session.flush()
    return cart_view(price_cart(session, deps, cart, deps.now()))


def add_to_cart(
    deps: ToolDeps, sku: Sku, quantity: Quantity = 1, *, idempotency_key: IdempotencyKey
) -> CartView | ToolError:
    """Add units of a variant to the shopper's cart (added to any already there).

    Args:
        sku: SKU exactly as returned by search_products, e.g. 'TENT-RL2-GRN'.
        quantity: Units to add.
    """
    problem = quantity_problem(quantity, deps.settings)
    if problem is not None:
        return problem

    def effect(session: Session) -> CartView | ToolError:
        variant = find_variant(session, deps.store_id, sku)
        if variant is None:
            return unknown_sku(session, deps.store_id, sku)
        cart = open_cart(session, deps)
        item = next((line for line in cart.items if line.variant_id == variant.id), None)
        wanted = quantity + (item.quantity if item else 0)
        over = quantity_problem(wanted, deps.settings)
        if over is not None:
            return over.model_copy(
                update={"message": f"{over.message} The cart already has {wanted - quantity}."}
            )
        if item is None and len(cart.items) >= deps.settings.max_cart_lines:
            return cart_full(deps.settings)
        short = _shortage(session, deps, variant, wanted)
        if short is not None:
            return short
        if item is None:
            cart.items.append(
                CartItem(
                    store_id=deps.store_id,
                    variant_id=variant.id,
                    quantity=wanted,
                    added_at=deps.now(),
                )
            )
        else:
            item.quantity = wanted
        return _saved(session, deps, cart, "cart.item_added", sku=variant.sku, quantity=quantity)

    return _cart_write(
        deps, "add_to_cart", idempotency_key, {"sku": sku, "quantity": quantity}, effect
    )


def update_cart_item(
    deps: ToolDeps, sku: Sku, quantity: Quantity, *, idempotency_key: IdempotencyKey
) -> CartView | ToolError:
    """Set how many units of an item already in the cart the shopper wants.

    Args:
        sku: SKU of a line in the cart, e.g. 'TENT-RL2-GRN'.
        quantity: The new number of units for that line.
    """
    problem = quantity_problem(quantity, deps.settings)
    if problem is not None:
        return problem

    def effect(session: Session) -> CartView | ToolError:
        found = _line(session, deps, sku)
        if isinstance(found, ToolError):
            return found
        cart, item = found
        if quantity > item.quantity:
            short = _shortage(session, deps, session.get_one(Variant, item.variant_id), quantity)
            if short is not None:
                return short
        item.quantity = quantity
        return _saved(session, deps, cart, "cart.item_updated", sku=sku, quantity=quantity)

    return _cart_write(
        deps, "update_cart_item", idempotency_key, {"sku": sku, "quantity": quantity}, effect
    )


def remove_from_cart(
    deps: ToolDeps, sku: Sku, *, idempotency_key: IdempotencyKey
) -> CartView | ToolError:
    """Remove an item from the shopper's cart.

    Args:
        sku: SKU of a line in the cart, e.g. 'TENT-RL2-GRN'.
    """

    def effect(session: Session) -> CartView | ToolError:
        found = _line(session, deps, sku)
        if isinstance(found, ToolError):
            return found
        cart, item = found
        cart.items.remove(item)
        return _saved(session, deps, cart, "cart.item_removed", sku=sku)

    return _cart_write(deps, "remove_from_cart", idempotency_key, {"sku": sku}, effect)


def apply_coupon(
    deps: ToolDeps, code: CouponCode, *, idempotency_key: IdempotencyKey
) -> CartView | ToolError:
    """Apply a coupon code the shopper gave to their cart (replacing any earlier coupon).

    Args:
        code: The coupon code exactly as the shopper gave it, e.g. 'WELCOME10'.
    """

    def effect(session: Session) -> CartView | ToolError:
        now = deps.now()
        found = price_filled_cart(
            session,
            deps,
            now,
            if_empty="The cart is empty, so there is nothing to discount yet.",
            next_step="Add items with add_to_cart, then apply the coupon.",
        )
        if isinstance(found, ToolError):
            return found
        cart, priced = found
        checked = check_shopper_coupon(
            session,
            deps,
            code,
            subtotal_minor=priced.subtotal_minor,
            currency=cart.currency,
            cart_id=cart.id,
            now=now,
        )
        if checked.problem is not None:
            return checked.problem
        assert checked.coupon is not None  # no problem means the coupon was found
        cart.coupon_code = checked.coupon.code
        cart.updated_at = now
        record_event(session, deps, "cart.coupon_applied", code=checked.coupon.code)
        session.flush()
        return cart_view(price_cart(session, deps, cart, now))

    return _cart_write(
        deps, "apply_coupon", idempotency_key, {"code": code.strip().upper()}, effect
    )


def remove_coupon(deps: ToolDeps, *, idempotency_key: IdempotencyKey) -> CartView | ToolError:
    """Take the coupon off the shopper's cart."""

    def effect(session: Session) -> CartView | ToolError:
        cart = find_open_cart(session, deps)
        if cart is not None and cart.coupon_code is not None:
            cart.coupon_code = None
            cart.updated_at = deps.now()
            session.flush()
        return cart_view(price_cart(session, deps, cart, deps.now()))

    return _cart_write(deps, "remove_coupon", idempotency_key, {}, effect)


def _line(session: Session, deps: ToolDeps, sku: str) -> tuple[Cart, CartItem] | ToolError:
    """The open cart and its line for `sku` (ignoring case), or why there is none."""
    cart = find_open_cart(session, deps)
    items = cart.items if cart else []
    skus: dict[int, str] = dict(
        session.execute(
            select(Variant.id, Variant.sku).where(
                Variant.id.in_([item.variant_id for item in items])
            )
        ).all()
    )
    for item in items:
        if skus[item.variant_id].upper() == sku.strip().upper():
            assert cart is not None
            return cart, item
    return ToolError(
        code="not_in_cart",
        message=f"The cart has no line with SKU {sku!r}.",
        next_step="Call view_cart to see the SKUs in the cart.",
        suggestions=[skus[item.variant_id] for item in items],
    )


def _shortage(session: Session, deps: ToolDeps, variant: Variant, wanted: int) -> ToolError | None:
    """An out-of-stock error with alternatives when `wanted` units cannot ship now."""
    available = max(variant.available, 0)
    if available >= wanted:
        return None
    book = PriceBook.load(session, deps.store_id, deps.now())
    return ToolError(
        code="out_of_stock",
        message=(
            f"Only {available} of {variant.sku} can ship now."
            if available
            else f"{variant.sku} is out of stock."
        ),
        next_step=(
            f"Offer {available} instead, or one of the alternatives."
            if available
            else "Offer one of the alternatives."
        ),
        alternatives=alternatives_for(session, book, variant, wanted),
    )
