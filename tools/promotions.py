"""`list_promotions`: the store's price rules and coupons in force now, with their conditions,
and the products a promotion lowers the price of. Nothing here touches a cart: a coupon's terms
are checked against an order total the caller names, if any.

Every figure comes from the rules themselves (`PriceBook` for price rules, the coupon rows and
`coupon_problem` for coupons), read at the deps' clock.
"""

from __future__ import annotations

import difflib
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Category, Coupon, Product
from assistant.domain.money import Money, to_minor
from assistant.stores import get_store
from tools.arguments import CouponCode, ProductRef
from tools.cart_state import find_open_cart, price_cart, shopper_redeemer
from tools.catalog_view import (
    ProductSummary,
    active_products,
    find_product,
    product_not_found,
    summarize,
    variant_info,
)
from tools.coupons import Redeemer, coupon_discount, coupon_problem, find_coupon, prior_uses
from tools.coupons import unknown_coupon as unknown_coupon_error
from tools.deps import ToolDeps
from tools.pricing_engine import PriceBook, RuleTerms
from tools.results import ToolError

MAX_PRODUCTS_ON_SALE = 5

CategorySlug = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Category slug, as search_products returns it, e.g. 'rain-jackets'.",
    ),
]
PromotionKind = Literal["all", "price_rules", "coupons"]
CouponStatus = Literal["active", "not_started", "expired", "used_up", "already_used"]

# What coupon_problem's codes mean for a coupon's standing, whatever the order.
_STATUS_OF_PROBLEM: dict[str, CouponStatus] = {
    "coupon_not_started": "not_started",
    "coupon_expired": "expired",
    "coupon_exhausted": "used_up",
    "coupon_customer_limit": "already_used",
}


class RuleScope(BaseModel):
    """What a price rule covers: the whole store, a category (with its subcategories) or a
    product."""

    kind: Literal["store", "category", "product"]
    slug: str | None = Field(default=None, description="Category slug or product handle.")
    name: str | None = Field(default=None, description="Category name or product title.")


class ActivePromotion(BaseModel):
    """A price rule in force now: a promotion or a quantity break."""

    code: str
    name: str
    kind: Literal["quantity_break", "promotion"]
    percent_off: int
    min_quantity: int = Field(description="Units of one line needed; 1 for a plain sale.")
    applies_to: RuleScope
    starts_at: datetime | None = None
    ends_at: datetime | None = Field(default=None, description="Last moment; null: no end set.")


class CouponOnOrder(BaseModel):
    """A coupon checked against an order total, as if it were applied; nothing is changed."""

    measured_on: Literal["order_total", "cart"] = Field(
        description="The total the shopper named, or the shopper's cart as it is now."
    )
    order_total: Money = Field(description="The subtotal checked (after price rules).")
    applies: bool
    discount: Money
    total_after: Money = Field(description="order_total minus the discount.")
    problem: str | None = Field(default=None, description="Why it takes nothing off, if so.")


class CouponTerms(BaseModel):
    """A coupon code with its conditions and whether it can be used now."""

    code: str
    description: str = ""
    status: CouponStatus
    percent_off: int | None = None
    amount_off: Money | None = None
    min_spend: Money = Field(description="Smallest subtotal (after price rules) it applies to.")
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    per_customer_limit: int | None = None
    on_order: CouponOnOrder | None = Field(
        default=None,
        description="For a code asked about: the coupon on the order total named, else on the "
        "shopper's cart when it has items.",
    )


class PromotionList(BaseModel):
    """The promotions and coupons that apply, read at `checked_at`."""

    checked_at: datetime
    currency: str
    price_rules: list[ActivePromotion] = Field(default_factory=list)
    coupons: list[CouponTerms] = Field(default_factory=list)
    products: list[ProductSummary] = Field(
        default_factory=list,
        description="The product asked about, else products a promotion lowers the price of, "
        "with their prices now.",
    )
    product_on_sale: bool | None = Field(
        default=None, description="For a product asked about: whether a rule lowers its price."
    )


