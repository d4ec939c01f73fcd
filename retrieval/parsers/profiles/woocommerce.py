"""WooCommerce's product CSV export.

`Type` says what a row is: a `simple` product is a product with one variant; a `variable`
product holds the product fields and its `variation` rows (whose `Parent` names it by SKU or as
`id:ID`) are its variants. `Attribute N name` / `Attribute N value(s)` are a variation's options,
and a simple product's attributes. `Sale price`, when given, is the price and `Regular price`
the price compared against. `Categories` looks like 'Clothing > Hoodies, Sale'.
"""

from __future__ import annotations

import re

from retrieval.parsers.base import RowError
from retrieval.parsers.catalog_rows import ATTRIBUTE_PREFIX, OPTION_PREFIX
from retrieval.parsers.catalog_table import CatalogTable
from retrieval.parsers.html import html_to_text
from retrieval.parsers.profiles.common import ImportRules, MappedRows, mapped_explicitly, slug

PRODUCT_COLUMNS = {
    "Name": "title",
    "Description": "description",
    "Short description": "description",
    "Categories": "category",
    "Tags": "tags",
    "Brands": "brand",
}
VARIANT_COLUMNS = {
    "SKU": "sku",
    "Regular price": "compare_at_price / price",
    "Sale price": "price",
    "Stock": "stock",
    "In stock?": "stock (0 when out of stock)",
}
STRUCTURE_COLUMNS = {"ID": "row id (Parent refers to it)", "Type": "row kind", "Parent": "parent"}
_ATTRIBUTE = re.compile(r"^Attribute (\d+) (name|value\(s\)|visible|global|default)$")
_ROW_KINDS = ("simple", "variable", "variation")


def detect(header: list[str]) -> str | None:
    """Why this header is a WooCommerce export, or None."""
    names = set(header)
    if {"Type", "SKU", "Name"} <= names and ("Regular price" in names or "Parent" in names):
        return "columns Type, SKU, Name and Regular price are WooCommerce's product export"
    return None


def _product_id(record: dict[str, str]) -> str:
    """The product's id: its SKU, else its name, else 'woo-<ID>' (a name in another script)."""
    for value in (record.get("SKU", ""), record.get("Name", "")):
        if slug(value):
            return slug(value)
    return f"woo-{slug(record.get('ID', ''))}"


def _kind(record: dict[str, str]) -> str:
    parts = [part.strip().lower() for part in record.get("Type", "").split(",")]
    return next((part for part in parts if part in _ROW_KINDS), parts[0] if parts else "")


def _attributes(record: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for column, value in record.items():
        match = _ATTRIBUTE.match(column)
        if match and match[2] == "name" and value.strip():
            values = record.get(f"Attribute {match[1]} value(s)", "").strip()
            if values:
                found[value.strip()] = values
    return found


def _product_fields(record: dict[str, str]) -> dict[str, str]:
    description = record.get("Description", "").strip() or record.get("Short description", "")
    category = record.get("Categories", "").split(",")[0].split(">")[-1].strip()
    fields = {
        "title": record.get("Name", ""),
        "description": html_to_text(description) if description.strip() else "",
        "tags": record.get("Tags", ""),
        "brand": record.get("Brands", "").split(",")[0].strip(),
    }
    if category:
        fields["category"] = slug(category)
        fields["category_name"] = category
    return fields


def _variant_fields(record: dict[str, str]) -> dict[str, str]:
    regular, sale = record.get("Regular price", "").strip(), record.get("Sale price", "").strip()
    stock = record.get("Stock", "").strip()
    if not stock and record.get("In stock?", "").strip() == "0":
        stock = "0"
    fields = {"sku": record.get("SKU", ""), "price": sale or regular, "stock": stock}
    if sale and regular:
        fields["compare_at_price"] = regular
    return fields


def map_woocommerce(file: str, table: CatalogTable, rules: ImportRules) -> MappedRows:
    """Map a WooCommerce export; variations join their parent wherever it is in the file."""
    mapped = MappedRows()
    explicit = mapped_explicitly(table, rules, mapped)
    for column in table.header:
        if column in explicit:
            continue
        attribute = _ATTRIBUTE.match(column)
        if rules.excluded(column):
            mapped.use(column, None, "excluded by --exclude")
        elif column in PRODUCT_COLUMNS:
            mapped.use(column, PRODUCT_COLUMNS[column], "WooCommerce column")
        elif column in VARIANT_COLUMNS:
            mapped.use(column, VARIANT_COLUMNS[column], "WooCommerce column")
        elif column in STRUCTURE_COLUMNS:
            mapped.use(column, STRUCTURE_COLUMNS[column], "groups variations under products")
        elif attribute and attribute[2] in ("name", "value(s)"):
            mapped.use(column, "option.<name> / attr.<name>", "variation option, else attribute")
        elif attribute:
            mapped.use(column, None, "display setting of an attribute")
        else:
            mapped.use(column, None, "WooCommerce column the catalog has no field for")
    records = table.records()
    parents: dict[str, tuple[str, dict[str, str]]] = {}
    for _line, record in records:
        if _kind(record) == "variable":
            product_id = _product_id(record)
            fields = {"id": product_id, **_product_fields(record)}
            if record.get("ID", "").strip():
                parents[f"id:{record['ID'].strip()}"] = (product_id, fields)
            if record.get("SKU", "").strip():
                parents[record["SKU"].strip()] = (product_id, fields)
    skipped: dict[str, int] = {}
    for line, record in records:
        kind = _kind(record)
        if kind == "simple":
            row = {"id": _product_id(record)}
            row.update(_product_fields(record))
            row.update(_variant_fields(record))
            for name, value in _attributes(record).items():
                row[ATTRIBUTE_PREFIX + name] = value
        elif kind == "variation":
            parent = parents.get(record.get("Parent", "").strip())
            if parent is None:
                mapped.problems.append(
                    RowError(file, line, "Parent", "the parent product is not in the file")
                )
                continue
            row = {**parent[1], **_variant_fields(record)}
            for name, value in _attributes(record).items():
                row[OPTION_PREFIX + name] = value
        else:
            if kind != "variable":
                skipped[kind or "(empty)"] = skipped.get(kind or "(empty)", 0) + 1
            continue
        for column, target in explicit.items():
            row[target] = record.get(column, "")
        mapped.rows.append((line, row))
    with_variants = {row["id"] for _line, row in mapped.rows}
    lonely = sorted({pid for pid, _fields in parents.values()} - with_variants)
    if lonely:
        mapped.warnings.append(
            f"{len(lonely)} variable products have no variation rows and were not read: "
            + ", ".join(repr(product) for product in lonely[:5])
        )
    for kind, count in sorted(skipped.items()):
        mapped.warnings.append(f"{count} rows of Type {kind!r} are not sold as variants; skipped")
    return mapped
