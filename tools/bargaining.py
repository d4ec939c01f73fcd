"""`request_better_price`: code decides what a shopper asking for a better price may be offered.

The brain never chooses the percentage. The product must already be in the shopper's cart (the
offer is a coupon bound to that cart and its conditions read the cart; the tool adds nothing).
The percentage is the largest the limits allow (`assistant.domain.bargaining_limits`), or the
shopper's own smaller ask; it is offered at most once per conversation and product, as a
single-use coupon bound to the cart with an expiry (`issue_cart_coupon`), put on the cart unless
the cart already holds a merchant's coupon. Every ask is logged in `bargain_offers`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import BargainOffer, Cart, Coupon, Product
from assistant.domain.bargaining_limits import LineTerms, OfferDecision, decide_offer
from tools.arguments import IdempotencyKey, ProductRef
from tools.bargain_limits import product_limits, related_products, store_settings
from tools.cart_coupons import issue_cart_coupon
from tools.cart_state import find_open_cart, lock_shopper, price_cart, record_event
from tools.cart_view import CartView, cart_view
from tools.catalog_view import find_product, product_not_found
from tools.deps import ToolDeps
from tools.idempotency import run_write
from tools.results import ToolError

BargainReason = Literal[
    "price_too_high", "bulk_quantity", "bundle", "competitor_price", "loyalty", "other"
]
BargainRefusal = Literal[
    "not_in_cart", "disabled", "min_quantity", "needs_bundle", "no_room", "already_offered"
]
AskedPercent = Annotated[int, Field(ge=1, le=100)]


class BetterPrice(BaseModel):
    """What code decided about one ask for a better price on one product."""

    outcome: Literal["offered", "declined", "handoff"] = Field(
        description="offered: a coupon was made; declined: say no kindly; handoff: the store "
        "wants a person to take this ask (call request_human with reason 'out_of_policy')."
    )
    product_id: int
    product: str = Field(description="The product's title.")
    refusal: BargainRefusal | None = Field(default=None, description="Why there is no offer.")
    percent_off: int | None = Field(default=None, description="The offer, or the earlier one.")
    code: str | None = Field(default=None, description="The coupon code, bound to this cart.")
    ends_at: datetime | None = Field(default=None, description="When the coupon expires.")
    applied: bool = Field(default=False, description="The coupon is on the cart now.")
    asked_percent: int | None = None
    beyond_limit: bool = Field(
        default=False, description="The shopper asked for more than the limit allows."
    )
    min_quantity: int | None = Field(default=None, description="Units needed for an offer.")
    quantity_in_cart: int = 0
    related: list[str] = Field(
        default_factory=list, description="Related products that would make a bundle."
    )
    cart: CartView | None = Field(default=None, description="The cart after the offer.")
    next_step: str


def request_better_price(
    deps: ToolDeps,
    product: ProductRef,
    reason: BargainReason = "price_too_high",
    asked_percent: AskedPercent | None = None,
    *,
    idempotency_key: IdempotencyKey,
) -> BetterPrice | ToolError:
    """Ask the shop's own rules whether the shopper can have a better price on a cart item.

    Call this whenever a shopper asks for a discount, a deal, a price match or a lower price;
    never promise or invent a discount yourself. The shop's code decides the percentage, at
    most once per conversation and product, as a coupon bound to the shopper's cart. Tell the
    shopper the outcome as returned: the percentage, code, expiry and new total, or the reason
    there is none. Claims (a competitor's price, a friend's deal, being staff) change nothing.

    Args:
        product: Product id, handle or SKU of an item in the shopper's cart.
        reason: Why the shopper asks: price_too_high, bulk_quantity, bundle, competitor_price,
            loyalty or other.
        asked_percent: The percentage off the shopper asked for, if they named one.
    """

    def effect(session: Session) -> BetterPrice | ToolError:
        shopper = lock_shopper(session, deps)
        if isinstance(shopper, ToolError):
            return shopper
        found = find_product(session, deps.store_id, product)
        if found is None:
            return product_not_found(product)
        return _decide(session, deps, found, reason, asked_percent)

    return run_write(
        deps,
        operation="request_better_price",
        key=idempotency_key,
        request={"product": product, "reason": reason, "asked_percent": asked_percent},
        result_type=BetterPrice,
        effect=effect,
    )


def conversation_key(deps: ToolDeps) -> str:
    """What "once per conversation" counts by: the conversation, else the shopper session."""
    return deps.conversation_id or f"session:{deps.session_id}"


def _decide(
    session: Session,
    deps: ToolDeps,
    product: Product,
    reason: BargainReason,
    asked_percent: int | None,
) -> BetterPrice:
    now = deps.now()
    settings = store_settings(session, deps.store_id)
    limits = settings.bargaining
    cart = find_open_cart(session, deps)
    priced = price_cart(session, deps, cart, now)
    base = BetterPrice(
        outcome="declined",
        product_id=product.id,
        product=product.title,
        asked_percent=asked_percent,
        next_step="",
    )
    quantity = sum(e.price.quantity for e in priced.items if e.variant.product_id == product.id)
    if asked_percent is not None and asked_percent > settings.discount_cap_percent:
        # Past the store's cap nothing the assistant may give comes close: a person decides.
        beyond_cap = base.model_copy(
            update={
                "outcome": "handoff",
                "beyond_limit": True,
                "quantity_in_cart": quantity,
                "next_step": "Call request_human with reason 'out_of_policy'; promise nothing.",
            }
        )
        return _log(session, deps, cart, beyond_cap, reason)
    if cart is None or quantity == 0:
        return _log(
            session,
            deps,
            cart,
            base.model_copy(
                update={
                    "refusal": "not_in_cart",
                    "next_step": "Say an offer needs the item in the cart; offer to add it.",
                }
            ),
            reason,
        )
    earlier = _earlier_offer(session, deps, product.id)
    if earlier is not None:
        return _log(
            session,
            deps,
            cart,
            base.model_copy(
                update={
                    "refusal": "already_offered",
                    "quantity_in_cart": quantity,
                    "percent_off": earlier.percent_off,
                    "code": earlier.coupon_code,
                    "ends_at": earlier.ends_at,
                    "applied": cart.coupon_code == earlier.coupon_code,
                    "next_step": "Say kindly that this was the one offer on this item; repeat "
                    "the earlier code and its expiry.",
                }
            ),
            reason,
        )
    products = {entry.variant.product_id: entry.variant.product for entry in priced.items}
    resolved = product_limits(session, deps.store_id, limits, products.values())
    lines = [
        LineTerms(
            product_id=entry.variant.product_id,
            quantity=entry.price.quantity,
            unit_price_minor=entry.price.total_minor // max(entry.price.quantity, 1),
            cost_minor=entry.variant.cost_minor,
            limits=resolved[entry.variant.product_id],
        )
        for entry in priced.items
    ]
    # The product's lines, margin floors included, are among `lines`; this one is for the
    # conditions on the product as a whole (its units across variants).
    asked_line = LineTerms(
        product_id=product.id,
        quantity=quantity,
        unit_price_minor=0,
        cost_minor=None,
        limits=resolved[product.id],
    )
    related = related_products(session, deps.store_id, product.id)
    decision = decide_offer(
        asked_line,
        lines,
        cap_percent=settings.discount_cap_percent,
        related_in_cart=bool(related & products.keys()),
        asked_percent=asked_percent,
    )
    base = base.model_copy(
        update={
            "quantity_in_cart": quantity,
            "beyond_limit": decision.beyond_limit,
            "min_quantity": asked_line.limits.min_quantity,
        }
    )
    if decision.beyond_limit and limits.beyond_limit == "handoff":
        handoff = base.model_copy(
            update={
                "outcome": "handoff",
                "next_step": "Call request_human with reason 'out_of_policy'; promise nothing.",
            }
        )
        return _log(session, deps, cart, handoff, reason, decision)
    if decision.refusal is not None:
        declined = base.model_copy(
            update={
                "refusal": decision.refusal,
                "related": _titles(session, related) if decision.refusal == "needs_bundle" else [],
                "next_step": _refusal_step(decision),
            }
        )
        return _log(session, deps, cart, declined, reason, decision)
    covering = _cart_offer(session, cart, now)
    if covering is not None and (covering.percent_off or 0) >= decision.percent:
        covered = base.model_copy(
            update={
                "refusal": "already_offered",
                "percent_off": covering.percent_off,
                "code": covering.code,
                "ends_at": covering.ends_at,
                "applied": True,
                "next_step": "Say kindly the offer already on the cart covers this item too; "
                "repeat its code and expiry.",
            }
        )
        return _log(session, deps, cart, covered, reason, decision)
    ends_at = now + timedelta(hours=limits.offer_valid_hours)
    coupon = issue_cart_coupon(
        session,
        cart=cart,
        percent_off=decision.percent,
        cap_percent=min(settings.discount_cap_percent, decision.ceiling),
        ends_at=ends_at,
        origin="bargain",
        description=f"{decision.percent}% off this cart, offered for {product.title}",
        now=now,
    )
    applied = _put_on_cart(session, cart, coupon)
    cart.updated_at = now
    session.flush()
    offered = base.model_copy(
        update={
            "outcome": "offered",
            "percent_off": decision.percent,
            "code": coupon.code,
            "ends_at": ends_at,
            "applied": applied,
            "cart": cart_view(price_cart(session, deps, cart, now)),
            "next_step": (
                "Say kindly the asked percentage is beyond the shop's limit, then "
                if decision.beyond_limit
                else ""
            )
            + "Tell the shopper the percentage, the code, when it expires and the cart's new total"
            + ("." if applied else "; their cart keeps its own coupon: they may swap codes."),
        }
    )
    record_event(
        session, deps, "bargain.offered", product_id=product.id, percent_off=decision.percent
    )
    return _log(session, deps, cart, offered, reason, decision, coupon)


def _earlier_offer(session: Session, deps: ToolDeps, product_id: int) -> BargainOffer | None:
    return session.scalar(
        select(BargainOffer).where(
            BargainOffer.store_id == deps.store_id,
            BargainOffer.conversation_id == conversation_key(deps),
            BargainOffer.product_id == product_id,
            BargainOffer.offered.is_(True),
        )
    )


def _cart_offer(session: Session, cart: Cart, now: datetime) -> Coupon | None:
    """The unexpired offer already on this cart, which takes its percentage off every line."""
    if not cart.coupon_code:
        return None
    coupon = session.scalar(
        select(Coupon).where(Coupon.store_id == cart.store_id, Coupon.code == cart.coupon_code)
    )
    if coupon is None or coupon.origin != "bargain" or coupon.cart_id != cart.id:
        return None
    if coupon.ends_at is not None and coupon.ends_at <= now:
        return None
    return coupon


def _put_on_cart(session: Session, cart: Cart, coupon: Coupon) -> bool:
    """Apply the offer unless the cart holds a coupon the merchant made (one coupon a cart)."""
    if cart.coupon_code:
        current = session.scalar(
            select(Coupon).where(Coupon.store_id == cart.store_id, Coupon.code == cart.coupon_code)
        )
        if current is not None and current.origin == "merchant":
            return False
    cart.coupon_code = coupon.code
    return True


def _titles(session: Session, product_ids: set[int]) -> list[str]:
    if not product_ids:
        return []
    rows = session.scalars(
        select(Product.title).where(Product.id.in_(product_ids), Product.status == "active")
    )
    return sorted(rows)[:3]


def _refusal_step(decision: OfferDecision) -> str:
    match decision.refusal:
        case "min_quantity":
            return "Say kindly there is no offer on this quantity; name the units needed."
        case "needs_bundle":
            return "Say kindly an offer needs a related item in the cart; name the related items."
        case _:
            return "Say kindly the price is already the best the shop can do; offer other help."


def _log(
    session: Session,
    deps: ToolDeps,
    cart: Cart | None,
    result: BetterPrice,
    reason: BargainReason,
    decision: OfferDecision | None = None,
    coupon: Coupon | None = None,
) -> BetterPrice:
    session.add(
        BargainOffer(
            store_id=deps.store_id,
            conversation_id=conversation_key(deps),
            session_id=deps.session_id,
            cart_id=cart.id if cart is not None else None,
            product_id=result.product_id,
            outcome=result.outcome,
            refusal=result.refusal,
            offered=True if coupon is not None else None,
            reason=reason,
            asked_percent=result.asked_percent,
            percent_off=coupon.percent_off if coupon is not None else None,
            ceiling_percent=decision.ceiling if decision is not None else 0,
            coupon_id=coupon.id if coupon is not None else None,
            coupon_code=coupon.code if coupon is not None else None,
            ends_at=coupon.ends_at if coupon is not None else None,
            created_at=deps.now(),
        )
    )
    session.flush()
    return result
