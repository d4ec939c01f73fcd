"""The demo storefront: a plain shop page listing some of a store's products, with the chat
widget embedded by one script tag. Also serves the widget's static files under `/widget/`."""

from __future__ import annotations

import html
from collections import defaultdict
from string import Template
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from assistant.api.deps import DatabaseDep
from assistant.api.web_files import WEB_DIR, web_file
from assistant.demo import DEMO_STORE_ID
from assistant.domain import Product, Store
from assistant.domain.base import utcnow
from assistant.errors import NotFoundError
from tools.catalog_view import (
    ProductSummary,
    active_products,
    find_product,
    summarize,
    variant_info,
)
from tools.pricing_engine import PriceBook

PRODUCTS_SHOWN = 12
WIDGET_FILES = {"widget.js": "text/javascript", "widget.css": "text/css"}
WIDGET_CACHE_CONTROL = "public, max-age=300"
StorePath = Annotated[str, PathParam(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
HandlePath = Annotated[
    str, PathParam(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
]

router = APIRouter(include_in_schema=False)


def _showcase(products: list[Product]) -> list[Product]:
    """Up to PRODUCTS_SHOWN products, taking turns between categories so the page is varied."""
    by_category: dict[int | None, list[Product]] = defaultdict(list)
    for product in products:
        by_category[product.category_id].append(product)
    queues = list(by_category.values())
    chosen: list[Product] = []
    while queues and len(chosen) < PRODUCTS_SHOWN:
        for queue in list(queues):
            if not queue:
                queues.remove(queue)
                continue
            chosen.append(queue.pop(0))
            if len(chosen) == PRODUCTS_SHOWN:
                break
    return chosen


def _summaries(session: Session, store_id: str) -> list[ProductSummary]:
    book = PriceBook.load(session, store_id, utcnow())
    summaries = []
    for product in _showcase(active_products(session, store_id)):
        infos = [variant_info(variant, product, book) for variant in product.variants]
        summaries.append(summarize(product, infos, all_variants=infos))
    return summaries


def _product_card(summary: ProductSummary) -> str:
    title = html.escape(summary.title)
    price = summary.price_from.display
    if summary.price_to.amount_minor != summary.price_from.amount_minor:
        price = f"from {price}"
    stock = "In stock" if summary.in_stock else "Out of stock"
    brand = f'<p class="brand">{html.escape(summary.brand)}</p>' if summary.brand else ""
    ask = html.escape(f"Tell me about the {summary.title}", quote=True)
    return (
        f'<li class="product"><article aria-label="{title}">'
        f"{brand}<h2>{title}</h2>"
        f'<p class="price">{html.escape(price)}</p>'
        f'<p class="stock">{stock}</p>'
        f'<button type="button" data-sales-assistant-ask="{ask}">Ask the assistant</button>'
        "</article></li>"
    )


def render_storefront(
    store: Store, products: list[ProductSummary], widget_attrs: dict[str, str] | None = None
) -> str:
    """The page's HTML; `widget_attrs` become data- attributes of the widget's script tag."""
    template = Template((WEB_DIR / "storefront.html").read_text(encoding="utf-8"))
    attrs = "".join(
        f' data-{name}="{html.escape(value, quote=True)}"'
        for name, value in (widget_attrs or {}).items()
    )
    return template.safe_substitute(
        store_name=html.escape(store.name),
        store_id=html.escape(store.id, quote=True),
        products="\n".join(_product_card(product) for product in products),
        widget_attrs=attrs,
    )


@router.get("/")
def home() -> RedirectResponse:
    """The demo store's storefront."""
    return RedirectResponse(f"/store/{DEMO_STORE_ID}", status_code=307)


@router.get("/widget/{name}")
def widget_file(name: str) -> FileResponse:
    """`widget.js` and `widget.css`, served as they are: no build step."""
    return web_file(name, WIDGET_FILES, cache_control=WIDGET_CACHE_CONTROL)


@router.get("/store/{store_id}", response_class=HTMLResponse)
def storefront(store_id: StorePath, database: DatabaseDep) -> HTMLResponse:
    """A shop page with some products and the chat widget."""
    with database.session() as session:
        store = session.get(Store, store_id)
        if store is None:
            raise NotFoundError(f"no store {store_id!r}")
        page = render_storefront(store, _summaries(session, store_id))
    return HTMLResponse(page)


@router.get("/store/{store_id}/products/{handle}", response_class=HTMLResponse)
def product_page(store_id: StorePath, handle: HandlePath, database: DatabaseDep) -> HTMLResponse:
    """One product's page: the widget reports the view and the time spent on it."""
    with database.session() as session:
        store = session.get(Store, store_id)
        product = find_product(session, store_id, handle) if store is not None else None
        if store is None or product is None:
            raise NotFoundError(f"no product {handle!r} in store {store_id!r}")
        book = PriceBook.load(session, store_id, utcnow())
        infos = [variant_info(variant, product, book) for variant in product.variants]
        summary = summarize(product, infos, all_variants=infos)
        page = render_storefront(store, [summary], {"page": "product", "product": product.handle})
    return HTMLResponse(page)
