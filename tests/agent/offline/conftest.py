"""The offline engine over the demo store's tables."""

from __future__ import annotations

import pytest

from assistant.agent.offline.engine import OfflineEngine
from assistant.db import Database
from assistant.demo import load_demo_tables


@pytest.fixture
def engine(database: Database) -> OfflineEngine:
    with database.transaction() as session:
        load_demo_tables(session)
    return OfflineEngine.for_database(database)
