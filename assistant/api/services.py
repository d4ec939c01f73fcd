"""What the HTTP edge uses, built once per app: one typed container, made by `create_app` and
served to the routes through the dependencies in `assistant.api.deps`.

The cheap parts (settings, database, tool services, live bus, background jobs, readiness
probes, metrics, the cache of each store's allowed origins) are built at start-up. The
knowledge base loads embedding models and the agent builds a graph over it, so both are built
on first use, once, under a lock: an app that never chats or searches (most tests, a
console-only instance) never pays for them. Tests pass their own agent
or knowledge base to `create_app`, or override a dependency.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from assistant.agent.factory import build_agent, tool_services
from assistant.agent.loop import EventSink
from assistant.agent.turn import TurnResult
from assistant.api.background import BackgroundJobs
from assistant.api.metrics import Metrics
from assistant.api.middleware.cors import StoreOrigins
from assistant.api.readiness import Probes
from assistant.config import Settings
from assistant.db import Database
from assistant.guide.facts import KnowledgeFaqFinder
from assistant.guide.service import ShopperGuide
from assistant.live import LiveBus, build_live_bus
from retrieval.jobs import IngestJobs
from retrieval.knowledge import KnowledgeBase
from retrieval.site_sync.worker import SiteSyncWorker
from tools.services import ToolServices

T = TypeVar("T")


class TurnRunner(Protocol):
    """What the chat endpoints need of an agent (`assistant.agent.loop.ChatAgent` is one)."""

    async def run_turn(
        self,
        store_id: str,
        shopper_session_id: str,
        text: str,
        *,
        customer_id: int | None = None,
        on_event: EventSink | None = None,
    ) -> TurnResult:
        """Answer one shopper message."""
        ...


class Lazy(Generic[T]):
    """A value built by `build` on first use, exactly once, even under concurrent requests."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, value: T) -> Lazy[T]:
        """A value that is already built."""
        lazy = cls(lambda: value)
        lazy._value = value
        return lazy

    @property
    def built(self) -> bool:
        """Whether the value exists yet."""
        return self._value is not None

    def get(self) -> T:
        """The value, built now if this is the first use."""
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
        return self._value


class AppServices:
    """The app's collaborators: one instance per app, shared by every request."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        *,
        agent: TurnRunner | None = None,
        knowledge: KnowledgeBase | None = None,
    ) -> None:
        self.settings = settings
        self.database = database
        self._knowledge = (
            Lazy.of(knowledge)
            if knowledge is not None
            else Lazy(lambda: KnowledgeBase(settings, database))
        )
        self.tools: ToolServices = tool_services(settings, database, self._knowledge.get)
        self._agent: Lazy[TurnRunner] = Lazy.of(agent) if agent is not None else Lazy(self._chat)
        self._ingest_jobs = Lazy(lambda: IngestJobs(self.knowledge))
        self.guide = ShopperGuide(database, self.tools, KnowledgeFaqFinder(self._knowledge.get))
        self.live_bus: LiveBus = build_live_bus(settings)
        self.jobs = BackgroundJobs()
        self.probes = Probes()
        self._site_sync = Lazy(lambda: SiteSyncWorker(self._knowledge.get, database, settings))
        self.metrics = Metrics()
        self.store_origins = StoreOrigins(database)

    @property
    def knowledge(self) -> KnowledgeBase:
        """Search and ingestion over every store's documents (models load on first use)."""
        return self._knowledge.get()

    @property
    def agent(self) -> TurnRunner:
        """The chat agent: the configured brain over the tools and the knowledge base."""
        return self._agent.get()

    @property
    def ingest_jobs(self) -> IngestJobs:
        """The background ingestion worker."""
        return self._ingest_jobs.get()

    @property
    def site_sync(self) -> SiteSyncWorker:
        """The site sync worker: manual and scheduled syncs (models load when one runs)."""
        return self._site_sync.get()

    def built(self) -> frozenset[str]:
        """Which of the services built on first use exist so far."""
        built = {
            "knowledge": self._knowledge.built,
            "agent": self._agent.built,
            "ingest_jobs": self._ingest_jobs.built,
            "site_sync": self._site_sync.built,
        }
        return frozenset(name for name, done in built.items() if done)

    def close(self) -> None:
        """Stop the ingestion and site sync workers if they were started."""
        if self._ingest_jobs.built:
            self.ingest_jobs.shutdown()
        if self._site_sync.built:
            self.site_sync.shutdown()

    def _chat(self) -> TurnRunner:
        return build_agent(self.settings, self.database, self.knowledge, tools=self.tools)
