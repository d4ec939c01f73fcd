from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.cli.context import database
from assistant.config import get_settings
from tests.retrieval.conftest import markdown


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("SALES_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SALES_ASSISTANT_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    database.cache_clear()
    runner = CliRunner()
    assert runner.invoke(app, ["stores", "create", "acme", "--name", "Acme"]).exit_code == 0
    yield runner
    database.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "policies").mkdir(parents=True)
    (root / "policies" / "returns.md").write_bytes(
        markdown("Returns", {"Return window": "Return unworn boots within 30 days."})
    )
    (root / "faq.csv").write_text("question,answer\nDo you ship to Canada?,Yes for $19.95.\n")
    (root / "logo.png").write_bytes(b"\x89PNG")
    return root


def test_ingest_reads_folders_recursively_and_summarises(cli: CliRunner, folder: Path) -> None:
    result = cli.invoke(app, ["ingest", "--store", "acme", str(folder)])
    assert "2 added, 0 replaced, 0 unchanged, 1 rejected" in result.output
    assert "policies/returns.md" in result.output and "logo.png" in result.output
    assert result.exit_code == 1  # a file was rejected


def test_ingesting_again_reports_unchanged(cli: CliRunner, folder: Path) -> None:
    (folder / "logo.png").unlink()
    assert cli.invoke(app, ["ingest", "--store", "acme", str(folder)]).exit_code == 0
    again = cli.invoke(app, ["ingest", "--store", "acme", str(folder)])
    assert again.exit_code == 0, again.output
    assert "0 added, 0 replaced, 2 unchanged, 0 rejected" in again.output


def test_search_prints_hits_with_citations_and_confidence(cli: CliRunner, folder: Path) -> None:
    cli.invoke(app, ["ingest", "--store", "acme", str(folder / "policies")])
    result = cli.invoke(app, ["search", "--store", "acme", "how long to return boots?"])
    assert result.exit_code == 0, result.output
    assert "Confidence" in result.output
    assert "Returns › Return window" in result.output
    assert "returns.md" in result.output


def test_search_as_json_is_the_search_result(cli: CliRunner, folder: Path) -> None:
    import json

    cli.invoke(app, ["ingest", "--store", "acme", str(folder / "faq.csv"), "--type", "faq"])
    result = cli.invoke(app, ["search", "--store", "acme", "shipping to Canada", "--json"])
    body = json.loads(result.output)
    assert body["hits"][0]["citation"]["section"] == "Do you ship to Canada?"


def test_reindex_restores_the_vector_index(cli: CliRunner, folder: Path) -> None:
    from assistant.cli.ingest import knowledge

    cli.invoke(app, ["ingest", "--store", "acme", str(folder / "policies")])
    knowledge().vectors.drop_store("acme")
    result = cli.invoke(app, ["reindex", "--store", "acme"])
    assert result.exit_code == 0, result.output
    assert "1 passages embedded" in result.output
