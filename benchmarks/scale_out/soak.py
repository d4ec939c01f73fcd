"""A long run at moderate load through the proxy: memory (RSS) and open files of every process
of the set-up over time, and the errors shoppers saw.

    deploy/scale-out/run.sh soak [--minutes 30] [--shoppers 12] [--think-s 2.5]

Needs `run.sh up`. Shoppers play the script of `benchmarks.chat`, pausing `--think-s` seconds
on average between messages (exponential), which on this set-up gives a few turns a second.
Every `--every-s` seconds each process is read from /proc; the samples go to `soak.jsonl` in
the state directory as they are taken, and the summary (first, last and highest RSS and open
files per process, RSS growth from the first sample taken after the warm-up, errors) is
printed as JSON at the end (and written with --output).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from benchmarks.chat_http import Tally, print_report
from benchmarks.scale_out import procfs
from benchmarks.scale_out.cluster import DEFAULT_STATE, Cluster
from benchmarks.scale_out.shoppers import Pace, client_for, latency_summary, shopper

MIB = 1024 * 1024


def processes(cluster: Cluster) -> dict[str, int]:
    """Every process of the set-up by name (nginx's workers included)."""
    named = {f"instance-{number}": pid for number, pid in cluster.instance_pids().items()}
    for index, pid in enumerate(cluster.proxy_pids()):
        named["nginx-master" if index == 0 else f"nginx-worker-{index}"] = pid
    for pid in cluster.chroma_pids():
        named["chroma"] = pid
    return named


def take_sample(named: dict[str, int], tally: Tally, began: float) -> dict[str, Any]:
    """One line of soak.jsonl."""
    readings = {}
    for name, pid in named.items():
        reading = procfs.sample(pid)
        if reading is not None:
            readings[name] = {
                "pid": pid,
                "rss_mib": round(reading.rss_bytes / MIB, 1),
                "open_files": reading.open_files,
                "cpu_s": round(reading.cpu_s, 1),
            }
    return {
        "t_s": round(time.monotonic() - began, 1),
        "utc": time.strftime("%H:%M:%SZ", time.gmtime()),
        "turns_ok": len(tally.latencies_ms),
        "errors": sum(tally.errors.values()),
        "load_average": procfs.load_average(),
        "processes": readings,
    }


def summarise(samples: list[dict[str, Any]], warm_up_s: float) -> dict[str, Any]:
    """Per process: RSS and open files first (after the warm-up), last and highest."""
    settled = [sample for sample in samples if sample["t_s"] >= warm_up_s] or samples
    first, last = settled[0], settled[-1]
    hours = max(1e-9, (last["t_s"] - first["t_s"]) / 3600)
    per_process = {}
    for name in first["processes"]:
        series = [s["processes"][name] for s in settled if name in s["processes"]]
        start, end = series[0], series[-1]
        per_process[name] = {
            "rss_mib": {
                "first": start["rss_mib"],
                "last": end["rss_mib"],
                "max": max(point["rss_mib"] for point in series),
                "growth": round(end["rss_mib"] - start["rss_mib"], 1),
                "growth_per_hour": round((end["rss_mib"] - start["rss_mib"]) / hours, 1),
            },
            "open_files": {
                "first": start["open_files"],
                "last": end["open_files"],
                "max": max(point["open_files"] for point in series),
            },
            "cpu_s": round(end["cpu_s"] - start["cpu_s"], 1),
            "same_pid_throughout": all(point["pid"] == start["pid"] for point in series),
        }
    loads = [sample["load_average"][0] for sample in samples]
    return {
        "measured_from_s": first["t_s"],
        "measured_to_s": last["t_s"],
        "processes": per_process,
        "load_average_1min": {
            "min": min(loads),
            "max": max(loads),
            "mean": round(sum(loads) / len(loads), 2),
        },
    }


async def soak(
    cluster: Cluster, minutes: float, shoppers: int, think_s: float, every_s: float, log: Path
) -> dict[str, Any]:
    """Run the shoppers, sampling the processes until the time is up."""
    tally = Tally()
    stop = asyncio.Event()
    named = processes(cluster)
    samples = []
    began = time.monotonic()
    deadline = began + minutes * 60
    async with client_for(cluster.proxy_url, shoppers) as client:
        tasks = [
            asyncio.create_task(shopper(client, stop, tally, Pace(think_s)))
            for _ in range(shoppers)
        ]
        with log.open("w", encoding="utf-8") as out:
            while True:
                line = take_sample(named, tally, began)
                samples.append(line)
                out.write(json.dumps(line) + "\n")
                out.flush()
                if time.monotonic() >= deadline:
                    break
                await asyncio.sleep(min(every_s, max(0.0, deadline - time.monotonic())))
        stop.set()
        await asyncio.gather(*tasks)
    elapsed = time.monotonic() - began
    turns = len(tally.latencies_ms)
    return {
        "benchmark": "scale_out_soak",
        "minutes": round(elapsed / 60, 1),
        "shoppers": shoppers,
        "think_s": think_s,
        "turns_ok": turns,
        "turns_per_second": round(turns / elapsed, 2),
        "errors": sum(tally.errors.values()),
        "error_kinds": tally.errors,
        "latency_ms": latency_summary(tally.latencies_ms),
        "samples": len(samples),
        "summary": summarise(samples, warm_up_s=min(120.0, minutes * 60 / 10)),
    }


def main() -> None:
    """Command-line entry point; prints the summary as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--shoppers", type=int, default=12)
    parser.add_argument("--think-s", type=float, default=2.5)
    parser.add_argument("--every-s", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--output", type=Path, help="also write the summary here")
    args = parser.parse_args()
    cluster = Cluster.running(args.state)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    report = {
        "started": started,
        **asyncio.run(
            soak(
                cluster,
                args.minutes,
                args.shoppers,
                args.think_s,
                args.every_s,
                args.state / "soak.jsonl",
            )
        ),
    }
    print_report(report, args.output)


if __name__ == "__main__":
    main()
