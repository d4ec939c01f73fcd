"""Product fields that differ between the variants of one product, settled out loud.

A flat export repeats product fields on every variant row. When a value really belongs to the
variant (a marketplace listing whose variants come from different brands), keeping the first
one would merge them silently; instead `brand` becomes a variant option, and other product
fields that differ keep their first value with a warning naming the products.
"""

from __future__ import annotations

from retrieval.parsers.catalog_rows import OPTION_PREFIX

PER_VARIANT = ("brand",)
FIRST_WINS = ("title", "description", "category")
EXAMPLES = 3


def settle_variant_values(rows: list[tuple[int, dict[str, str]]]) -> list[str]:
    """Move per-variant brands to options (in place); a warning for every kind of conflict."""
    by_product: dict[str, list[dict[str, str]]] = {}
    for _line, row in rows:
        by_product.setdefault((row.get("id") or "").strip(), []).append(row)
    moved: dict[str, list[str]] = {name: [] for name in PER_VARIANT}
    differing: dict[str, list[str]] = {name: [] for name in FIRST_WINS}
    for product_id, product_rows in by_product.items():
        for name in PER_VARIANT:
            values = {(row.get(name) or "").strip() for row in product_rows} - {""}
            option = OPTION_PREFIX + name
            if len(values) > 1 and not any(option in row for row in product_rows):
                moved[name].append(product_id)
                for row in product_rows:
                    row[option] = (row.pop(name, "") or "").strip()
        for name in FIRST_WINS:
            values = {(row.get(name) or "").strip() for row in product_rows} - {""}
            if len(values) > 1:
                differing[name].append(product_id)
    warnings = []
    for name, products in moved.items():
        if products:
            warnings.append(
                f"{name} differs between the variants of {len(products)} products "
                f"({_examples(products)}); kept per variant as the option {name!r}"
            )
    for name, products in differing.items():
        if products:
            warnings.append(
                f"{name} differs between the variants of {len(products)} products "
                f"({_examples(products)}); the first row's {name} is used"
            )
    return warnings


def _examples(products: list[str]) -> str:
    shown = ", ".join(repr(product) for product in products[:EXAMPLES])
    return shown + (", ..." if len(products) > EXAMPLES else "")
