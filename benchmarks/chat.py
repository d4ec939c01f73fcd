"""`sales-assistant bench chat`: full chat turns on the offline engine, alone and concurrent.

Every turn goes through the whole loop: the engine, the commerce tools on the database, the
hybrid retrieval, the grounding guard and the transcript writes. Conversations run as concurrent
asyncio tasks in one process, as they would behind one API worker.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from assistant.agent.factory import build_agent
from assistant.agent.loop import ChatAgent
from assistant.agent.turn import TurnResult
from assistant.config import Settings
from assistant.db import Database
from assistant.demo import DEMO_STORE_ID, open_demo_store
from assistant.domain import ShopperSession
from assistant.domain.base import utcnow

# A realistic session: search, a follow-up stock question, a policy question, the cart, checkout.
SCRIPT = (
    "hi",
    "do you have waterproof boots under $120 in size 42?",
    "is the first one in stock in charcoal?",
    "what is your return policy?",
    "add two of them to my cart",
    "what's in my cart?",
    "checkout please",
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, round(share * (len(ordered) - 1)))
    return ordered[index]


def _new_session(database: Database) -> str:
    with database.transaction() as session:
        row = ShopperSession(store_id=DEMO_STORE_ID, expires_at=utcnow() + timedelta(hours=2))
        session.add(row)
        session.flush()
        return row.id


async def _conversation(
    agent: ChatAgent, database: Database, think_s: float, seed: int
) -> list[TurnResult]:
    """One shopper's session; with `think_s`, they pause between messages (exponentially
    distributed around that mean, as reading and typing times are), starting at a random
    moment so shoppers do not type in lockstep."""
    pause = random.Random(seed)
    session_id = await asyncio.to_thread(_new_session, database)
    turns = []
    for text in SCRIPT:
        if think_s:
            await asyncio.sleep(pause.expovariate(1 / think_s))
        turns.append(await agent.run_turn(DEMO_STORE_ID, session_id, text))
    return turns


async def _run(
    agent: ChatAgent, database: Database, concurrency: int, think_s: float = 0.0
) -> tuple[float, list[TurnResult]]:
    started = time.perf_counter()
    batches = await asyncio.gather(
        *(_conversation(agent, database, think_s, seed) for seed in range(concurrency))
    )
    return time.perf_counter() - started, [turn for batch in batches for turn in batch]


def _summary(elapsed: float, cpu: float, turns: list[TurnResult]) -> dict[str, Any]:
    latencies = [turn.latency_ms for turn in turns]
    stages: dict[str, list[float]] = {}
    for turn in turns:
        for stage, value in turn.timings.items():
            stages.setdefault(stage, []).append(value)
    return {
        "turns": len(turns),
        "latency_ms": {
            "p50": round(_percentile(latencies, 0.50), 1),
            "p95": round(_percentile(latencies, 0.95), 1),
            "max": round(max(latencies), 1),
        },
        "turns_per_second": round(len(turns) / elapsed, 1),
        # CPU of the whole process (all threads) per turn: one interpreter runs the Python of
        # every conversation, so it bounds throughput, and latency grows with concurrency.
        "cpu_ms_per_turn": round(cpu * 1000 / len(turns), 2) if turns else 0.0,
        "mean_ms_per_stage": {
            stage: round(statistics.fmean(values), 2) for stage, values in sorted(stages.items())
        },
        "handoffs": sum(1 for turn in turns if turn.handoff.state != "bot"),
        "grounding_violations": sum(len(turn.grounding_violations) for turn in turns),
    }


def run_chat_benchmark(
    concurrency: list[int], rounds: int = 3, think_ms: float = 0.0
) -> dict[str, Any]:
    """Build the demo store in a temporary folder, warm up, then measure each concurrency.

    With `think_ms` 0 every conversation sends its next message the moment a reply arrives (the
    process saturated); otherwise shoppers pause about `think_ms` between messages.
    """
    with tempfile.TemporaryDirectory(prefix="sales-assistant-bench-") as folder:
        settings = Settings(data_dir=Path(folder), _env_file=None)
        with open_demo_store(settings) as store:
            agent = build_agent(settings, store.database, store.knowledge)
            asyncio.run(_run(agent, store.database, 1))  # warm-up: models, vocabulary, caches
            results: dict[str, Any] = {}
            for level in concurrency:
                elapsed = 0.0
                turns: list[TurnResult] = []
                cpu_started = time.process_time()
                for _ in range(rounds):
                    took, done = asyncio.run(_run(agent, store.database, level, think_ms / 1000))
                    elapsed += took
                    turns.extend(done)
                results[str(level)] = _summary(elapsed, time.process_time() - cpu_started, turns)
    return {
        "benchmark": "chat",
        "engine": "offline",
        "database": "sqlite",
        "store": DEMO_STORE_ID,
        "script_turns": len(SCRIPT),
        "rounds": rounds,
        "think_ms_mean": think_ms,
        "concurrent_conversations": results,
        "notes": (
            "Latency is one whole turn inside the process (engine, tools, retrieval, guard and "
            "transcript writes), without HTTP. Stages: open = recording the shopper's message "
            "and reading history, store and cart; model = the engine's decisions; tools = tool "
            "execution including database and retrieval; persist = grounding check and "
            "transcript writes. With think_ms_mean 0, conversations send their next message as "
            "soon as a reply arrives, so at N conversations latency is about N x "
            "cpu_ms_per_turn once the process is CPU-bound; with a think time, shoppers pause "
            "between messages (exponential around the mean) and turns/s is the offered load."
        ),
    }
