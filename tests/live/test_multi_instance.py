"""Two API instances (separate uvicorn processes) on one PostgreSQL database: what happens on one
reaches the streams open on the other.

- A shopper on instance B asks for a person: the console stream open on instance A hears it.
- An agent on instance A claims the conversation and replies: the shopper's stream on B hears it.

The store is created with the CLI, the agent key and the shopper session through the API, and
each instance runs the built-in offline engine, exactly as deployed.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from tests.live.conftest import sse

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

STORE = "twin-shop"
START_S = 90.0
CLI = [sys.executable, "-c", "from assistant.cli.app import main; main()"]
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "assistant.api.app:app_factory"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_S
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"instance {self.name} did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def environment(database_url: str, data_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "SALES_ASSISTANT_DATABASE_URL": database_url,
        "SALES_ASSISTANT_DATA_DIR": str(data_dir),
        "SALES_ASSISTANT_LOG_LEVEL": "WARNING",
        "NO_COLOR": "1",
        "COLUMNS": "200",
        **extra,
    }


def create_store_with_the_cli(env: dict[str, str], cwd: Path) -> str:
    """`sales-assistant stores create`; returns the admin key it prints once."""
    result = subprocess.run(
        [*CLI, "stores", "create", STORE, "--name", "Twin Shop"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    found = re.search(r"sak_[A-Za-z0-9_-]+", result.stdout)
    assert found, result.stdout
    return found.group(0)


def start_instance(name: str, env: dict[str, str], cwd: Path) -> Instance:
    port = free_port()
    log = cwd / f"instance-{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*UVICORN, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return Instance(name, port, process, log)


@dataclass
class Twins:
    a: Instance
    b: Instance
    admin_key: str


@pytest.fixture(params=["postgres", "redis"])
def twins(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Iterator[Twins]:
    """Instances A and B on the test's PostgreSQL database, with the store created."""
    extra = {"SALES_ASSISTANT_LIVE_BACKEND": request.param}
    if request.param == "redis":
        extra["SALES_ASSISTANT_REDIS_URL"] = request.getfixturevalue("redis_url")
    assert settings.database_url is not None
    admin_key = create_store_with_the_cli(
        environment(settings.database_url, tmp_path / "cli", extra), tmp_path
    )
    instances = [
        start_instance(name, environment(settings.database_url, tmp_path / name, extra), tmp_path)
        for name in ("a", "b")
    ]
    try:
        for instance in instances:
            instance.wait_ready()
        yield Twins(instances[0], instances[1], admin_key)
    finally:
        for instance in instances:
            instance.stop()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_events_cross_instances_both_ways(twins: Twins) -> None:
    timeout = httpx.Timeout(60.0)
    base = f"/v1/stores/{STORE}"
    with (
        httpx.Client(base_url=twins.a.url, timeout=timeout) as on_a,
        httpx.Client(base_url=twins.b.url, timeout=timeout) as on_b,
    ):
        created = on_a.post(
            f"{base}/api-keys",
            json={"name": "Ana", "scopes": ["agent"]},
            headers={"Authorization": f"Bearer {twins.admin_key}"},
        )
        assert created.status_code == 201, created.text
        agent = {"Authorization": f"Bearer {created.json()['secret']}"}
        session = on_b.post(f"{base}/sessions", json={})
        assert session.status_code == 201, session.text
        shopper = {"Authorization": f"Bearer {session.json()['token']}"}

        # B -> A: the shopper's handoff on B reaches the console stream on A.
        with sse(on_a, f"{base}/console/events", agent) as console:
            turn = on_b.post(
                f"{base}/chat/messages",
                json={"message": "I want to talk to a person"},
                headers=shopper,
            )
            assert turn.status_code == 200, turn.text
            assert turn.json()["handoff"]["state"] == "waiting"
            conversation_id = turn.json()["conversation_id"]
            queued = console.next_event("queue.entered", timeout_s=60)
        assert queued.data["conversation_id"] == conversation_id
        assert queued.data["store_id"] == STORE

        # A -> B: the agent's claim and reply on A reach the shopper's stream on B.
        with sse(on_b, f"{base}/chat/conversations/{conversation_id}/events", shopper) as stream:
            claimed = on_a.post(
                f"{base}/console/conversations/{conversation_id}/claim", headers=agent
            )
            assert claimed.status_code == 200, claimed.text
            sent = on_a.post(
                f"{base}/console/conversations/{conversation_id}/messages",
                json={"content": "Hi, Ana here. How can I help?"},
                headers=agent,
            )
            assert sent.status_code in (200, 201), sent.text
            state = stream.next_event("conversation.state", timeout_s=60)
            reply = stream.next_event("message.created", timeout_s=60)

    assert state.data["data"] == {"from": "waiting", "to": "human"}
    assert reply.data["conversation_id"] == conversation_id
    assert reply.data["data"] == {"message_id": sent.json()["id"], "role": "agent"}
