"""Prometheus metrics of one process: HTTP traffic, chat turns, tool calls, handoffs, errors.

Each app owns its registry (several apps in one test process never collide). With several
worker processes each worker answers `/metrics` for itself; scrape every worker, or run one
worker per container as Prometheus expects.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from assistant.agent.turn import TurnResult

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
TurnOutcome = str  # answered | handoff | silent | failed | cancelled


class Metrics:
    """The counters and histograms the service exports."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "sales_assistant_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "sales_assistant_http_request_duration_seconds",
            "Time from request to the end of the response, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "sales_assistant_errors",
            "Error responses and stream error events, by status and error code.",
            ["status", "code"],
            registry=self.registry,
        )
        self.turns = Counter(
            "sales_assistant_chat_turns",
            "Chat turns, by outcome: answered, handoff, silent, failed or cancelled.",
            ["outcome"],
            registry=self.registry,
        )
        self.turn_latency = Histogram(
            "sales_assistant_chat_turn_duration_seconds",
            "Time the agent spent on a turn.",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.tool_calls = Counter(
            "sales_assistant_tool_calls",
            "Tool calls made by the agent, by tool and whether they succeeded.",
            ["tool", "ok"],
            registry=self.registry,
        )
        self.handoffs = Counter(
            "sales_assistant_handoffs",
            "Conversations handed to a person, by reason.",
            ["reason"],
            registry=self.registry,
        )

    def record_turn(self, result: TurnResult, outcome: TurnOutcome) -> None:
        """Count a finished turn with its tool calls and any handoff it requested."""
        self.turns.labels(outcome=outcome).inc()
        self.turn_latency.observe(result.latency_ms / 1000)
        for call in result.tool_calls:
            self.tool_calls.labels(tool=call.name, ok=str(call.ok).lower()).inc()
        if result.handoff.reason is not None:
            self.handoffs.labels(reason=result.handoff.reason).inc()

    def render(self) -> bytes:
        """The exposition text."""
        payload: bytes = generate_latest(self.registry)
        return payload
