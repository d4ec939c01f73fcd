"""What every import profile shares: the merchant's rules, the mapped rows, small readers."""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from retrieval.parsers.base import RowError
from retrieval.parsers.catalog_table import CatalogTable
from retrieval.parsers.profiles.names import PROFILE_NAMES, ProfileName

_DECIMAL_COMMA = re.compile(r"^\d+,\d{2}$")
_MONEY = re.compile(
    r"^\s*(?P<currency>[A-Z]{3})?\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<code>[A-Z]{3})?\s*$"
)


@dataclass(frozen=True)
class ImportRules:
    """How the merchant asked for a file to be read; all optional, all remembered per store.

    `column_map` renames columns onto schema fields (`sku`, `option.size`, `attr.fabric`),
    `option_patterns` limits which unmapped columns become options ('opt_*'), `exclude` names
    columns (or patterns) never read, and `in_stock_quantity` is the stock counted for a variant
    a feed marks in stock without saying how many. `currency` is the store's own (not a choice,
    not saved): prices a feed states in another currency are a problem.
    """

    profile: ProfileName | None = None
    column_map: Mapping[str, str] = field(default_factory=dict)
    option_patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    in_stock_quantity: int | None = None
    currency: str | None = None

    @property
    def is_default(self) -> bool:
        """True when the merchant gave no rule at all (a saved mapping may then apply)."""
        return (
            self.profile is None
            and not self.column_map
            and not self.option_patterns
            and not self.exclude
            and self.in_stock_quantity is None
        )

    def as_dict(self) -> dict[str, Any]:
        """The rules as stored with a store's mapping."""
        return {
            "profile": self.profile,
            "column_map": dict(self.column_map),
            "option_patterns": list(self.option_patterns),
            "exclude": list(self.exclude),
            "in_stock_quantity": self.in_stock_quantity,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ImportRules:
        """Rules read back from `as_dict` (unknown profiles are dropped)."""
        profile = raw.get("profile")
        quantity = raw.get("in_stock_quantity")
        return cls(
            profile=next((name for name in PROFILE_NAMES if name == profile), None),
            column_map={str(k): str(v) for k, v in dict(raw.get("column_map") or {}).items()},
            option_patterns=tuple(str(p) for p in raw.get("option_patterns") or ()),
            exclude=tuple(str(p) for p in raw.get("exclude") or ()),
            in_stock_quantity=int(quantity) if quantity is not None else None,
        )

    def excluded(self, column: str) -> bool:
        """Whether `--exclude` names this column (exactly or by a pattern)."""
        return matches_any(column, self.exclude)


@dataclass
class MappedRows:
    """A table mapped onto schema fields: rows for `group_rows` and each column's use."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    targets: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    problems: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def use(self, column: str, target: str | None, note: str = "") -> None:
        """Record what a column feeds (None: ignored, with the reason as `note`)."""
        self.targets[column] = (target, note)


def matches_any(column: str, patterns: tuple[str, ...]) -> bool:
    """Case-insensitive shell-style match ('opt_*', 'Colour') against any pattern."""
    name = column.casefold()
    return any(fnmatch.fnmatchcase(name, pattern.casefold()) for pattern in patterns)


def plain_name(column: str) -> str:
    """'Variant SKU' -> 'variant_sku', 'g:item_group_id' -> 'item_group_id'."""
    name = column.strip().casefold().removeprefix("g:")
    return re.sub(r"[^0-9a-z]+", "_", name).strip("_")


def slug(text: str, limit: int = 200) -> str:
    """A catalog id from a name: 'Trail Shoes / Men' -> 'trail-shoes-men'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-._").lower()
    return value[:limit].strip("-._")


def amount_and_currency(value: str) -> tuple[str, str | None] | None:
    """'12.00 USD' -> ('12.00', 'USD'); '1,299.50' -> ('1299.50', None); '12,50' -> '12.50'."""
    found = _MONEY.match(value)
    if found is None:
        return None
    amount = found["amount"]
    if _DECIMAL_COMMA.match(amount):
        amount = amount.replace(",", ".")  # '12,50 EUR'
    return amount.replace(",", ""), found["currency"] or found["code"]


def mapped_explicitly(
    table: CatalogTable, rules: ImportRules, mapped: MappedRows
) -> dict[str, str]:
    """Columns the merchant's `--map` names, recorded as used; {column: target}."""
    chosen: dict[str, str] = {}
    for column in table.header:
        target = rules.column_map.get(column)
        if target:
            chosen[column] = target
            mapped.use(column, target, "mapped by you")
    return chosen
