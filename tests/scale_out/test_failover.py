"""Killing an instance mid-load loses no shopper message, and shoppers' streams come back."""

from __future__ import annotations

import asyncio
import json

import httpx

from benchmarks.scale_out.cluster import Cluster
from benchmarks.scale_out.failover import run_failover
from tests.scale_out.conftest import heavy

SHOPPERS = 12
BEFORE_KILL_S = 10.0
AFTER_KILL_S = 15.0
# A stream that has not come back within this long is not coming back.
RECONNECT_BOUND_MS = 10_000


@heavy
def test_sigkill_of_an_instance_loses_no_message_and_streams_reconnect(cluster: Cluster) -> None:
    report = asyncio.run(run_failover(cluster, SHOPPERS, BEFORE_KILL_S, AFTER_KILL_S))
    summary = report.summary()
    (cluster.state / "failover.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))

    assert cluster.instance_pid(report.killed_instance) is None
    assert summary["messages_sent"] > 0
    lost = {
        shopper.number: audit.lost
        for shopper, audit in zip(report.shoppers, report.audits, strict=True)
    }
    assert summary["lost"] == 0, lost
    assert summary["stored_and_answered"] == summary["messages_sent"]
    assert len(report.streams) == SHOPPERS
    # Every stream on the killed instance broke and came back, within the bound.
    assert summary["streams_on_killed_instance"] >= 1
    assert summary["streams_reconnected"] >= summary["streams_on_killed_instance"]
    assert summary["streams_open_at_end"] == SHOPPERS
    assert max(summary["reconnect_ms"]["all"]) < RECONNECT_BOUND_MS
    # A reconnected stream is served by a surviving instance and still hears of new messages,
    # whichever instance answered them: live events cross instances.
    killed = cluster.instance_address(report.killed_instance)
    for stream in report.streams:
        if stream.reconnect_ms:
            assert stream.upstreams[-1] != killed
            assert stream.events_since_reconnect > 0


@heavy
def test_each_instance_answers_its_own_metrics_and_the_proxy_none(cluster: Cluster) -> None:
    assert httpx.get(f"{cluster.proxy_url}/metrics", timeout=10).status_code == 404
    for number in cluster.instances():
        response = httpx.get(f"http://{cluster.instance_address(number)}/metrics", timeout=10)
        assert response.status_code == 200
        assert "sales_assistant_http_requests_total" in response.text
