"""Shoppers talking to the service through the proxy: each starts a session, plays the chat
script of `benchmarks.chat` turn after turn (with no pause, or pausing as a person would), then
starts again with a new session, until told to stop. What they saw goes in a `Tally`."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from assistant.demo import DEMO_STORE_ID
from benchmarks.chat import SCRIPT
from benchmarks.chat_http import REQUEST_TIMEOUT_S, Tally, percentile

STORE_PATH = f"/v1/stores/{DEMO_STORE_ID}"


@dataclass
class Pace:
    """How a shopper waits between messages: `think_s` on average (exponential), 0 for none."""

    think_s: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(19))

    async def pause(self) -> None:
        """Wait as a shopper reading the reply would."""
        if self.think_s > 0:
            await asyncio.sleep(self.rng.expovariate(1 / self.think_s))


async def start_session(client: httpx.AsyncClient) -> dict[str, str]:
    """A new shopper session's Authorization header."""
    response = await client.post(f"{STORE_PATH}/sessions", json={})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def shopper(client: httpx.AsyncClient, stop: asyncio.Event, tally: Tally, pace: Pace) -> None:
    """Play the script over and over, counting replies, latencies and errors."""
    while not stop.is_set():
        try:
            headers = await start_session(client)
        except httpx.HTTPError as exc:
            tally.error(f"session {type(exc).__name__}")
            await asyncio.sleep(0.2)
            continue
        for message in SCRIPT:
            if stop.is_set():
                return
            began = time.perf_counter()
            try:
                response = await client.post(
                    f"{STORE_PATH}/chat/messages", json={"message": message}, headers=headers
                )
            except httpx.HTTPError as exc:
                tally.error(type(exc).__name__)
                continue
            if response.status_code != 200:
                tally.error(f"HTTP {response.status_code}")
                continue
            tally.latencies_ms.append((time.perf_counter() - began) * 1000)
            if response.json()["handoff"]["state"] != "bot":
                tally.handoffs += 1
            await pace.pause()


def client_for(base_url: str, concurrency: int) -> httpx.AsyncClient:
    """One connection pool for all the shoppers."""
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_S, limits=limits)


async def play(
    base_url: str, concurrency: int, duration_s: float, pace: Pace, tally: Tally
) -> float:
    """Run `concurrency` shoppers for `duration_s`; the seconds they actually ran."""
    stop = asyncio.Event()
    async with client_for(base_url, concurrency) as client:
        began = time.monotonic()
        tasks = [
            asyncio.create_task(shopper(client, stop, tally, pace)) for _ in range(concurrency)
        ]
        await asyncio.sleep(duration_s)
        stop.set()
        await asyncio.gather(*tasks)
        return time.monotonic() - began


def latency_summary(latencies_ms: list[float]) -> dict[str, Any]:
    """p50, p95, p99 and max of turn latencies, in ms."""
    return {
        "p50": round(percentile(latencies_ms, 0.50), 1),
        "p95": round(percentile(latencies_ms, 0.95), 1),
        "p99": round(percentile(latencies_ms, 0.99), 1),
        "max": round(max(latencies_ms, default=0.0), 1),
    }
