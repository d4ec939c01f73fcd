"""The demo store copied from the session's snapshot is the demo store `load_demo_tables`
builds, down to the numbers the next rows get."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from assistant.db import Database
from assistant.demo import DEMO_STORE_ID, load_demo_tables
from assistant.domain import Category
from tests.table_snapshot import TableSnapshot

# Drawn at random when a store is created.
_RANDOM = {"customer_token_secret"}


def _without_times(snapshot: TableSnapshot) -> dict[str, list[dict[str, Any]]]:
    """The rows less their timestamps (when each load ran differs) and random secrets."""
    return {
        name: [
            {k: v for k, v in row.items() if not isinstance(v, datetime) and k not in _RANDOM}
            for row in rows
        ]
        for name, rows in snapshot.rows
    }


def _session_snapshot(request: pytest.FixtureRequest, database: Database) -> TableSnapshot:
    snapshot: TableSnapshot = request.getfixturevalue(
        f"_{database.engine.dialect.name}_demo_snapshot"
    )
    return snapshot


def test_the_snapshot_holds_what_loading_the_demo_store_writes(
    request: pytest.FixtureRequest, database: Database
) -> None:
    with database.transaction() as session:
        load_demo_tables(session)
    loaded = TableSnapshot.take(database)
    assert len(loaded.rows) > 5
    assert _without_times(loaded) == _without_times(_session_snapshot(request, database))


def test_a_copied_demo_store_reads_back_as_the_snapshot_and_numbers_on_from_it(
    request: pytest.FixtureRequest, demo_tables: Database
) -> None:
    snapshot = _session_snapshot(request, demo_tables)
    assert TableSnapshot.take(demo_tables).rows == snapshot.rows
    highest = max(row["id"] for name, rows in snapshot.rows if name == "categories" for row in rows)
    with demo_tables.transaction() as session:
        added = Category(store_id=DEMO_STORE_ID, slug="new-kind", name="New kind")
        session.add(added)
        session.flush()
        assert added.id == highest + 1
