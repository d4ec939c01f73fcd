"""Catalog files (CSV, JSON, JSON Lines) read into the documented schema, errors located.

JSON holds `{"categories": [...], "products": [...]}` (or just the list of products) in the
shape of `assistant.catalog.schema`; JSON Lines holds one product per line, nested or flat;
CSV holds one variant per row (see `catalog_rows`). A column mapping renames the merchant's own
field names first. Every error names the file, the line and the column; by default one bad
record rejects the whole file, and `skip_invalid` instead skips bad products and reports them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

from pydantic import ValidationError

from assistant.catalog.schema import CatalogIn, CategoryIn, ProductIn
from assistant.errors import IngestFormatError, InvalidInputError
from retrieval.parsers.base import ParsedCatalog, RowError, raise_row_errors
from retrieval.parsers.catalog_import import (
    ProfiledTable,
    choose_profile,
    count_catalog,
    map_table,
    native_report,
)
from retrieval.parsers.catalog_rows import (
    ATTRIBUTE_PREFIX,
    OPTION_PREFIX,
    ProductRows,
    group_rows,
    target_name,
)
from retrieval.parsers.catalog_table import CatalogTable, read_delimited, read_feed_xml
from retrieval.parsers.import_report import SAMPLE_ROWS, ImportReport
from retrieval.parsers.json_locate import locate
from retrieval.parsers.profiles.common import ImportRules

CatalogFormat = Literal["csv", "tsv", "xml", "json", "jsonl"]


def parse_catalog(
    file: str,
    text: str,
    fmt: CatalogFormat,
    mapping: Mapping[str, str] | None = None,
    *,
    skip_invalid: bool = False,
    rules: ImportRules | None = None,
) -> ParsedCatalog:
    """Read and validate a catalog file; raise IngestFormatError unless `skip_invalid`."""
    parsed = read_catalog(file, text, fmt, _with_mapping(rules, mapping))
    if parsed.rejected and not skip_invalid:
        raise_row_errors(parsed.rejected)
    if not parsed.catalog.products and not parsed.rejected:
        raise IngestFormatError(f"{file}: no products found", details={"file": file})
    return parsed


def _with_mapping(rules: ImportRules | None, mapping: Mapping[str, str] | None) -> ImportRules:
    rules = rules or ImportRules()
    if mapping:
        rules = replace(rules, column_map={**rules.column_map, **mapping})
    return rules


def read_catalog(file: str, text: str, fmt: CatalogFormat, rules: ImportRules) -> ParsedCatalog:
    """A catalog file read with its import profile; bad records are listed, not raised.

    Only a file that cannot be read at all (empty, not CSV/JSON/XML) raises IngestFormatError.
    """
    mapping = dict(rules.column_map)
    _check_profile_reads(file, fmt, rules)
    if fmt in ("json", "jsonl"):
        parsed = (
            _parse_json(file, text, mapping) if fmt == "json" else _parse_jsonl(file, text, mapping)
        )
        report = ImportReport("native", "JSON catalogs use the documented schema")
    else:
        # The first rows choose the profile (and give a native file's samples); a profile
        # other than the project's own then reads the whole table.
        table = (
            read_feed_xml(file, text)
            if fmt == "xml"
            else read_delimited(file, text, limit=SAMPLE_ROWS)
        )
        name, reason = choose_profile(table.header, rules, native_allowed=fmt == "csv")
        if name == "native":
            parsed = _parse_csv(file, text, mapping)
            report = native_report(table, rules, reason)
        else:
            if fmt != "xml":
                table = read_delimited(file, text)
            parsed, report = _parse_profiled(
                file, table, map_table(file, table, name, reason, rules)
            )
    count_catalog(report, parsed.catalog)
    report.problems = list(parsed.rejected)
    report.rules = rules
    parsed.report = report
    parsed.ignored_columns = [use.column for use in report.ignored]
    return parsed


def _check_profile_reads(file: str, fmt: CatalogFormat, rules: ImportRules) -> None:
    """A profile chosen by name must be one that reads this kind of file."""
    if rules.profile is None:
        return
    json_file = fmt in ("json", "jsonl")
    if (rules.profile == "native" and fmt in ("tsv", "xml")) or (
        json_file and rules.profile != "native"
    ):
        readable = "CSV, JSON and JSON Lines" if rules.profile == "native" else "CSV, TSV and XML"
        raise InvalidInputError(
            f"{file}: the {rules.profile} profile reads {readable} files",
            details={"file": file, "profile": rules.profile},
        )


def _parse_profiled(
    file: str, table: CatalogTable, profiled: ProfiledTable
) -> tuple[ParsedCatalog, ImportReport]:
    mapped, report = profiled.mapped, profiled.report
    reverse: dict[str, str] = {}
    for column, (target, _note) in mapped.targets.items():
        if target is not None:
            reverse.setdefault(target, column)
    groups = group_rows(mapped.rows)
    header_problems = [p for p in mapped.problems if p.line == 1 and p.column is None]
    if header_problems:
        # Without a required column every row would fail the same way: report the column once.
        empty = CatalogIn()
        parsed = ParsedCatalog(catalog=empty, rejected=table.problems + mapped.problems)
        return parsed, report
    catalog, rejected = _validate_grouped(file, groups, reverse)
    # A file-wide problem about a column already covers each row's missing value in it.
    covered = {problem.column for problem in mapped.problems if problem.line is None}
    rejected = [e for e in rejected if not (e.column in covered and e.message == "Field required")]
    numbers = {column: index for index, column in enumerate(table.header, start=1)}
    rejected = [replace(error, column_number=numbers.get(error.column or "")) for error in rejected]
    problems = table.problems + mapped.problems + rejected
    return ParsedCatalog(catalog=catalog, rejected=problems), report


def _field_of(loc: Sequence[str | int]) -> str | None:
    if not loc:
        return None
    if loc[0] == "variants" and len(loc) >= 3:
        if loc[2] == "options" and len(loc) >= 4:
            return f"{OPTION_PREFIX}{loc[3]}"
        return str(loc[2])
    if loc[0] == "attributes" and len(loc) >= 2:
        return f"{ATTRIBUTE_PREFIX}{loc[1]}"
    return str(loc[0])


def _message(error: Mapping[str, Any]) -> str:
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")


# --- CSV -------------------------------------------------------------------------------------


def _parse_csv(file: str, text: str, mapping: dict[str, str]) -> ParsedCatalog:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise IngestFormatError(f"{file}: the file is empty", details={"file": file}) from None
    except csv.Error as exc:
        raise_row_errors([RowError(file, 1, None, f"not valid CSV: {exc}")])
        raise  # unreachable: raise_row_errors raised
    targets = [target_name(column, mapping) for column in header]
    ignored = [column for column, target in zip(header, targets, strict=True) if target is None]
    reverse = {target: column for column, target in zip(header, targets, strict=True) if target}
    missing = [name for name in ("id", "sku", "price", "stock") if name not in reverse]
    if missing:
        raise_row_errors(
            [
                RowError(file, 1, name, "required column is missing; map yours onto it")
                for name in missing
            ]
        )
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    line = 1
    try:
        for record in reader:
            start = line + 1
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header):
                errors.append(RowError(file, start, None, "more cells than header columns"))
                continue
            row = {
                target: value
                for target, value in zip(targets, record, strict=False)
                if target is not None
            }
            rows.append((start, row))
    except csv.Error as exc:
        errors.append(RowError(file, reader.line_num, None, f"not valid CSV: {exc}"))
    products = group_rows(rows)
    catalog, rejected = _validate_grouped(file, products, reverse)
    numbers = {column: index for index, column in enumerate(header, start=1)}
    rejected = [replace(error, column_number=numbers.get(error.column or "")) for error in rejected]
    return ParsedCatalog(catalog=catalog, rejected=errors + rejected, ignored_columns=ignored)


def _validate_grouped(
    file: str, groups: list[ProductRows], reverse: Mapping[str, str]
) -> tuple[CatalogIn, list[RowError]]:
    products: list[ProductIn] = []
    categories: dict[str, CategoryIn] = {}
    errors: list[RowError] = []
    seen_skus: dict[str, str] = {}
    for group in groups:
        try:
            product = ProductIn.model_validate(group.data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                line = group.first_line
                if len(loc) >= 2 and loc[0] == "variants" and isinstance(loc[1], int):
                    line = group.variant_lines[loc[1]]
                name = _field_of(loc)
                column = reverse.get(name, name) if name else None
                errors.append(RowError(file, line, column, _message(error)))
            continue
        clash = _sku_clash(product, seen_skus)
        if clash is not None:
            index, other = clash
            errors.append(
                RowError(
                    file,
                    group.variant_lines[index],
                    reverse.get("sku", "sku"),
                    f"SKU {product.variants[index].sku!r} already belongs to product {other!r}",
                )
            )
            continue
        products.append(product)
        if product.category and product.category not in categories:
            name = group.category_name or product.category
            categories[product.category] = CategoryIn(slug=product.category, name=name[:200])
    return checked_catalog(file, list(categories.values()), products), errors


def _sku_clash(product: ProductIn, seen: dict[str, str]) -> tuple[int, str] | None:
    for index, variant in enumerate(product.variants):
        owner = seen.get(variant.sku)
        if owner is not None and owner != product.id:
            return index, owner
    for variant in product.variants:
        seen[variant.sku] = product.id
    return None


# --- JSON ------------------------------------------------------------------------------------


def _load_json(file: str, text: str, line_offset: int = 0) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestFormatError(
            f"{file}, line {exc.lineno + line_offset}, column {exc.colno}: "
            f"not valid JSON: {exc.msg}",
            details={"file": file, "line": exc.lineno + line_offset, "column": exc.colno},
        ) from None


def _rename(item: Any, mapping: Mapping[str, str]) -> Any:
    if not isinstance(item, dict) or not mapping:
        return item
    renamed = {mapping.get(key, key): value for key, value in item.items()}
    if isinstance(renamed.get("variants"), list):
        renamed["variants"] = [_rename(variant, mapping) for variant in renamed["variants"]]
    return renamed


def _original_path(loc: Sequence[str | int], mapping: Mapping[str, str]) -> list[str | int]:
    """Map a validation path over renamed keys back to the keys written in the file."""
    reverse = {target: source for source, target in mapping.items()}
    path: list[str | int] = []
    for step in loc:
        path.append(reverse.get(step, step) if isinstance(step, str) else step)
    return path


def _validate_products(
    file: str,
    items: list[Any],
    mapping: Mapping[str, str],
    position: Any,
) -> tuple[list[ProductIn], list[RowError]]:
    """Validate product objects; `position(index, path)` gives (line, column) in the file."""
    products: list[ProductIn] = []
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(items):
        try:
            product = ProductIn.model_validate(_rename(item, mapping))
        except ValidationError as exc:
            for error in exc.errors():
                path = _original_path(tuple(error["loc"]), mapping)
                line, column_number = position(index, path)
                name = next((str(step) for step in reversed(path) if isinstance(step, str)), None)
                errors.append(RowError(file, line, name, _message(error), column_number))
            continue
        clash = _sku_clash(product, seen)
        if clash is not None:
            variant_index, other = clash
            line, column_number = position(index, ["variants", variant_index, "sku"])
            errors.append(
                RowError(
                    file,
                    line,
                    "sku",
                    f"SKU {product.variants[variant_index].sku!r} already belongs to {other!r}",
                    column_number,
                )
            )
            continue
        products.append(product)
    return products, errors


def _parse_json(file: str, text: str, mapping: dict[str, str]) -> ParsedCatalog:
    data = _load_json(file, text)
    prefix: list[str | int] = []
    categories_in: list[Any] = []
    if isinstance(data, dict):
        unknown = sorted(set(data) - {"categories", "products"})
        if unknown or not isinstance(data.get("products", []), list):
            line, column = locate(text, [unknown[0]] if unknown else ["products"])
            raise IngestFormatError(
                f"{file}, line {line}, column {column}: expected an object with 'categories' "
                "and 'products' lists",
                details={"file": file, "line": line, "column": column},
            )
        categories_in = list(data.get("categories", []))
        items = list(data.get("products", []))
        prefix = ["products"]
    elif isinstance(data, list):
        items = data
    else:
        raise IngestFormatError(
            f"{file}, line 1, column 1: expected a catalog object or a list of products",
            details={"file": file, "line": 1, "column": 1},
        )

    def position(index: int, path: list[str | int]) -> tuple[int, int]:
        return locate(text, [*prefix, index, *path])

    products, errors = _validate_products(file, items, mapping, position)
    categories: list[CategoryIn] = []
    for index, item in enumerate(categories_in):
        try:
            categories.append(CategoryIn.model_validate(item))
        except ValidationError as exc:
            for error in exc.errors():
                path: list[str | int] = ["categories", index, *error["loc"]]
                line, column = locate(text, path)
                name = str(error["loc"][0]) if error["loc"] else None
                errors.append(RowError(file, line, name, _message(error), column))
    return ParsedCatalog(
        catalog=_assemble(file, text, categories, products, errors), rejected=errors
    )


def _assemble(
    file: str,
    text: str,
    categories: list[CategoryIn],
    products: list[ProductIn],
    errors: list[RowError],
) -> CatalogIn:
    slugs = {category.slug for category in categories}
    kept = []
    for index, category in enumerate(categories):
        if category.parent is not None and category.parent not in slugs:
            line, column = locate(text, ["categories", index, "parent"])
            errors.append(
                RowError(file, line, "parent", f"unknown parent {category.parent!r}", column)
            )
        else:
            kept.append(category)
    return checked_catalog(file, kept, products)


def checked_catalog(
    file: str, categories: list[CategoryIn], products: list[ProductIn]
) -> CatalogIn:
    """The whole catalog, its cross-record rules (unique SKUs, known parents) checked."""
    try:
        return CatalogIn(categories=categories, products=products)
    except ValidationError as exc:
        message = "; ".join(_message(error) for error in exc.errors())
        raise IngestFormatError(f"{file}: {message}", details={"file": file}) from None


# --- JSON Lines ------------------------------------------------------------------------------


def _parse_jsonl(file: str, text: str, mapping: dict[str, str]) -> ParsedCatalog:
    nested: list[tuple[int, str, Any]] = []
    flat: list[tuple[int, dict[str, str]]] = []
    reverse: dict[str, str] = {}
    for number, line_text in enumerate(text.splitlines(), start=1):
        if not line_text.strip():
            continue
        item = _load_json(file, line_text, line_offset=number - 1)
        if not isinstance(item, dict):
            raise IngestFormatError(
                f"{file}, line {number}, column 1: each line must be a JSON object",
                details={"file": file, "line": number, "column": 1},
            )
        renamed = _rename(item, mapping)
        if isinstance(renamed.get("variants"), list):
            nested.append((number, line_text, item))
            continue
        row: dict[str, str] = {}
        for key, value in item.items():
            target = target_name(key, mapping)
            if target is not None:
                reverse.setdefault(target, key)
                row[target] = "" if value is None else _flat_value(value)
        flat.append((number, row))

    def position(index: int, path: list[str | int]) -> tuple[int, int]:
        number, line_text, _item = nested[index]
        return number, locate(line_text, path)[1]

    products, errors = _validate_products(
        file, [item for _n, _t, item in nested], mapping, position
    )
    flat_catalog, flat_errors = _validate_grouped(file, group_rows(flat), reverse)
    categories = {category.slug: category for category in flat_catalog.categories}
    for product in products:
        if product.category and product.category not in categories:
            categories[product.category] = CategoryIn(slug=product.category, name=product.category)
    return ParsedCatalog(
        catalog=checked_catalog(file, list(categories.values()), products + flat_catalog.products),
        rejected=errors + flat_errors,
    )


def _flat_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(str(part) for part in value)
    return str(value)
