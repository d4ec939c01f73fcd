"""The scale-out tests drive the set-up of `deploy/scale-out/run.sh`: too heavy for CI, they run
only with SALES_ASSISTANT_TEST_SCALE_OUT=1 (`run.sh failover` sets it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.scale_out.cluster import DEFAULT_STATE, Cluster, ClusterNotUp

ENABLED = os.environ.get("SALES_ASSISTANT_TEST_SCALE_OUT") == "1"
STATE = Path(os.environ.get("SCALE_OUT_STATE") or DEFAULT_STATE)
heavy = pytest.mark.skipif(
    not ENABLED, reason="needs deploy/scale-out/run.sh up; set SALES_ASSISTANT_TEST_SCALE_OUT=1"
)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """The running set-up with every instance in rotation; instances killed by a test are
    started again afterwards."""
    try:
        running = Cluster.running(STATE)
    except ClusterNotUp as exc:
        pytest.fail(str(exc))
    running.put_in_rotation(len(running.instances()))
    yield running
    for number in running.instances():
        if running.instance_pid(number) is None:
            running.run("start-instance", str(number))
