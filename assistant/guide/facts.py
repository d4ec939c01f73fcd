"""The facts an opener states, all from the tools and the store's own documents: the product's
price and stock (in the shopper's size when the events or the cart tell it), the FAQ that most
matters for its kind of product, a promotion in force, and for a cart its lines and total.

The FAQ is found by retrieval over the store's FAQ documents, not from a table per product:
the query is the product's category and the options a shopper must choose (for boots 'Hiking
Boots colour size'), and of the best three FAQ entries the first whose question names the
category's head word (boot, jacket, tent) is taken. The store's own FAQ decides: on the demo
store boots get "Which boot size should I buy?" and rain jackets the re-waterproofing question.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Event, Product
from assistant.domain.money import Money, format_money, to_decimal
from assistant.guide.rules import CartSnapshot, Moment
from assistant.shopper_sessions import ShopperIdentity
from retrieval.knowledge import KnowledgeBase
from retrieval.results import Citation
from text import tokenise
from tools.catalog_view import find_variant, summarize, variant_info
from tools.deps import ToolDeps
from tools.pricing import PriceQuote, get_price
from tools.pricing_engine import PriceBook
from tools.promotions import CouponTerms, list_promotions
from tools.results import ToolError
from tools.stock import check_stock

SIZE_OPTION = "size"
FAQ_CACHE_S = 600.0


@dataclass(frozen=True)
class FaqHint:
    """A question from the store's FAQ, with where it came from."""

    question: str
    citation: Citation


class FaqFinder(Protocol):
    """Finds the store's FAQ entry about a kind of product, or None."""

    def __call__(self, store_id: str, kind: str, query: str) -> FaqHint | None:
        """The best FAQ question about `kind` (a category name) for `query` in the store."""
        ...


class KnowledgeFaqFinder:
    """`FaqFinder` over the knowledge base's FAQ passages, cached a few minutes per query (the
    same category asks the same thing for every shopper). The knowledge base is asked for on
    first use, so its models load only when an opener needs them."""

    def __init__(self, knowledge: Callable[[], KnowledgeBase], candidates: int = 3) -> None:
        self.knowledge = knowledge
        self.candidates = candidates
        self._cache: dict[tuple[str, str], tuple[float, FaqHint | None]] = {}
        self._lock = threading.Lock()

    def __call__(self, store_id: str, kind: str, query: str) -> FaqHint | None:
        """Of the best FAQ hits for the query, the first whose question names the kind."""
        key = (store_id, query)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < FAQ_CACHE_S:
            return cached[1]
        result = self.knowledge().search_knowledge(
            store_id, query, doc_types=["faq"], limit=self.candidates
        )
        head = set(tokenise.terms(kind)[-1:])
        hint = None
        for hit in result.hits:
            question = (hit.citation.section or hit.text.split("\n", 1)[0]).strip()
            if head & set(tokenise.terms(question)):
                hint = FaqHint(question, hit.citation)
                break
        with self._lock:
            self._cache[key] = (time.monotonic(), hint)
        return hint


@dataclass(frozen=True)
class ProductFacts:
    """One product as the opener speaks of it."""

    product_id: int
    title: str
    category: str | None
    price: Money
    price_varies: bool
    size: str | None
    available: int
    sku: str | None
    option_names: tuple[str, ...] = ()

    def faq_query(self) -> str:
        """What to ask the store's FAQ about this kind of product."""
        return " ".join([self.category or self.title, *self.option_names])


@dataclass(frozen=True)
class CartFacts:
    """The cart as the opener speaks of it."""

    items: int
    total: Money
    coupon: CouponTerms | None = None


@dataclass(frozen=True)
class PromotionFact:
    """A price rule in force for the product: its name as the store wrote it, and its terms."""

    name: str
    percent_off: int
    min_quantity: int


@dataclass(frozen=True)
class OpenerFacts:
    """Everything an opener may state."""

    product: ProductFacts | None
    cart: CartFacts | None
    faq: FaqHint | None
    promotion: PromotionFact | None


def known_size(session: Session, shopper: ShopperIdentity, cart: CartSnapshot | None) -> str | None:
    """The shopper's size, from the last SKU they viewed with one, else from the cart."""
    payloads = session.scalars(
        select(Event.payload)
        .where(
            Event.store_id == shopper.store_id,
            Event.session_id == shopper.session_id,
            Event.kind == "product.viewed",
        )
        .order_by(Event.id.desc())
        .limit(20)
    )
    skus = [str(p["sku"]) for p in payloads if p and p.get("sku")]
    skus += [sku for sku, _ in (cart.lines if cart else ())]
    for sku in skus:
        variant = find_variant(session, shopper.store_id, sku)
        if variant is not None and SIZE_OPTION in variant.options:
            return str(variant.options[SIZE_OPTION])
    return None


