from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.cli.context import database
from assistant.config import get_settings
from assistant.domain import IngestJob, IngestJobFile
from assistant.domain.base import utcnow
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


def test_a_job_whose_process_died_is_listed_interrupted_and_retried(cli: CliRunner) -> None:
    with database().transaction() as session:
        job = IngestJob(
            store_id="acme",
            status="running",
            total=1,
            done=0,
            result={},
            lease_owner="gone-host:99:dead",
            lease_expires_at=utcnow() - timedelta(minutes=5),
        )
        session.add(job)
        session.flush()
        data = markdown("Returns", {"Return window": "Return unworn boots within 30 days."})
        session.add(
            IngestJobFile(
                job_id=job.id, position=0, source="returns.md", doc_type="policy", data=data
            )
        )
        job_id = job.id

    listed = cli.invoke(app, ["ingest-jobs", "list", "--store", "acme"])
    assert listed.exit_code == 0, listed.output
    assert job_id in listed.output and "interrupted" in listed.output

    retried = cli.invoke(app, ["ingest-jobs", "retry", job_id, "--store", "acme"])
    assert retried.exit_code == 0, retried.output
    assert f"Job {job_id}: succeeded. 1 added" in retried.output
    again = cli.invoke(app, ["ingest-jobs", "retry", job_id, "--store", "acme"])
    assert again.exit_code != 0
