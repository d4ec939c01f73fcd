"""The Prometheus scrape endpoint of this process (`assistant.api.metrics` says what it counts)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from assistant.api.deps import MetricsDep

router = APIRouter(tags=["operations"])


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Exposition text."}},
)
def metrics_endpoint(metrics: MetricsDep) -> Response:
    """Requests, latency, turns, tool calls, handoffs and errors of this process."""
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
