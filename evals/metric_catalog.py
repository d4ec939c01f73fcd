"""Each metric's label, which direction is better, and whether a drop fails a comparison.

Quality metrics gate `eval compare`; latency, tokens and cost are reported but do not gate,
because they vary with the machine and the provider rather than with the assistant's behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from evals.metrics import Metrics

Unit = Literal["ratio", "count", "ms", "tokens", "money"]


@dataclass(frozen=True)
class MetricInfo:
    """How to show and compare one metric."""

    name: str
    label: str
    better: Literal["higher", "lower"]
    gating: bool
    unit: Unit


_FIXED = [
    MetricInfo("pass_rate", "Pass rate", "higher", True, "ratio"),
    MetricInfo("tool_precision_read", "Tool precision (reads)", "higher", True, "ratio"),
    MetricInfo("tool_recall_read", "Tool recall (reads)", "higher", True, "ratio"),
    MetricInfo("tool_precision_write", "Tool precision (writes)", "higher", True, "ratio"),
    MetricInfo("tool_recall_write", "Tool recall (writes)", "higher", True, "ratio"),
    MetricInfo("handoff_precision", "Handoff precision", "higher", True, "ratio"),
    MetricInfo("handoff_recall", "Handoff recall", "higher", True, "ratio"),
    MetricInfo("citation_accuracy", "Citation accuracy", "higher", True, "ratio"),
    MetricInfo("grounding_violations", "Grounding violations", "lower", True, "count"),
    MetricInfo("guard_interventions", "Figures removed by the guard", "lower", False, "count"),
    MetricInfo("skipped_assertions", "Skipped assertions", "lower", False, "count"),
    MetricInfo("latency_p50_ms", "Latency p50 per turn", "lower", False, "ms"),
    MetricInfo("latency_p95_ms", "Latency p95 per turn", "lower", False, "ms"),
    MetricInfo("tokens_per_conversation", "Tokens per conversation", "lower", False, "tokens"),
    MetricInfo("estimated_cost", "Estimated cost", "lower", False, "money"),
]


def metric_infos(metrics: Metrics) -> list[MetricInfo]:
    """Every metric of a run, pass^k for each k included."""
    pass_k = [
        MetricInfo(f"pass^{k}", f"pass^{k}", "higher", True, "ratio") for k in metrics.pass_hat_k
    ]
    return [_FIXED[0], *pass_k, *_FIXED[1:]]


def metric_value(metrics: Metrics, name: str) -> float | None:
    """A metric's value as a number (None when there was nothing to measure)."""
    if name.startswith("pass^"):
        return metrics.pass_hat_k.get(name.removeprefix("pass^"))
    value = getattr(metrics, name)
    if value is None:
        return None
    return float(Decimal(value)) if isinstance(value, str) else float(value)


def format_metric(unit: Unit, value: float | None, currency: str | None = None) -> str:
    """A value as people read it: 93.3%, 12.0 ms, 1,204.0 tokens, 0.001200 USD."""
    if value is None:
        return "n/a"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    if unit == "ms":
        return f"{value:,.1f} ms"
    if unit == "tokens":
        return f"{value:,.1f}"
    if unit == "money":
        return f"{value:.6f} {currency or ''}".rstrip()
    return f"{value:,.0f}"


def metric_rows(metrics: Metrics) -> list[tuple[str, str]]:
    """(label, formatted value) for every metric, in display order."""
    return [
        (
            info.label,
            format_metric(info.unit, metric_value(metrics, info.name), metrics.cost_currency),
        )
        for info in metric_infos(metrics)
    ]
