"""What every command needs: Settings, the database, and a console for rich output.

Settings and the database are imported when a command first asks for them, so that
`sales-assistant --help` loads neither (nor what they pull in).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.db import Database

console = Console()
err_console = Console(stderr=True, soft_wrap=True)


def settings() -> Settings:
    """The process Settings (a bad setting raises ConfigurationError with one line)."""
    from assistant.config import get_settings

    return get_settings()


@lru_cache(maxsize=1)
def database() -> Database:
    """The database of this command, migrated to the newest schema."""
    from assistant.db import Database, migrate

    current = settings()
    current.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(current.resolved_database_url)
    return Database(current)
