"""Which import profile reads a catalog table, and the mapped rows it produces.

A profile is chosen by name (`--profile`) or detected from the header, in this order: the
project's own columns (when every required field resolves, exactly as before profiles
existed), Shopify, WooCommerce, Merchant Center, and finally the generic wide export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.catalog.schema import CatalogIn
from assistant.errors import InvalidInputError
from retrieval.parsers.catalog_conflicts import settle_variant_values
from retrieval.parsers.catalog_rows import target_name
from retrieval.parsers.catalog_table import CatalogTable
from retrieval.parsers.import_report import ColumnUse, ImportReport, column_key, samples_of
from retrieval.parsers.profiles import merchant_center, shopify, woocommerce
from retrieval.parsers.profiles.common import ImportRules, MappedRows, amount_and_currency, slug
from retrieval.parsers.profiles.names import PROFILE_NAMES, ProfileName
from retrieval.parsers.profiles.wide import map_wide

NATIVE_REQUIRED = ("id", "sku", "price", "stock")
PRICE_FIELDS = ("price", "compare_at_price")
Mapper = Callable[[str, CatalogTable, ImportRules], MappedRows]
MAPPERS: dict[ProfileName, Mapper] = {
    "shopify": shopify.map_shopify,
    "woocommerce": woocommerce.map_woocommerce,
    "merchant-center": merchant_center.map_merchant_center,
    "wide": map_wide,
}
DETECTORS: tuple[tuple[ProfileName, Callable[[list[str]], str | None]], ...] = (
    ("shopify", shopify.detect),
    ("woocommerce", woocommerce.detect),
    ("merchant-center", merchant_center.detect),
)


def check_profile(name: str) -> ProfileName:
    """A profile name from the command line or the API, or a clear error."""
    for known in PROFILE_NAMES:
        if name == known:
            return known
    raise InvalidInputError(
        f"unknown import profile {name!r}; choose one of: {', '.join(PROFILE_NAMES)}",
        details={"profile": name},
    )


def native_targets(header: list[str], rules: ImportRules) -> list[str | None]:
    """Each column's schema field under the project's own names (and the merchant's map)."""
    return [target_name(column, rules.column_map) for column in header]


def choose_profile(
    header: list[str], rules: ImportRules, *, native_allowed: bool = True
) -> tuple[ProfileName, str]:
    """The profile to read this header with, and why it was chosen."""
    if rules.profile is not None:
        return rules.profile, "chosen with --profile"
    found = {target for target in native_targets(header, rules) if target}
    if native_allowed and all(name in found for name in NATIVE_REQUIRED):
        return "native", "the columns use the documented field names"
    for name, detect in DETECTORS:
        reason = detect(header)
        if reason is not None:
            return name, reason
    return "wide", "no known export layout; columns recognised by name, the rest as options"


def native_report(table: CatalogTable, rules: ImportRules, reason: str) -> ImportReport:
    """The column report of a file read with the project's own names."""
    report = ImportReport("native", reason, column_key=column_key(table.header))
    for column, target in zip(table.header, native_targets(table.header, rules), strict=True):
        note = "mapped by you" if column in rules.column_map else "documented field"
        if target is None:
            note = "not a documented field; name it with --map or a prefix option./attr."
        report.columns.append(ColumnUse(column, target, note, samples_of(table.column(column))))
    return report


@dataclass
class ProfiledTable:
    """A table mapped by a profile, ready for `group_rows`, and its report so far."""

    mapped: MappedRows
    report: ImportReport


def map_table(
    file: str, table: CatalogTable, name: ProfileName, reason: str, rules: ImportRules
) -> ProfiledTable:
    """Map a table with a (non-native) profile, settle per-variant values, report columns."""
    mapped = MAPPERS[name](file, table, rules)
    for _line, row in mapped.rows:
        category = (row.get("category") or "").strip()
        if category and slug(category) != category:
            row.setdefault("category_name", category)
            row["category"] = slug(category)
        for price_field in PRICE_FIELDS:
            money = amount_and_currency(row.get(price_field) or "")
            if money is not None and (money[1] is None or money[1] == rules.currency):
                row[price_field] = money[0]  # '1,299.00' or '12.00 EUR' in a EUR store
    mapped.warnings.extend(settle_variant_values(mapped.rows))
    report = ImportReport(name, reason, column_key=column_key(table.header))
    for column in table.header:
        target, note = mapped.targets.get(column, (None, "not read"))
        report.columns.append(ColumnUse(column, target, note, samples_of(table.column(column))))
    report.problems.extend(mapped.problems)
    report.warnings.extend(mapped.warnings)
    return ProfiledTable(mapped, report)


def count_catalog(report: ImportReport, catalog: CatalogIn) -> None:
    """Fill the report's counts of products, variants and options from what was read."""
    names: dict[str, None] = {}  # in first-seen order
    values = 0
    for product in catalog.products:
        for variant in product.variants:
            values += len(variant.options)
            names.update(dict.fromkeys(variant.options))
    report.products = len(catalog.products)
    report.variants = sum(len(product.variants) for product in catalog.products)
    report.option_names = list(names)
    report.option_values = values
