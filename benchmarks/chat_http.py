"""Load test of the chat endpoint over HTTP: a real server in its own processes, shoppers in this
one, talking over loopback.

    python -m benchmarks.chat_http --workers 1 --concurrency 16 64 --duration 60
    python -m benchmarks.chat_http --workers 2 --chroma-server \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

The server is `uvicorn assistant.api.app:app_factory` on the demo store with the offline engine;
with `--database-url` it gets a throwaway PostgreSQL database (created and dropped here), with
`--chroma-server` a `chroma run` server instead of the embedded store (several workers need
both). Each simulated shopper starts a session and plays the chat script of `benchmarks.chat`
turn after turn with no pause, then starts again with a new session, until the time is up.
Prints JSON: per concurrency level, requests, errors, p50/p95/p99 latency and throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assistant.config import Settings
from assistant.db import temporary_postgres_database
from assistant.demo import DEMO_STORE_ID, open_demo_store
from benchmarks.chat import SCRIPT

STARTUP_TIMEOUT_S = 180.0
REQUEST_TIMEOUT_S = 120.0


def print_report(report: dict[str, Any], output: Path | None) -> None:
    """The report as indented JSON on stdout, and in `output` too when one is given."""
    text_report = json.dumps(report, indent=2)
    print(text_report)
    if output:
        output.write_text(text_report + "\n", encoding="utf-8")


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until(url: str, timeout_s: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout_s} s")


@contextlib.contextmanager
def _process(command: list[str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def _chroma_server(folder: Path) -> Iterator[str]:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "run", "--path", str(folder / "chroma-server")]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with _process(command, folder, folder / "chroma.log") as process:
        url = f"http://127.0.0.1:{port}"
        _wait_until(f"{url}/api/v2/heartbeat", STARTUP_TIMEOUT_S, process)
        yield url


def _env_file(settings: Settings, folder: Path) -> None:
    """The server reads its settings from `.env` in its working directory."""
    values = {
        "DATA_DIR": str(settings.data_dir.resolve()),
        "DATABASE_URL": settings.resolved_database_url,
        "CHROMA_URL": settings.chroma_url or "",
        "LOG_LEVEL": "WARNING",
        # The shoppers all come from loopback with no pause: lift the abuse limits.
        "RATE_LIMIT_PER_MINUTE": "100000",
        "RATE_LIMIT_CLIENT_PER_MINUTE": "100000",
    }
    lines = [f"SALES_ASSISTANT_{key}={value}" for key, value in values.items() if value]
    (folder / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextlib.contextmanager
def _api_server(settings: Settings, folder: Path, workers: int) -> Iterator[str]:
    _env_file(settings, folder)
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", "assistant.api.app:app_factory", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--no-access-log", "--log-level", "warning"]
    with _process(command, folder, folder / "server.log") as process:
        url = f"http://127.0.0.1:{port}"
        _wait_until(f"{url}/healthz", STARTUP_TIMEOUT_S, process)
        yield url


@dataclass
class Tally:
    """What the shoppers saw."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    handoffs: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def _shopper(client: httpx.AsyncClient, deadline: float, tally: Tally | None) -> None:
    base = f"/v1/stores/{DEMO_STORE_ID}"
    while time.monotonic() < deadline:
        started = await client.post(f"{base}/sessions", json={})
        if started.status_code != 201:
            if tally is not None:
                tally.error(f"session {started.status_code}")
            continue
        headers = {"Authorization": f"Bearer {started.json()['token']}"}
        for message in SCRIPT:
            if time.monotonic() >= deadline:
                return
            began = time.perf_counter()
            try:
                response = await client.post(
                    f"{base}/chat/messages", json={"message": message}, headers=headers
                )
            except httpx.HTTPError as exc:
                if tally is not None:
                    tally.error(type(exc).__name__)
                continue
            elapsed_ms = (time.perf_counter() - began) * 1000
            if tally is None:
                continue
            if response.status_code != 200:
                tally.error(f"HTTP {response.status_code}")
                continue
            tally.latencies_ms.append(elapsed_ms)
            if response.json()["handoff"]["state"] != "bot":
                tally.handoffs += 1


async def _load(url: str, concurrency: int, duration_s: float, warm: bool) -> Tally | None:
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S, limits=limits) as client:
        tally = None if warm else Tally()
        deadline = time.monotonic() + duration_s
        await asyncio.gather(*(_shopper(client, deadline, tally) for _ in range(concurrency)))
        return tally


def _summary(tally: Tally, concurrency: int, elapsed_s: float) -> dict[str, Any]:
    latencies = tally.latencies_ms
    errors = sum(tally.errors.values())
    return {
        "concurrent_shoppers": concurrency,
        "duration_s": round(elapsed_s, 1),
        "turns_ok": len(latencies),
        "errors": errors,
        "error_kinds": tally.errors,
        "error_rate": round(errors / max(1, errors + len(latencies)), 4),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies, default=0.0), 1),
        },
        "turns_per_second": round(len(latencies) / elapsed_s, 2),
        "handoff_replies": tally.handoffs,
    }


def run(
    workers: int,
    concurrency: list[int],
    duration_s: float,
    database_url: str | None,
    chroma_server: bool,
) -> dict[str, Any]:
    """Set up the store and the server, warm every worker up, then measure each level."""
    with (
        tempfile.TemporaryDirectory(prefix="sales-assistant-load-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        folder = Path(tmp)
        url = (
            stack.enter_context(
                temporary_postgres_database(database_url, f"sa_bench_{uuid.uuid4().hex[:8]}")
            )
            if database_url
            else None
        )
        chroma_url = stack.enter_context(_chroma_server(folder)) if chroma_server else None
        settings = Settings(
            data_dir=folder / "data",
            database_url=url,
            chroma_url=chroma_url,
            _env_file=None,
        )
        with open_demo_store(settings):
            pass  # the servers below read the store this builds and indexes
        api = stack.enter_context(_api_server(settings, folder, workers))
        asyncio.run(_load(api, 4 * workers, 20.0, warm=True))  # load the models in every worker
        levels = []
        for level in concurrency:
            began = time.monotonic()
            tally = asyncio.run(_load(api, level, duration_s, warm=False))
            assert tally is not None
            levels.append(_summary(tally, level, time.monotonic() - began))
    return {
        "benchmark": "chat_http",
        "engine": "offline",
        "endpoint": "POST /v1/stores/{store_id}/chat/messages",
        "workers": workers,
        "database": "postgresql" if database_url else "sqlite",
        "vector_store": "chroma server" if chroma_server else "embedded chroma",
        "script": list(SCRIPT),
        "levels": levels,
    }


def main() -> None:
    """Command-line entry point; prints the report as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per level")
    parser.add_argument("--database-url", help="PostgreSQL server URL (a database is created)")
    parser.add_argument("--chroma-server", action="store_true", help="run a Chroma server")
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    report = run(
        args.workers, args.concurrency, args.duration, args.database_url, args.chroma_server
    )
    print_report(report, args.output)


if __name__ == "__main__":
    main()
