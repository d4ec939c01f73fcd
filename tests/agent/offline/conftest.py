"""The offline engine over the demo store's tables."""

from __future__ import annotations

import pytest

from assistant.agent.offline.engine import OfflineEngine
from assistant.db import Database


@pytest.fixture
def engine(demo_tables: Database) -> OfflineEngine:
    return OfflineEngine.for_database(demo_tables)
