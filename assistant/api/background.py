"""Periodic jobs an API process runs beside the requests it serves.

Each job is a blocking function run in a worker thread every `interval_s` seconds for as long as
the app lives. Jobs must be safe to run in several processes at once (they claim their rows with
conditional updates), since every API instance runs them. A failing run is logged and retried
at the next tick; it never stops the app.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from assistant.tasks import cancel_and_wait

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """A named blocking function and how often to run it."""

    name: str
    interval_s: float
    run: Callable[[], object]


class BackgroundJobs:
    """The periodic jobs of one app; started and stopped by its lifespan."""

    def __init__(self) -> None:
        self.jobs: list[PeriodicJob] = []
        self._tasks: list[asyncio.Task[None]] = []

    def add(self, job: PeriodicJob) -> None:
        """Register a job; jobs added after `start` run from the next start."""
        self.jobs.append(job)

    def start(self) -> None:
        """Run every job on its interval in the current event loop."""
        self._tasks = [asyncio.create_task(self._loop(job), name=job.name) for job in self.jobs]

    async def stop(self) -> None:
        """Cancel the jobs and wait until they have stopped."""
        await cancel_and_wait(self._tasks)
        self._tasks = []

    async def _loop(self, job: PeriodicJob) -> None:
        while True:
            await asyncio.sleep(job.interval_s)
            try:
                await run_in_threadpool(job.run)
            except Exception:
                log.exception("background job %s failed; retrying at the next tick", job.name)
