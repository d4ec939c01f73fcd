import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.cli.context import database
from assistant.config import get_settings


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SALES_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SALES_ASSISTANT_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    database.cache_clear()
    yield CliRunner()
    database.cache_clear()
    get_settings.cache_clear()


def test_init_creates_the_database(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "sales_assistant.db").exists()


def test_load_demo_twice_reports_a_refresh(cli: CliRunner) -> None:
    first = cli.invoke(app, ["load-demo"])
    second = cli.invoke(app, ["load-demo"])
    assert first.exit_code == 0, first.output
    assert "created" in first.output
    assert second.exit_code == 0, second.output
    assert "refreshed" in second.output
    assert "0 products added" in second.output


def test_stores_and_keys_are_created_and_the_key_is_shown_once(cli: CliRunner) -> None:
    created = cli.invoke(app, ["stores", "create", "acme", "--name", "Acme Outdoor"])
    assert created.exit_code == 0, created.output
    key = cli.invoke(app, ["keys", "create", "--store", "acme", "--scope", "agent"])
    assert key.exit_code == 0, key.output
    assert re.search(r"sak_[0-9a-f]{12}_\S+", key.output)


def test_keys_for_an_unknown_store_fail_cleanly(cli: CliRunner) -> None:
    result = cli.invoke(app, ["keys", "create", "--store", "nowhere", "--scope", "admin"])
    assert result.exit_code != 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_healthz_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from assistant.cli.app import main; main()",
            "serve",
            "--port",
            str(port),
        ],
        env={"SALES_ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
