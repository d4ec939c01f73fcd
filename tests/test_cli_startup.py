"""`sales-assistant --help` loads the command line only; commands import the service when run."""

from __future__ import annotations

import json
import subprocess
import sys

# What a command needs only once it runs: the database, settings, models, the agent, the web server.
SERVICE_MODULES = (
    "sqlalchemy",
    "pydantic_settings",
    "langchain_core",
    "chromadb",
    "uvicorn",
    "fastapi",
    "numpy",
    "assistant.config",
    "assistant.db",
    "assistant.agent",
    "retrieval.ingest",
    "retrieval.knowledge",
    "evals.runner",
)

_PROBE = "import json, sys\nimport assistant.cli.app\nprint(json.dumps(sorted(sys.modules)))\n"


def test_the_command_line_loads_without_the_service() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out))
    assert [name for name in SERVICE_MODULES if name in loaded] == []


def test_help_lists_every_command() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "from assistant.cli.app import main; main()", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for command in (
        "serve",
        "demo",
        "ingest",
        "search",
        "chat",
        "eval",
        "bench",
        "ingest-jobs",
        "sync-site",
    ):
        assert command in out
