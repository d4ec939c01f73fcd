"""`serve` bounds its connections, and refuses worker counts its configuration cannot support.

The limits are tested against a real server in a subprocess on loopback, with short timeouts:
no assertion is about how long anything took, only that the server hung up.
"""

from __future__ import annotations

import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.errors import ConfigurationError
from assistant.serving import check_workers

# Long enough that a server that never hangs up fails the test instead of hanging it.
GIVE_UP_S = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "SALES_ASSISTANT_DATA_DIR": str(folder / "data"),
        "SALES_ASSISTANT_LOG_LEVEL": "WARNING",
        "SALES_ASSISTANT_SERVER_KEEP_ALIVE_S": "1",
        "SALES_ASSISTANT_SERVER_HEADER_TIMEOUT_S": "1",
        "SALES_ASSISTANT_SERVER_MAX_HEADER_BYTES": "4096",
    }
    command = [sys.executable, "-c", "from assistant.cli.app import main; main()", "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)


def hung_up(sock: socket.socket) -> bool:
    """Whether the server closed the connection (an empty read or a reset)."""
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True


def read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk


def test_an_idle_connection_is_closed(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=GIVE_UP_S) as sock:
        assert hung_up(sock)


def test_headers_sent_a_byte_at_a_time_are_cut_off(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=GIVE_UP_S) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: shop\r\nX-Slow: ")
        deadline = time.monotonic() + GIVE_UP_S
        closed = False
        while not closed and time.monotonic() < deadline:
            try:
                sock.sendall(b"a")
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            # poll, not select: a long test run may hold descriptors above select's 1024
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            closed = bool(poller.poll(200)) and hung_up(sock)
        assert closed


def test_headers_past_the_size_limit_are_cut_off(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=GIVE_UP_S) as sock:
        try:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: shop\r\nX-Big: " + b"a" * 8192)
        except (BrokenPipeError, ConnectionResetError):
            return
        assert b"200 OK" not in read_until_closed(sock)


def test_a_kept_alive_connection_is_closed_once_idle(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=GIVE_UP_S) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n")
        received = read_until_closed(sock)
    assert received.startswith(b"HTTP/1.1 200 OK")


# --- several workers -----------------------------------------------------------------------


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_one_worker_needs_nothing_shared() -> None:
    check_workers(settings(), 1)


def test_several_workers_on_the_default_setup_are_refused_naming_the_settings() -> None:
    with pytest.raises(ConfigurationError) as refused:
        check_workers(settings(), 2)
    message = refused.value.message
    assert "\n" not in message
    for name in ("SALES_ASSISTANT_CHROMA_URL", "SALES_ASSISTANT_LIVE_BACKEND"):
        assert name in message
    assert "SALES_ASSISTANT_REDIS_URL" in message


def test_several_workers_with_shared_services_start() -> None:
    shared = settings(
        chroma_url="http://127.0.0.1:8001",
        redis_url="redis://127.0.0.1:6379/0",
        database_url="postgresql+psycopg://postgres@127.0.0.1:5432/shop",
    )
    check_workers(shared, 4)


def test_postgres_live_events_without_redis_still_count_rate_limits_per_process() -> None:
    partial = settings(
        chroma_url="http://127.0.0.1:8001",
        database_url="postgresql+psycopg://postgres@127.0.0.1:5432/shop",
    )
    with pytest.raises(ConfigurationError, match="SALES_ASSISTANT_REDIS_URL") as refused:
        check_workers(partial, 2)
    assert "CHROMA_URL" not in refused.value.message


def test_the_override_lets_tests_start_several_workers_anyway() -> None:
    check_workers(settings(allow_unsafe_multiprocess=True), 2)


def test_serve_with_two_workers_on_the_default_setup_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from assistant.cli.app import main; main()",
            "serve",
            "--workers",
            "2",
            "--port",
            str(free_port()),
        ],
        env={"PATH": "/usr/bin:/bin", "SALES_ASSISTANT_DATA_DIR": str(tmp_path / "data")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "2 workers need shared services" in result.stderr
    assert "SALES_ASSISTANT_CHROMA_URL" in result.stderr
