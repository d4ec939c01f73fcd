"""What every command needs: Settings, the database, and a console for rich output."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console

from assistant.config import Settings, get_settings
from assistant.db import Database, migrate

console = Console()
err_console = Console(stderr=True, soft_wrap=True)


def settings() -> Settings:
    """The process Settings (a bad setting raises ConfigurationError with one line)."""
    return get_settings()


@lru_cache(maxsize=1)
def database() -> Database:
    """The database of this command, migrated to the newest schema."""
    current = settings()
    current.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(current.resolved_database_url)
    return Database(current)
