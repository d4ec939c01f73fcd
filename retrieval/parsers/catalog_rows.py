"""Flat catalog rows (CSV, flat JSON Lines): one row per variant, grouped into products.

Columns are the documented field names, renamed first by the merchant's column mapping, so an
export from another system loads without editing the file:

    id, title, brand, category, category_name, description, tags, related   (product fields)
    sku, price, compare_at_price, stock, cost                                 (variant fields)
    option.<name>   a variant option, e.g. option.size
    attr.<key>      a product attribute, e.g. attr.waterproof

`tags` and `related` are separated by '|' (or ','). Product fields may be left empty on a
product's later rows; the first non-empty value wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PRODUCT_FIELDS = ("id", "title", "brand", "category", "description", "tags", "related")
VARIANT_FIELDS = ("sku", "price", "compare_at_price", "stock", "cost")
EXTRA_FIELDS = ("category_name",)
OPTION_PREFIX = "option."
ATTRIBUTE_PREFIX = "attr."
# Names other systems commonly use for the documented fields.
ALIASES = {
    "handle": "id",
    "product_id": "id",
    "name": "title",
    "product_type": "category",
    "body": "description",
    "quantity": "stock",
    "inventory": "stock",
    "compare_at": "compare_at_price",
}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def target_name(column: str, mapping: Mapping[str, str]) -> str | None:
    """The schema field a column feeds, or None when the column is not used."""
    if column in mapping:
        return mapping[column]
    name = column.strip().lower()
    name = ALIASES.get(name, name)
    for prefix in (OPTION_PREFIX, ATTRIBUTE_PREFIX):
        for separator in (".", ":"):
            raw_prefix = prefix[:-1] + separator
            if name.startswith(raw_prefix) and len(name) > len(raw_prefix):
                return prefix + column.strip()[len(raw_prefix) :].strip()
    if name in PRODUCT_FIELDS + VARIANT_FIELDS + EXTRA_FIELDS:
        return name
    return None


def parse_attribute(value: str) -> str | int | float | bool:
    """'true' -> True, '12' -> 12, '1.5' -> 1.5, anything else stays text."""
    lowered = value.strip().lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    if _NUMBER.match(lowered):
        return float(lowered) if "." in lowered else int(lowered)
    return value.strip()


def split_list(value: str) -> list[str]:
    """'a|b|c' or 'a, b, c' -> ['a', 'b', 'c']."""
    separator = "|" if "|" in value else ","
    return [part.strip() for part in value.split(separator) if part.strip()]


@dataclass
class ProductRows:
    """The rows of one product: the dict to validate and where each part came from."""

    handle: str
    first_line: int
    data: dict[str, Any] = field(default_factory=dict)
    variant_lines: list[int] = field(default_factory=list)
    category_name: str | None = None


def group_rows(rows: list[tuple[int, dict[str, str]]]) -> list[ProductRows]:
    """Rows already renamed to schema fields, grouped by product id in file order."""
    products: dict[str, ProductRows] = {}
    for line, row in rows:
        handle = (row.get("id") or "").strip()
        product = products.get(handle)
        if product is None:
            product = ProductRows(handle=handle, first_line=line)
            product.data = {"id": handle, "variants": []}
            products[handle] = product
        _merge_product_fields(product, row)
        product.data["variants"].append(_variant(row))
        product.variant_lines.append(line)
    return list(products.values())


def _merge_product_fields(product: ProductRows, row: dict[str, str]) -> None:
    data = product.data
    for name in PRODUCT_FIELDS[1:]:
        value = (row.get(name) or "").strip()
        if not value or name in data:
            continue
        data[name] = split_list(value) if name in ("tags", "related") else value
    if product.category_name is None and (row.get("category_name") or "").strip():
        product.category_name = row["category_name"].strip()
    attributes = data.setdefault("attributes", {})
    for column, value in row.items():
        if column.startswith(ATTRIBUTE_PREFIX) and (value or "").strip():
            attributes.setdefault(column[len(ATTRIBUTE_PREFIX) :], parse_attribute(value))


def _variant(row: dict[str, str]) -> dict[str, Any]:
    variant: dict[str, Any] = {}
    for name in VARIANT_FIELDS:
        value = (row.get(name) or "").strip()
        if value:
            variant[name] = value
    options = {
        column[len(OPTION_PREFIX) :]: value.strip()
        for column, value in row.items()
        if column.startswith(OPTION_PREFIX) and (value or "").strip()
    }
    if options:
        variant["options"] = options
    return variant
