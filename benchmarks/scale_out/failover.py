"""Failover: shoppers chat through the proxy, each holding its conversation's event stream,
while one instance is killed with SIGKILL; then every conversation is read back.

A shopper keeps one session and plays the script of `benchmarks.chat` over and over. A message
whose request fails (502 from nginx for a request the killed instance had taken, or a broken
connection) is sent again until it is answered, as the widget lets a shopper do. A stream that
breaks is opened again at once; its reconnect time runs from the break to the new stream's
`: connected` comment. Read back through the API, every message sent must be stored and
followed by an answer; a message the killed instance stored but never answered shows up twice
(the stored copy and the one sent again) and is counted as a duplicate, not a loss.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from assistant.tasks import cancel_and_wait
from benchmarks.chat import SCRIPT
from benchmarks.chat_http import percentile
from benchmarks.scale_out.cluster import Cluster
from benchmarks.scale_out.shoppers import STORE_PATH, client_for, start_session

RETRYABLE_STATUSES = frozenset({502, 503, 504})
MAX_ATTEMPTS = 20
RETRY_PAUSE_S = 0.1
WARM_UP_MESSAGES = ("hi", "what is your return policy?", "do you have waterproof boots?")
STREAMS_UP_TIMEOUT_S = 180.0
# The transcript endpoint shows a conversation's last 200 messages: stay below that.
MAX_MESSAGES_PER_SHOPPER = 80
ANSWER_ROLES = frozenset({"assistant", "agent"})


@dataclass
class Stream:
    """One shopper's event stream, across reconnections."""

    conversation_id: str
    upstreams: list[str] = field(default_factory=list)
    broken_at: float | None = None
    reconnect_ms: list[float] = field(default_factory=list)
    events: int = 0
    events_since_reconnect: int = 0
    failed_opens: Counter[str] = field(default_factory=Counter)

    @property
    def upstream(self) -> str | None:
        """The instance serving the stream now (nginx's X-Upstream)."""
        return self.upstreams[-1] if self.upstreams and self.broken_at is None else None


@dataclass
class Shopper:
    """What one shopper sent and saw."""

    number: int
    headers: dict[str, str] = field(default_factory=dict)
    sent: list[str] = field(default_factory=list)
    conversation_id: str | None = None
    attempts_failed: Counter[str] = field(default_factory=Counter)
    given_up: int = 0
    stream: Stream | None = None


async def _send(client: httpx.AsyncClient, shopper: Shopper, text: str) -> str | None:
    """Send until answered; the conversation id, or None after MAX_ATTEMPTS failures."""
    for _ in range(MAX_ATTEMPTS):
        try:
            response = await client.post(
                f"{STORE_PATH}/chat/messages", json={"message": text}, headers=shopper.headers
            )
        except httpx.HTTPError as exc:
            shopper.attempts_failed[type(exc).__name__] += 1
        else:
            if response.status_code == 200:
                conversation_id: str = response.json()["conversation_id"]
                return conversation_id
            shopper.attempts_failed[f"HTTP {response.status_code}"] += 1
            if response.status_code not in RETRYABLE_STATUSES:
                return None
        await asyncio.sleep(RETRY_PAUSE_S)
    return None


async def follow(client: httpx.AsyncClient, shopper: Shopper, stream: Stream) -> None:
    """Hold the conversation's event stream, reopening it whenever it breaks (until cancelled)."""
    path = f"{STORE_PATH}/chat/conversations/{stream.conversation_id}/events"
    timeout = httpx.Timeout(5.0, read=None)
    while True:
        try:
            async with client.stream("GET", path, headers=shopper.headers, timeout=timeout) as got:
                if got.status_code != 200:
                    stream.failed_opens[f"HTTP {got.status_code}"] += 1
                else:
                    async for line in got.aiter_lines():
                        _read_line(stream, line, got.headers.get("x-upstream", "?"))
        except httpx.HTTPError as exc:
            stream.failed_opens[type(exc).__name__] += 1
        if stream.broken_at is None:
            stream.broken_at = time.monotonic()
        await asyncio.sleep(RETRY_PAUSE_S)


def _read_line(stream: Stream, line: str, upstream: str) -> None:
    if line.startswith(": connected"):
        stream.upstreams.append(upstream)
        if stream.broken_at is not None:
            stream.reconnect_ms.append((time.monotonic() - stream.broken_at) * 1000)
            stream.broken_at = None
            stream.events_since_reconnect = 0
    elif line.startswith("event: message.created"):
        stream.events += 1
        stream.events_since_reconnect += 1


async def chat(client: httpx.AsyncClient, shopper: Shopper, stop: asyncio.Event) -> None:
    """Play the script until stopped, opening the stream after the first answer."""
    shopper.headers = await start_session(client)
    followers: list[asyncio.Task[None]] = []
    try:
        while not stop.is_set() and len(shopper.sent) < MAX_MESSAGES_PER_SHOPPER:
            for text in SCRIPT:
                if stop.is_set() or len(shopper.sent) >= MAX_MESSAGES_PER_SHOPPER:
                    break
                shopper.sent.append(text)
                conversation_id = await _send(client, shopper, text)
                if conversation_id is None:
                    shopper.given_up += 1
                    continue
                if shopper.conversation_id is None:
                    shopper.conversation_id = conversation_id
                    shopper.stream = Stream(conversation_id)
                    followers.append(asyncio.create_task(follow(client, shopper, shopper.stream)))
        await stop.wait()
    finally:
        await cancel_and_wait(followers)


@dataclass
class Exchange:
    """A run of identical shopper messages in a transcript and whether an answer follows."""

    text: str
    copies: int
    answered: bool


