"""The running set-up of `deploy/scale-out/run.sh`, read from its state directory: where the
proxy and the instances listen, which processes belong to it, and the script's own commands
(change the rotation, kill or start an instance)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from assistant.db import make_engine
from benchmarks.scale_out import procfs

RUN_SH = Path(__file__).resolve().parents[2] / "deploy" / "scale-out" / "run.sh"
# run.sh's default; its SCALE_OUT_STATE variable moves it (pass --state then).
DEFAULT_STATE = Path("/tmp/sales-assistant-scale-out")


class ClusterNotUp(RuntimeError):
    """The state directory does not describe a running set-up."""


def _read_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


def _pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if procfs.sample(pid) is not None else None


@dataclass(frozen=True)
class Cluster:
    """One scale-out set-up on this machine."""

    state: Path

    @classmethod
    def running(cls, state: Path = DEFAULT_STATE) -> Cluster:
        """The set-up in `state`; ClusterNotUp unless its proxy runs."""
        cluster = cls(state)
        if not (state / "env").exists() or cluster.proxy_pid() is None:
            raise ClusterNotUp(f"no scale-out set-up runs in {state}: run {RUN_SH} up")
        return cluster

    @property
    def settings(self) -> dict[str, str]:
        """The SALES_ASSISTANT_* values every instance runs with."""
        return _read_env(self.state / "env")

    @property
    def proxy_url(self) -> str:
        """nginx's address, which is the service's public base URL."""
        return self.settings["SALES_ASSISTANT_PUBLIC_BASE_URL"]

    def instances(self) -> list[int]:
        """The instances' numbers, 1 first."""
        numbers = [int(path.stem.split("-")[1]) for path in self.state.glob("instance-*.port")]
        return sorted(numbers)

    def instance_address(self, number: int) -> str:
        """`127.0.0.1:<port>` of an instance, as nginx logs it in X-Upstream."""
        port = (self.state / f"instance-{number}.port").read_text().strip()
        return f"127.0.0.1:{port}"

    def instance_pid(self, number: int) -> int | None:
        """The instance's server process, or None when it is not running."""
        return _pid(self.state / f"instance-{number}.pid")

    def instance_pids(self) -> dict[int, int]:
        """The running instances' process ids by number."""
        found = {number: self.instance_pid(number) for number in self.instances()}
        return {number: pid for number, pid in found.items() if pid is not None}

    def proxy_pid(self) -> int | None:
        """nginx's master process."""
        return _pid(self.state / "nginx" / "nginx.pid")

    def proxy_pids(self) -> list[int]:
        """nginx's master and worker processes."""
        master = self.proxy_pid()
        return [] if master is None else [master, *procfs.children(master)]

    def chroma_pids(self) -> list[int]:
        """The Chroma server process."""
        pid = _pid(self.state / "chroma.pid")
        return [] if pid is None else [pid]

    def database_backend_pids(self) -> list[int]:
        """PostgreSQL's backend processes serving this set-up's database (other databases on
        the same server are someone else's)."""
        url = self.settings["SALES_ASSISTANT_DATABASE_URL"]
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
                return sorted(int(row[0]) for row in rows)
        finally:
            engine.dispose()

    def run(self, *arguments: str) -> None:
        """One of run.sh's commands, on this set-up."""
        # run.sh's own variables, not the service's settings
        inherited = dict(os.environ)  # noqa: TID251
        environment = {"PYTHON": sys.executable, **inherited, "SCALE_OUT_STATE": str(self.state)}
        subprocess.run([str(RUN_SH), *arguments], check=True, env=environment)

    def put_in_rotation(self, count: int) -> None:
        """Let nginx send requests to instances 1..count only."""
        self.run("proxy", str(count))

    def in_rotation(self) -> int:
        """How many instances nginx sends requests to."""
        return int((self.state / "in-rotation").read_text().strip())
