"""Google Merchant Center product feeds (XML with the `g:` namespace, or tab-separated).

Each item is a variant: `id` is its SKU and `item_group_id` its product (an item without a
group is a product of its own). Prices read like '12.00 USD'; `sale_price`, when given, is the
price and `price` the one compared against. Variant attributes (`size`, `color`, `material`,
`pattern`, `age_group`, `gender`) are options. A feed states `availability`, not a quantity:
`quantity` is read when the feed has it, 'out_of_stock' is 0, and an item in stock counts as
`in_stock_quantity` units when the merchant sets it; otherwise it is a problem to resolve.
"""

from __future__ import annotations

from retrieval.parsers.base import RowError
from retrieval.parsers.catalog_rows import ATTRIBUTE_PREFIX, OPTION_PREFIX
from retrieval.parsers.catalog_table import CatalogTable
from retrieval.parsers.html import html_to_text
from retrieval.parsers.profiles.common import (
    ImportRules,
    MappedRows,
    amount_and_currency,
    mapped_explicitly,
    plain_name,
    slug,
)

FIELDS = {
    "id": "sku",
    "item_group_id": "id",
    "title": "title",
    "description": "description",
    "brand": "brand",
    "product_type": "category",
    "price": "price",
    "sale_price": "price",
    "availability": "stock",
    "quantity": "stock",
    "sell_on_google_quantity": "stock",
}
OPTIONS = ("size", "color", "material", "pattern", "age_group", "gender")
ATTRIBUTES = ("condition",)
IGNORED = {
    "gtin": "a barcode; the catalog has no field for it",
    "mpn": "a manufacturer part number; the catalog has no field for it",
    "link": "links are not read from a feed",
    "image_link": "images are not read",
    "additional_image_link": "images are not read",
    "google_product_category": "Google's taxonomy; product_type gives the category",
}
_OUT = ("out_of_stock", "out of stock")
_IN = ("in_stock", "in stock", "preorder", "backorder")


def detect(header: list[str]) -> str | None:
    """Why this header is a Merchant Center feed, or None."""
    names = {plain_name(column) for column in header}
    if {"id", "title", "price"} <= names and names & {"availability", "item_group_id", "gtin"}:
        return "attributes id, title, price and availability are a Merchant Center feed"
    return None


def _stock(value: str, quantity: str, rules: ImportRules) -> str | None:
    if quantity.strip():
        return quantity.strip()
    state = value.strip().lower()
    if state in _OUT:
        return "0"
    if state in _IN and rules.in_stock_quantity is not None:
        return str(rules.in_stock_quantity)
    return None


def map_merchant_center(file: str, table: CatalogTable, rules: ImportRules) -> MappedRows:
    """Map a feed; prices lose their currency code (one currency per feed)."""
    mapped = MappedRows()
    explicit = mapped_explicitly(table, rules, mapped)
    plain: dict[str, str] = {}
    for column in table.header:
        name = plain_name(column)
        if column in explicit:
            continue
        if rules.excluded(column):
            mapped.use(column, None, "excluded by --exclude")
        elif name in FIELDS and name not in plain:
            plain[name] = column
            mapped.use(column, FIELDS[name], "Merchant Center attribute")
        elif name in OPTIONS:
            plain[name] = column
            mapped.use(column, OPTION_PREFIX + name, "variant attribute")
        elif name in ATTRIBUTES:
            plain[name] = column
            mapped.use(column, ATTRIBUTE_PREFIX + name, "product attribute")
        elif column.endswith("(nested)"):
            mapped.use(column, None, "a nested element (shipping, tax, ...) is not read")
        else:
            mapped.use(column, None, IGNORED.get(name, "attribute the catalog has no field for"))
    currencies: set[str] = set()
    no_quantity = 0
    for line, record in table.records():
        value = {name: record.get(column, "") for name, column in plain.items()}
        sku = value.get("id", "").strip()
        row = {
            "id": slug(value.get("item_group_id", "").strip() or sku),
            "sku": sku,
            "title": value.get("title", ""),
            "description": html_to_text(value.get("description", "")),
            "brand": value.get("brand", ""),
        }
        category = value.get("product_type", "").split(">")[-1].strip()
        if category:
            row["category"], row["category_name"] = slug(category), category
        prices = []
        for name in ("price", "sale_price"):
            raw = value.get(name, "").strip()
            parsed = amount_and_currency(raw) if raw else None
            if raw and parsed is None:
                mapped.problems.append(
                    RowError(file, line, plain[name], f"not a price: {raw!r} (like '12.00 USD')")
                )
            prices.append(parsed)
            if parsed and parsed[1]:
                currencies.add(parsed[1])
        regular, sale = prices
        if sale is not None:
            row["price"] = sale[0]
            if regular is not None:
                row["compare_at_price"] = regular[0]
        elif regular is not None:
            row["price"] = regular[0]
        quantity = value.get("quantity", "") or value.get("sell_on_google_quantity", "")
        stock = _stock(value.get("availability", ""), quantity, rules)
        if stock is None:
            no_quantity += 1
        else:
            row["stock"] = stock
        for name in OPTIONS:
            if value.get(name, "").strip():
                row[OPTION_PREFIX + name] = value[name]
        for name in ATTRIBUTES:
            if value.get(name, "").strip():
                row[ATTRIBUTE_PREFIX + name] = value[name]
        for column, target in explicit.items():
            row[target] = record.get(column, "")
        mapped.rows.append((line, row))
    _shared_titles(mapped.rows)
    if no_quantity:
        mapped.problems.append(
            RowError(
                file,
                None,
                plain.get("availability", "availability"),
                f"{no_quantity} items say they are available but not how many: add a quantity "
                "column, or pass --in-stock-quantity N to count each as N units",
            )
        )
    if len(currencies) > 1:
        mapped.problems.append(
            RowError(file, None, "price", f"prices in several currencies: {sorted(currencies)}")
        )
    elif currencies and rules.currency and currencies != {rules.currency.upper()}:
        mapped.problems.append(
            RowError(
                file,
                None,
                "price",
                f"prices are in {currencies.pop()}, the store sells in {rules.currency.upper()}",
            )
        )
    return mapped


def _shared_titles(rows: list[tuple[int, dict[str, str]]]) -> None:
    """Variants titled 'Rain Shell - Red - M', 'Rain Shell - Red - L' name the product by the
    words they share ('Rain Shell - Red'), trailing separators dropped."""
    titles: dict[str, list[list[str]]] = {}
    for _line, row in rows:
        titles.setdefault(row["id"], []).append(row.get("title", "").split())
    shared: dict[str, str] = {}
    for product_id, word_lists in titles.items():
        if len(word_lists) < 2:
            continue
        common: list[str] = []
        for words in zip(*word_lists, strict=False):
            if len(set(words)) != 1:
                break
            common.append(words[0])
        title = " ".join(common).rstrip(" -|/,")
        if title:
            shared[product_id] = title
    for _line, row in rows:
        if row["id"] in shared:
            row["title"] = shared[row["id"]]