def exchanges(messages: list[dict[str, Any]]) -> list[Exchange]:
    """The transcript as exchanges: consecutive copies of one shopper message count once."""
    found: list[Exchange] = []
    for message in messages:
        if message["role"] == "user":
            if found and found[-1].text == message["content"] and not found[-1].answered:
                found[-1].copies += 1
            else:
                found.append(Exchange(message["content"], 1, False))
        elif message["role"] in ANSWER_ROLES and found:
            found[-1].answered = True
    return found


@dataclass
class Audit:
    """One shopper's messages checked against the stored conversation."""

    sent: int
    stored_and_answered: int
    lost: list[str]
    duplicates: int


def audit(sent: list[str], stored: list[Exchange]) -> Audit:
    """Match what was sent, in order, against the stored exchanges."""
    lost: list[str] = []
    answered = 0
    position = 0
    for text in sent:
        while position < len(stored) and stored[position].text != text:
            position += 1
        if position == len(stored):
            lost.append(text)
            continue
        if stored[position].answered:
            answered += 1
        else:
            lost.append(text)
        position += 1
    duplicates = sum(exchange.copies - 1 for exchange in stored)
    return Audit(len(sent), answered, lost, duplicates)


async def read_back(client: httpx.AsyncClient, shopper: Shopper) -> Audit:
    """The shopper's conversation through the API, checked."""
    if shopper.conversation_id is None:
        return audit(shopper.sent, [])
    response = await client.get(
        f"{STORE_PATH}/conversations/{shopper.conversation_id}/messages", headers=shopper.headers
    )
    response.raise_for_status()
    return audit(shopper.sent, exchanges(response.json()["messages"]))


def _victim(cluster: Cluster, shoppers: list[Shopper]) -> int:
    """The instance holding the most streams (the first instance when none holds any)."""
    holding = Counter(
        shopper.stream.upstream
        for shopper in shoppers
        if shopper.stream and shopper.stream.upstream
    )
    by_address = {cluster.instance_address(number): number for number in cluster.instance_pids()}
    for address, _ in holding.most_common():
        if address in by_address:
            return by_address[address]
    return min(cluster.instance_pids())


@dataclass
class FailoverReport:
    """What the failover run measured."""

    killed_instance: int
    streams_on_killed: int
    shoppers: list[Shopper]
    audits: list[Audit]

    @property
    def streams(self) -> list[Stream]:
        """Every shopper's stream."""
        return [shopper.stream for shopper in self.shoppers if shopper.stream is not None]

    def summary(self) -> dict[str, Any]:
        """The figures, as JSON."""
        reconnects = [ms for stream in self.streams for ms in stream.reconnect_ms]
        failed: Counter[str] = Counter()
        for shopper in self.shoppers:
            failed.update(shopper.attempts_failed)
        return {
            "killed_instance": self.killed_instance,
            "messages_sent": sum(item.sent for item in self.audits),
            "stored_and_answered": sum(item.stored_and_answered for item in self.audits),
            "lost": sum(len(item.lost) for item in self.audits),
            "duplicates": sum(item.duplicates for item in self.audits),
            "failed_attempts_retried": dict(failed),
            "streams": len(self.streams),
            "streams_on_killed_instance": self.streams_on_killed,
            "streams_reconnected": sum(1 for stream in self.streams if stream.reconnect_ms),
            "reconnect_ms": {
                "p50": round(percentile(reconnects, 0.5), 1),
                "max": round(max(reconnects, default=0.0), 1),
                "all": [round(ms, 1) for ms in reconnects],
            },
            "streams_open_at_end": sum(1 for stream in self.streams if stream.broken_at is None),
        }


async def warm_up(cluster: Cluster) -> None:
    """A few turns on every instance directly: a fresh instance loads its models on its first
    turn, which would otherwise hold up the shoppers' first answers."""

    async def one(address: str) -> None:
        async with client_for(f"http://{address}", 1) as client:
            headers = await start_session(client)
            for text in WARM_UP_MESSAGES:
                response = await client.post(
                    f"{STORE_PATH}/chat/messages", json={"message": text}, headers=headers
                )
                response.raise_for_status()

    addresses = [cluster.instance_address(number) for number in cluster.instance_pids()]
    await asyncio.gather(*(one(address) for address in addresses))


async def _until_every_stream_is_up(records: list[Shopper]) -> None:
    deadline = time.monotonic() + STREAMS_UP_TIMEOUT_S
    while not all(record.stream and record.stream.upstream for record in records):
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"the shoppers' streams were not all open in {STREAMS_UP_TIMEOUT_S} s"
            )
        await asyncio.sleep(0.2)


async def run_failover(
    cluster: Cluster, shoppers: int, before_kill_s: float, after_kill_s: float
) -> FailoverReport:
    """Warm every instance up, chat until every shopper's stream is open and `before_kill_s`
    more, kill the instance holding the most streams, chat on, then audit."""
    await warm_up(cluster)
    stop = asyncio.Event()
    records = [Shopper(number) for number in range(shoppers)]
    async with client_for(cluster.proxy_url, 2 * shoppers) as client:
        tasks = [asyncio.create_task(chat(client, record, stop)) for record in records]
        await _until_every_stream_is_up(records)
        await asyncio.sleep(before_kill_s)
        victim = _victim(cluster, records)
        victim_address = cluster.instance_address(victim)
        on_victim = sum(
            1 for record in records if record.stream and record.stream.upstream == victim_address
        )
        pid = cluster.instance_pid(victim)
        assert pid is not None, f"instance {victim} is not running"
        os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(after_kill_s)
        stop.set()
        await asyncio.gather(*tasks)
        audits = [await read_back(client, record) for record in records]
    return FailoverReport(victim, on_victim, records, audits)