def list_promotions(
    deps: ToolDeps,
    product: ProductRef | None = None,
    category: CategorySlug | None = None,
    coupon: CouponCode | None = None,
    order_total: Annotated[Decimal, Field(ge=0, le=1_000_000)] | None = None,
    kind: PromotionKind = "all",
) -> PromotionList | ToolError:
    """The store's promotions, quantity breaks and coupon codes in force now, with their
    conditions (minimum order, minimum quantity, what they cover, dates), and the products on
    sale. Reads only: no cart changes.

    Args:
        product: Only what applies to this product (id, handle or SKU); its price now is shown.
        category: Only what applies to this category slug, e.g. 'rain-jackets'.
        coupon: One coupon code's terms, even when it has expired or not started yet; checked
            against order_total, else against the shopper's cart (which stays as it is).
        order_total: An order subtotal the shopper mentions, to say which coupons it qualifies
            for, e.g. 120.
        kind: 'price_rules' or 'coupons' for one sort only; 'all' for both.
    """
    now = deps.now()
    with deps.database.session() as session:
        currency = get_store(session, deps.store_id).currency
        book = PriceBook.load(session, deps.store_id, now)
        categories = _categories(session, deps.store_id)
        asked_product: Product | None = None
        asked_category: Category | None = None
        if product:
            asked_product = find_product(session, deps.store_id, product)
            if asked_product is None:
                return product_not_found(product)
        if category:
            asked_category = categories.get(category)
            if asked_category is None:
                return _unknown_category(category, list(categories))
        rules = [
            rule
            for rule in book.rules
            if _relevant(rule, book, asked_product, asked_category, categories)
        ]
        promotions = [_promotion(session, rule, categories) for rule in rules]
        coupons: list[CouponTerms] = []
        if kind != "price_rules" or coupon:
            found = _coupons(session, deps, coupon, currency, order_total, now)
            if isinstance(found, ToolError):
                return found
            coupons = found
        shown = _products(session, deps.store_id, book, asked_product, asked_category, categories)
        on_sale = any(_lowered(item) for item in shown[:1]) if asked_product is not None else None
    return PromotionList(
        checked_at=now,
        currency=currency,
        price_rules=[] if kind == "coupons" else promotions,
        coupons=coupons,
        products=shown if kind != "coupons" or asked_product is not None else [],
        product_on_sale=on_sale,
    )


def _categories(session: Session, store_id: str) -> dict[str, Category]:
    rows = session.scalars(select(Category).where(Category.store_id == store_id))
    return {row.slug: row for row in rows}


def _unknown_category(slug: str, slugs: list[str]) -> ToolError:
    return ToolError(
        code="invalid_arguments",
        message=f"There is no category {slug!r} in this shop.",
        next_step="Use a category slug from search_products, or leave category empty.",
        suggestions=difflib.get_close_matches(slug, slugs, n=3, cutoff=0.6),
    )


def _subtree(book: PriceBook, root: Category, categories: dict[str, Category]) -> set[int]:
    """The category and every category below it."""
    return {row.id for row in categories.values() if root.id in book.category_chain(row.id)}


def _relevant(
    rule: RuleTerms,
    book: PriceBook,
    product: Product | None,
    category: Category | None,
    categories: dict[str, Category],
) -> bool:
    """Whether the rule covers the product asked about, or part of the category asked about."""
    if product is not None:
        return _covers(rule, book, product.id, product.category_id)
    if category is None:
        return True
    if rule.product_id is None and rule.category_id is None:
        return True
    below = _subtree(book, category, categories)
    if rule.category_id is not None:
        return rule.category_id in below or rule.category_id in book.category_chain(category.id)
    return False  # a product rule: it is checked by the product it names


def _covers(rule: RuleTerms, book: PriceBook, product_id: int, category_id: int | None) -> bool:
    if rule.product_id is not None and rule.product_id != product_id:
        return False
    return rule.category_id is None or rule.category_id in book.category_chain(category_id)


def _promotion(
    session: Session, rule: RuleTerms, categories: dict[str, Category]
) -> ActivePromotion:
    scope = RuleScope(kind="store")
    if rule.product_id is not None:
        named = session.get(Product, rule.product_id)
        scope = RuleScope(
            kind="product",
            slug=named.handle if named else None,
            name=named.title if named else None,
        )
    elif rule.category_id is not None:
        row = next((c for c in categories.values() if c.id == rule.category_id), None)
        scope = RuleScope(
            kind="category", slug=row.slug if row else None, name=row.name if row else None
        )
    return ActivePromotion(
        code=rule.code,
        name=rule.name,
        kind=rule.kind,
        percent_off=rule.percent_off,
        min_quantity=rule.min_quantity,
        applies_to=scope,
        starts_at=rule.starts_at,
        ends_at=rule.ends_at,
    )


