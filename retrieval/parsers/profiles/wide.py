"""Generic wide exports: one row per variant, any number of option columns.

Product and variant fields are recognised by their usual names (`product_id`, `item_id`,
`product_name`, `qty`, ...); every other column becomes a variant option under its own name,
unless `--exclude` names it or `--options` patterns are given and it matches none of them.
"""

from __future__ import annotations

from retrieval.parsers.base import RowError
from retrieval.parsers.catalog_rows import ATTRIBUTE_PREFIX, OPTION_PREFIX
from retrieval.parsers.catalog_table import CatalogTable
from retrieval.parsers.profiles.common import (
    ImportRules,
    MappedRows,
    mapped_explicitly,
    matches_any,
    plain_name,
    slug,
)

# The usual names of each field, most specific first.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "product_id", "productid", "parent_id", "parent_sku", "group_id",
        "item_group_id", "product_code", "style_number", "style", "handle", "model",
    ),
    "sku": (
        "sku", "variant_sku", "item_id", "item_sku", "variant_id", "sku_code", "article_number",
    ),
    "title": ("title", "name", "product_name", "product_title", "item_name"),
    "description": ("description", "body", "long_description", "product_description", "details"),
    "brand": ("brand", "vendor", "manufacturer"),
    "category": ("category", "product_type", "category_slug", "department"),
    "category_name": ("category_name",),
    "tags": ("tags", "keywords"),
    "related": ("related", "related_products"),
    "price": ("price", "unit_price", "retail_price", "selling_price"),
    "compare_at_price": (
        "compare_at_price", "compare_at", "list_price", "msrp", "rrp", "was_price",
    ),
    "stock": (
        "stock", "qty", "quantity", "inventory", "stock_qty", "stock_level", "on_hand",
        "inventory_qty", "available_quantity",
    ),
}  # fmt: skip
REQUIRED = ("sku", "title", "price", "stock")


def _by_name(table: CatalogTable, taken: set[str]) -> dict[str, str]:
    """{field: column} for fields found under a usual name, each column used once."""
    plain = {column: plain_name(column) for column in table.header if column not in taken}
    found: dict[str, str] = {}
    for target, names in FIELD_NAMES.items():
        for name in names:
            column = next((c for c, p in plain.items() if p == name and c not in taken), None)
            if column is not None:
                found[target] = column
                taken.add(column)
                break
    return found


def map_wide(file: str, table: CatalogTable, rules: ImportRules) -> MappedRows:
    """Map a wide table; every missing required field is one problem, all reported together."""
    mapped = MappedRows()
    explicit = mapped_explicitly(table, rules, mapped)
    taken = set(explicit)
    for column in table.header:
        if column not in taken and rules.excluded(column):
            mapped.use(column, None, "excluded by --exclude")
            taken.add(column)
    for column in table.header:
        lowered = column.casefold()
        for prefix in (OPTION_PREFIX, ATTRIBUTE_PREFIX):
            if column not in taken and lowered.startswith(prefix) and len(column) > len(prefix):
                explicit[column] = prefix + column[len(prefix) :].strip()
                mapped.use(column, explicit[column], "prefix names the field")
                taken.add(column)
    fields = {target: column for column, target in explicit.items()}
    for target, column in _by_name(table, taken).items():
        if target not in fields:
            fields[target] = column
            explicit[column] = target
            mapped.use(column, target, "recognised by name")
        else:
            mapped.use(column, None, f"{fields[target]!r} already gives {target}")
    empty = {column for column in table.header if not any(v.strip() for v in table.column(column))}
    for column in table.header:
        if column in taken or column in explicit:
            continue
        if column in empty:
            mapped.use(column, None, "empty in every row")
        elif rules.option_patterns and not matches_any(column, rules.option_patterns):
            mapped.use(column, None, "not a catalog field and not matched by --options")
        else:
            explicit[column] = OPTION_PREFIX + column.strip()
            note = "matched by --options" if rules.option_patterns else "variant option"
            mapped.use(column, explicit[column], note)
    for target in REQUIRED:
        if target not in fields:
            names = ", ".join(FIELD_NAMES[target][:4])
            mapped.problems.append(
                RowError(
                    file,
                    1,
                    None,
                    f"no column for {target!r} (looked for {names}, ...); "
                    f"name yours with --map YOUR_COLUMN={target}",
                )
            )
    if "id" not in fields and "sku" in fields:
        mapped.warnings.append(
            f"no product id column: each row is a product of its own, its id made from "
            f"{fields['sku']!r}; name yours with --map YOUR_COLUMN=id to group variants"
        )
    for line, record in table.records():
        row = {target: record[column] for column, target in explicit.items()}
        if "id" not in fields:
            row["id"] = slug(row.get("sku", ""))
        mapped.rows.append((line, row))
    return mapped
