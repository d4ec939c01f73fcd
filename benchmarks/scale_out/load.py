"""Load through the proxy at 1, 2 and 3 instances in rotation: turns/s, p50/p95 latency,
errors, and CPU per turn of each part (read from /proc), so the machine's ceiling shows.

    deploy/scale-out/run.sh load [--instances 1 2 3] [--concurrency 16] [--duration 40]

Needs `run.sh up`. For each count nginx is reloaded with that many instances in its upstream;
the others keep running idle. Shoppers play the script of `benchmarks.chat` with no pause.
CPU per turn is the CPU time the processes used during the level over the turns answered:
the instances, nginx, the Chroma server, the PostgreSQL backends of this set-up's database and
this load generator. The machine's busy share and load average cover everything else running.
Prints JSON (and writes it with --output).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import time
from pathlib import Path
from typing import Any

from benchmarks.chat_http import Tally, print_report
from benchmarks.scale_out import procfs
from benchmarks.scale_out.cluster import DEFAULT_STATE, Cluster
from benchmarks.scale_out.shoppers import Pace, latency_summary, play

WARM_UP_S = 10.0


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CpuMeter:
    """CPU seconds of the set-up's parts between `start` and `stop`, process by process: a
    process that appears in between (a new database connection) counts from its start, one
    that ends in between counts nothing (its last reading is gone with it)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.before: dict[str, dict[int, float]] = {}
        self.own_before = 0.0
        self.machine_before = procfs.machine_cpu()

    def _parts(self) -> dict[str, list[int]]:
        return {
            "api instances": list(self.cluster.instance_pids().values()),
            "nginx": self.cluster.proxy_pids(),
            "chroma": self.cluster.chroma_pids(),
            "postgres": self.cluster.database_backend_pids(),
        }

    @staticmethod
    def _read(pids: list[int]) -> dict[int, float]:
        readings = {pid: procfs.sample(pid) for pid in pids}
        return {pid: reading.cpu_s for pid, reading in readings.items() if reading is not None}

    def start(self) -> None:
        """Note every part's processes and their CPU time."""
        self.machine_before = procfs.machine_cpu()
        self.before = {name: self._read(pids) for name, pids in self._parts().items()}
        self.own_before = _own_cpu_s()

    def stop(self) -> tuple[dict[str, float], float]:
        """CPU seconds per part since `start`, and the machine's busy share."""
        own = _own_cpu_s() - self.own_before
        used = {}
        for name, pids in self._parts().items():
            earlier = self.before.get(name, {})
            now = self._read(sorted(set(pids) | set(earlier)))
            used[name] = sum(cpu - earlier.get(pid, 0.0) for pid, cpu in now.items())
        used["load generator"] = own
        return used, procfs.machine_cpu().busy_share_since(self.machine_before)


def measure_level(
    cluster: Cluster, count: int, concurrency: int, duration_s: float
) -> dict[str, Any]:
    """Put `count` instances in rotation, warm up, then measure one level."""
    cluster.put_in_rotation(count)
    asyncio.run(play(cluster.proxy_url, concurrency, WARM_UP_S, Pace(), Tally()))
    meter = CpuMeter(cluster)
    meter.start()
    load_before = procfs.load_average()
    tally = Tally()
    elapsed = asyncio.run(play(cluster.proxy_url, concurrency, duration_s, Pace(), tally))
    used, busy_share = meter.stop()
    turns = len(tally.latencies_ms)
    errors = sum(tally.errors.values())
    return {
        "instances": count,
        "concurrent_shoppers": concurrency,
        "duration_s": round(elapsed, 1),
        "turns_ok": turns,
        "turns_per_second": round(turns / elapsed, 2),
        "errors": errors,
        "error_kinds": tally.errors,
        "latency_ms": latency_summary(tally.latencies_ms),
        "cpu_ms_per_turn": {
            name: round(seconds * 1000 / max(1, turns), 1) for name, seconds in used.items()
        },
        "cpu_cores_used": {name: round(seconds / elapsed, 2) for name, seconds in used.items()},
        "machine_busy_share": round(busy_share, 3),
        "load_average_before": load_before,
        "load_average_after": procfs.load_average(),
    }


def run(state: Path, counts: list[int], concurrency: int, duration_s: float) -> dict[str, Any]:
    """Every level, then the rotation back to every instance."""
    cluster = Cluster.running(state)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    try:
        levels = [measure_level(cluster, count, concurrency, duration_s) for count in counts]
    finally:
        cluster.put_in_rotation(len(cluster.instances()))
    return {
        "benchmark": "scale_out_load",
        "started": started,
        "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
        "proxy": cluster.proxy_url,
        "levels": levels,
    }


def main() -> None:
    """Command-line entry point; prints the report as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=40.0, help="seconds per level")
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    report = run(args.state, args.instances, args.concurrency, args.duration)
    print_report(report, args.output)


if __name__ == "__main__":
    main()