def _coupons(
    session: Session,
    deps: ToolDeps,
    code: str | None,
    currency: str,
    order_total: Decimal | None,
    now: datetime,
) -> list[CouponTerms] | ToolError:
    """The coupon asked about (in any state), else every listed coupon that can be used now."""
    cart = find_open_cart(session, deps)
    cart_id = cart.id if cart is not None else None
    if code:
        row = find_coupon(session, deps.store_id, code)
        # A code the assistant issued for someone else's cart is, to this shopper, no code.
        if row is None or row.cart_id not in (None, cart_id):
            return unknown_coupon_error(code)
        rows = [row]
    else:
        rows = list(
            session.scalars(
                select(Coupon).where(Coupon.store_id == deps.store_id).order_by(Coupon.id)
            )
        )
    redeemer = shopper_redeemer(deps, cart_id)
    measured: tuple[Literal["order_total", "cart"], int] | None = None
    if order_total is not None:
        measured = ("order_total", to_minor(order_total, currency))
    elif code:
        priced = price_cart(session, deps, cart, now)
        if priced.items:
            measured = ("cart", priced.subtotal_minor)
    terms = [_terms(session, row, currency, measured, redeemer, now) for row in rows]
    if code:
        return terms
    return [
        item
        for row, item in zip(rows, terms, strict=True)
        if row.listed and item.status == "active"
    ]


def _terms(
    session: Session,
    row: Coupon,
    currency: str,
    measured: tuple[Literal["order_total", "cart"], int] | None,
    redeemer: Redeemer,
    now: datetime,
) -> CouponTerms:
    uses = prior_uses(session, row, redeemer) if row.per_customer_limit else 0
    standing = coupon_problem(
        row,
        subtotal_minor=row.min_spend_minor,
        currency=row.currency,
        uses=uses,
        now=now,
        cart_id=redeemer.cart_id,
    )
    status: CouponStatus = "active"
    if standing is not None:
        status = _STATUS_OF_PROBLEM.get(standing.code, "active")
    on_order = None
    if measured is not None:
        source, subtotal = measured
        problem = coupon_problem(
            row,
            subtotal_minor=subtotal,
            currency=currency,
            uses=uses,
            now=now,
            cart_id=redeemer.cart_id,
        )
        discount = 0 if problem else coupon_discount(row, subtotal)
        on_order = CouponOnOrder(
            measured_on=source,
            order_total=Money.of(subtotal, currency),
            applies=problem is None,
            discount=Money.of(discount, currency),
            total_after=Money.of(subtotal - discount, currency),
            problem=problem.message if problem else None,
        )
    return CouponTerms(
        code=row.code,
        description=row.description,
        status=status,
        percent_off=row.percent_off,
        amount_off=(Money.of(row.amount_off_minor, row.currency) if row.amount_off_minor else None),
        min_spend=Money.of(row.min_spend_minor, row.currency),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        per_customer_limit=row.per_customer_limit,
        on_order=on_order,
    )


def _products(
    session: Session,
    store_id: str,
    book: PriceBook,
    product: Product | None,
    category: Category | None,
    categories: dict[str, Category],
) -> list[ProductSummary]:
    """The product asked about; else the products whose price a rule lowers now."""
    if product is not None:
        infos = [variant_info(variant, product, book) for variant in product.variants]
        return [summarize(product, infos, all_variants=infos)] if infos else []
    scope = _subtree(book, category, categories) if category is not None else None
    found: list[ProductSummary] = []
    for candidate in active_products(session, store_id, category_ids=scope):
        infos = [variant_info(variant, candidate, book) for variant in candidate.variants]
        lowered = [
            info for info in infos if info.price.amount_minor < info.regular_price.amount_minor
        ]
        if lowered:
            found.append(summarize(candidate, lowered, all_variants=infos))
        if len(found) >= MAX_PRODUCTS_ON_SALE:
            break
    return found


def _lowered(summary: ProductSummary) -> bool:
    return any(
        info.price.amount_minor < info.regular_price.amount_minor for info in summary.variants
    )
