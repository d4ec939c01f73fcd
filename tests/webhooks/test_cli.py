"""`sales-assistant webhooks deliver` sends what is due once and says what happened."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.cli.context import database as cli_database
from assistant.config import get_settings
from assistant.db import Database
from tests.webhooks.conftest import SECRET, Receiver, add_store, deliveries, queue_conversation


@pytest.fixture
def cli(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("SALES_ASSISTANT_DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.setenv("SALES_ASSISTANT_DATABASE_URL", database_url)
    monkeypatch.setenv("SALES_ASSISTANT_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1, localhost")
    get_settings.cache_clear()
    cli_database.cache_clear()
    yield CliRunner()
    cli_database().dispose()
    cli_database.cache_clear()
    get_settings.cache_clear()


def test_deliver_reports_sent_retried_and_failed(
    cli: CliRunner, database: Database, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    for _ in range(3):
        queue_conversation(database)
    receiver.statuses.extend([200, 500, 200])

    result = cli.invoke(app, ["webhooks", "deliver"])

    assert result.exit_code == 0, result.output
    assert "Webhooks: 2 delivered, 1 to retry, 0 failed." in result.output
    assert sorted(row.status for row in deliveries(database)) == [
        "delivered",
        "delivered",
        "pending",
    ]


def test_deliver_with_nothing_due(cli: CliRunner, database: Database) -> None:
    add_store(database)
    result = cli.invoke(app, ["webhooks", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Webhooks: 0 delivered, 0 to retry, 0 failed." in result.output
