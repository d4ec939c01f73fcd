"""Shopify's product CSV export.

One row per variant, grouped by `Handle`; product columns (Title, Body (HTML), Vendor, Type,
Tags) are filled on a product's first row only. `OptionN Name` is given on the first row and
`OptionN Value` on every row; Shopify writes `Title` / `Default Title` for a product without
options. Rows that carry only an image (`Image Src`) are extra pictures, not variants, and a
negative `Variant Inventory Qty` (Shopify lets a shop oversell) is nothing in stock.
Product metafield columns such as `Fabric (product.metafields.custom.fabric)` become attributes.
"""

from __future__ import annotations

import re

from retrieval.parsers.catalog_rows import ATTRIBUTE_PREFIX, OPTION_PREFIX
from retrieval.parsers.catalog_table import CatalogTable
from retrieval.parsers.html import html_to_text
from retrieval.parsers.profiles.common import ImportRules, MappedRows, mapped_explicitly

COLUMNS = {
    "Handle": "id",
    "Title": "title",
    "Body (HTML)": "description",
    "Vendor": "brand",
    "Type": "category",
    "Tags": "tags",
    "Variant SKU": "sku",
    "Variant Price": "price",
    "Variant Compare At Price": "compare_at_price",
    "Variant Inventory Qty": "stock",
}
VARIANT_COLUMNS = ("Variant SKU", "Variant Price", "Variant Inventory Qty")
_OPTION = re.compile(r"^Option([1-3]) (Name|Value)$")
_METAFIELD = re.compile(r"^(?P<label>.+?) \(product\.metafields\.[^)]+\)$")
_NO_OPTION = ("Title", "Default Title")


def detect(header: list[str]) -> str | None:
    """Why this header is a Shopify export, or None."""
    names = set(header)
    if "Handle" in names and ("Variant SKU" in names or "Option1 Name" in names):
        return "columns Handle, Variant SKU and Option1 Name are Shopify's product export"
    return None


def map_shopify(file: str, table: CatalogTable, rules: ImportRules) -> MappedRows:
    """Map a Shopify export; option names carry over from each product's first row."""
    del file
    mapped = MappedRows()
    explicit = mapped_explicitly(table, rules, mapped)
    for column in table.header:
        if column in explicit:
            continue
        if rules.excluded(column):
            mapped.use(column, None, "excluded by --exclude")
        elif column in COLUMNS:
            mapped.use(column, COLUMNS[column], "Shopify column")
        elif (option := _OPTION.match(column)) is not None:
            if option[2] == "Name":
                mapped.use(column, "option names", "names the values' option")
            else:
                mapped.use(column, f"{OPTION_PREFIX}<Option{option[1]} Name>", "option value")
        elif (metafield := _METAFIELD.match(column)) is not None:
            mapped.use(column, ATTRIBUTE_PREFIX + metafield["label"].strip(), "product metafield")
        elif column == "Image Src":
            mapped.use(column, None, "images are not read; rows with only an image are skipped")
        else:
            mapped.use(column, None, "Shopify column the catalog has no field for")
    option_names: dict[str, dict[str, str]] = {}
    image_rows = 0
    oversold = 0
    for line, record in table.records():
        handle = record.get("Handle", "").strip()
        names = option_names.setdefault(handle, {})
        for number in "123":
            name = record.get(f"Option{number} Name", "").strip()
            if name and number not in names:
                names[number] = name
        values = {n: record.get(f"Option{n} Value", "").strip() for n in "123"}
        if not any(record.get(c, "").strip() for c in VARIANT_COLUMNS) and not any(values.values()):
            image_rows += 1
            continue
        row: dict[str, str] = {}
        for column, (target, _note) in mapped.targets.items():
            if target is not None and not _OPTION.match(column):
                row[target] = record.get(column, "")
        for number, value in values.items():
            option_name = names.get(number)
            if option_name and value and (option_name, value) != _NO_OPTION:
                row[OPTION_PREFIX + option_name] = value
        if row.get("stock", "").strip().startswith("-"):
            oversold += 1
            row["stock"] = "0"
        if row.get("description"):
            row["description"] = html_to_text(row["description"])
        mapped.rows.append((line, row))
    _name_option_columns(mapped, option_names)
    if oversold:
        mapped.warnings.append(
            f"{oversold} variants have a negative inventory (oversold); read as 0 in stock"
        )
    if image_rows:
        mapped.warnings.append(
            f"{image_rows} rows carry only an image and were not read as variants"
        )
    return mapped


def _name_option_columns(mapped: MappedRows, option_names: dict[str, dict[str, str]]) -> None:
    """Show `Option1 Value` as the options it became ('option.Size'), from the names read."""
    for number in "123":
        names = sorted(
            {names[number] for names in option_names.values() if number in names} - {"Title"}
        )
        column = f"Option{number} Value"
        if column not in mapped.targets or mapped.targets[column][0] is None:
            continue
        if names:
            targets = ", ".join(OPTION_PREFIX + name for name in names)
            mapped.use(column, targets, f"named by Option{number} Name")
        else:
            mapped.use(column, None, f"no product names option {number}")
