"""Every table's rows (and, on PostgreSQL, where its sequences stood), taken from one database
and written into another that is empty: a way to build some state once per test session and
give each test its own copy of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text

from assistant.db import Database
from assistant.domain import Base

_USED_SEQUENCES = text(
    "SELECT format('%I.%I', schemaname, sequencename), last_value "
    "FROM pg_sequences WHERE last_value IS NOT NULL"
)
_SET_SEQUENCE = text("SELECT setval(CAST(:name AS regclass), :value, true)")


@dataclass(frozen=True)
class TableSnapshot:
    """The rows of each non-empty table, parents before children, and the sequences' values."""

    rows: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]
    sequences: tuple[tuple[str, int], ...]

    @classmethod
    def take(cls, database: Database) -> TableSnapshot:
        """Read every table of `database`, each in primary-key order (so a row that refers to
        another of its own table, a subcategory say, comes after it)."""
        with database.engine.connect() as connection:
            rows = []
            for table in Base.metadata.sorted_tables:
                query = select(table).order_by(*table.primary_key.columns)
                found = tuple(dict(row._mapping) for row in connection.execute(query))
                if found:
                    rows.append((table.name, found))
            sequences: list[tuple[str, int]] = []
            if connection.dialect.name == "postgresql":
                sequences = [(str(n), int(v)) for n, v in connection.execute(_USED_SEQUENCES)]
        return cls(tuple(rows), tuple(sequences))

    def restore(self, database: Database) -> None:
        """Write the rows into `database`'s empty tables and move its sequences on to where
        they stood, so the next row gets the number it would have got in the original."""
        tables = Base.metadata.tables
        with database.engine.begin() as connection:
            for name, rows in self.rows:
                connection.execute(tables[name].insert(), list(rows))
            for sequence, value in self.sequences:
                connection.execute(_SET_SEQUENCE, {"name": sequence, "value": value})
