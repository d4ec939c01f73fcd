"""Ingest without a type: the CLI, the API and ingest jobs type files by content and say why."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.cli.context import console
from assistant.config import Settings
from assistant.db import Database
from retrieval.jobs import _file_row, _source_file
from retrieval.sources import SourceFile
from tests.retrieval.test_api import Merchant, merchant_for
from tests.retrieval.test_cli import cli  # noqa: F401  (the CLI fixture with a store "acme")

DOCUMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console wide enough that no reason wraps inside the table."""
    monkeypatch.setattr(console, "width", 220)


@pytest.fixture
def merchant(settings: Settings, database: Database) -> Iterator[Merchant]:
    yield from merchant_for(settings, database)


def test_cli_ingest_prints_the_type_found_in_the_content_and_why(
    cli: CliRunner,  # noqa: F811
    tmp_path: Path,
    wide_console: None,
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    for name in ("notes.md", "tops.txt", "support.txt"):
        (folder / name).write_bytes((DOCUMENTS / name).read_bytes())
    result = cli.invoke(app, ["ingest", "--store", "acme", str(folder)])
    assert result.exit_code == 0, result.output
    assert "policy (by content: 4 rules" in result.output
    assert "policy: size guide (by content:" in result.output
    assert "faq (by content: 3 questions with answers)" in result.output


def test_cli_type_option_overrides_the_guess(
    cli: CliRunner,  # noqa: F811
    wide_console: None,
) -> None:
    path = DOCUMENTS / "team.md"
    result = cli.invoke(app, ["ingest", "--store", "acme", str(path), "--type", "policy"])
    assert result.exit_code == 0, result.output
    assert "by content" not in result.output and "policy" in result.output


def test_an_upload_without_a_type_is_typed_by_content(merchant: Merchant) -> None:
    response = merchant.client.post(
        "/v1/stores/shop/documents",
        files={"file": ("page3.html", (DOCUMENTS / "page3.html").read_bytes())},
        headers=merchant.headers(),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["document"]["doc_type"] == "policy"
    assert body["doc_type_reason"].startswith("policy (by content: ")


def test_an_upload_with_a_type_keeps_it_and_gives_no_reason(merchant: Merchant) -> None:
    response = merchant.upload("page3.html", (DOCUMENTS / "page3.html").read_bytes(), "other")
    assert response.status_code == 201, response.text
    assert response.json()["document"]["doc_type"] == "other"
    assert response.json()["doc_type_reason"] is None


def test_an_ingest_job_keeps_the_reason_for_its_result() -> None:
    file = SourceFile("notes.md", b"# Notes", "policy", doc_type_reason="policy (by content: x)")
    restored = _source_file(_file_row("job", 0, file))
    assert restored.doc_type_reason == "policy (by content: x)"
    assert restored.doc_type == "policy"