def _product_facts(
    deps: ToolDeps, product_id: int, size: str | None, sku: str | None
) -> ProductFacts | None:
    with deps.database.session() as session:
        product = session.get(Product, product_id)
        if product is None or product.store_id != deps.store_id or not product.variants:
            return None
        book = PriceBook.load(session, deps.store_id, deps.now())
        infos = [variant_info(variant, product, book) for variant in product.variants]
        summary = summarize(product, infos, all_variants=infos)
        chosen = next((info for info in infos if info.sku == sku), None)
        if chosen is None and size is not None:
            chosen = next((info for info in infos if info.options.get(SIZE_OPTION) == size), None)
        category = product.category.name if product.category else None
        title = product.title
        option_names = tuple(sorted({str(k) for v in product.variants for k in v.options}))
    if chosen is None:
        return ProductFacts(
            product_id=product_id,
            title=title,
            category=category,
            price=summary.price_from,
            price_varies=summary.price_to.amount_minor != summary.price_from.amount_minor,
            size=None,
            available=sum(info.available for info in infos),
            sku=None,
            option_names=option_names,
        )
    # The variant's figures come from the same tools the assistant answers with.
    stock = check_stock(deps, chosen.sku)
    quote = get_price(deps, chosen.sku)
    if isinstance(stock, ToolError) or isinstance(quote, ToolError):
        return None
    return ProductFacts(
        product_id=product_id,
        title=title,
        category=category,
        price=quote.line_total,
        price_varies=False,
        size=chosen.options.get(SIZE_OPTION),
        available=stock.available,
        sku=chosen.sku,
        option_names=option_names,
    )


def _promotion(deps: ToolDeps, product_id: int) -> PromotionFact | None:
    found = list_promotions(deps, product=str(product_id), kind="price_rules")
    if isinstance(found, ToolError):
        return None
    plain = [rule for rule in found.price_rules if rule.min_quantity <= 1]
    chosen = plain or found.price_rules
    if not chosen:
        return None
    return PromotionFact(chosen[0].name, chosen[0].percent_off, chosen[0].min_quantity)


def _cart_facts(deps: ToolDeps, cart: CartSnapshot) -> tuple[CartFacts, str | None] | None:
    quotes: list[PriceQuote] = []
    for sku, quantity in cart.lines:
        quote = get_price(deps, sku, min(quantity, deps.settings.max_line_quantity))
        if isinstance(quote, PriceQuote):
            quotes.append(quote)
    if not quotes:
        return None
    currency = quotes[0].currency
    total_minor = sum(quote.line_total.amount_minor for quote in quotes)
    total = Money(
        amount_minor=total_minor,
        currency=currency,
        display=format_money(total_minor, currency),
    )
    coupon = None
    offers = list_promotions(deps, kind="coupons", order_total=to_decimal(total_minor, currency))
    if not isinstance(offers, ToolError):
        usable = [c for c in offers.coupons if c.on_order is not None and c.on_order.applies]
        coupon = usable[0] if usable else None
    main = max(quotes, key=lambda quote: quote.line_total.amount_minor)
    items = sum(quote.quantity for quote in quotes)
    return CartFacts(items, total, coupon), main.sku


def gather_facts(
    deps: ToolDeps,
    moment: Moment,
    *,
    size: str | None,
    faq_finder: FaqFinder | None,
) -> OpenerFacts | None:
    """The facts for an opener about `moment`; None when there is nothing true to say."""
    cart_facts: CartFacts | None = None
    product_id = moment.product_id
    sku: str | None = None
    if moment.cart is not None:
        found = _cart_facts(deps, moment.cart)
        if found is None:
            return None
        cart_facts, sku = found
        with deps.database.session() as session:
            variant = find_variant(session, deps.store_id, sku) if sku else None
            product_id = variant.product_id if variant is not None else None
    product = _product_facts(deps, product_id, size, sku) if product_id is not None else None
    if product is None and cart_facts is None:
        return None
    faq = None
    if product is not None and faq_finder is not None:
        kind = product.category or product.title
        faq = faq_finder(deps.store_id, kind, product.faq_query())
    promotion = _promotion(deps, product.product_id) if product is not None else None
    return OpenerFacts(product=product, cart=cart_facts, faq=faq, promotion=promotion)
