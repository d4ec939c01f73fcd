"""What a catalog import read and how: the profile, each column's use, counts and problems.

The same report backs a dry run (nothing written) and a real import (shown beside its outcome),
so a column the import does not use is always named with the reason, never dropped silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from retrieval.parsers.base import RowError
from retrieval.parsers.profiles.common import ImportRules

SAMPLE_VALUES = 3
# Samples come from the first rows: a dry run shows what a column holds, not all of it.
SAMPLE_ROWS = 500


@dataclass(frozen=True)
class ColumnUse:
    """One column of the file: the catalog field it feeds (None: ignored) and why."""

    column: str
    target: str | None
    note: str = ""
    samples: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """For job results and JSON output."""
        return {
            "column": self.column,
            "target": self.target,
            "note": self.note,
            "samples": list(self.samples),
        }


@dataclass
class ImportReport:
    """How a catalog file was read; `problems` lists every bad record, not only the first."""

    profile: str
    detected_because: str
    columns: list[ColumnUse] = field(default_factory=list)
    products: int = 0
    variants: int = 0
    option_names: list[str] = field(default_factory=list)
    option_values: int = 0
    problems: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    column_key: str | None = None
    rules: ImportRules = field(default_factory=ImportRules)

    @property
    def ignored(self) -> list[ColumnUse]:
        """The columns nothing was read from."""
        return [use for use in self.columns if use.target is None]

    def as_dict(self) -> dict[str, Any]:
        """For job results and JSON output."""
        return {
            "profile": self.profile,
            "detected_because": self.detected_because,
            "columns": [use.as_dict() for use in self.columns],
            "products": self.products,
            "variants": self.variants,
            "option_names": list(self.option_names),
            "option_values": self.option_values,
            "problems": [problem.as_dict() for problem in self.problems],
            "warnings": list(self.warnings),
            "rules": self.rules.as_dict(),
        }


def column_key(columns: list[str]) -> str:
    """A fingerprint of a header: the same export layout gets the same key, in any order."""
    names = sorted({column.strip().casefold() for column in columns if column.strip()})
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:32]


def samples_of(values: Iterable[str]) -> tuple[str, ...]:
    """The first few distinct non-empty values of a column's first rows, shortened."""
    found: list[str] = []
    for value in islice(values, SAMPLE_ROWS):
        text = " ".join(value.split())
        if text and text not in found:
            found.append(text if len(text) <= 60 else text[:57] + "...")
            if len(found) == SAMPLE_VALUES:
                break
    return tuple(found)
