"""The nginx template and run.sh agree with what the instances need."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.config import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "scale-out"
TEMPLATE = (DEPLOY / "nginx.conf.template").read_text(encoding="utf-8")
RUN_SH = (DEPLOY / "run.sh").read_text(encoding="utf-8")


def _upstream_block() -> str:
    match = re.search(r"upstream sales_assistant \{(.*?)\n    \}", TEMPLATE, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_nginx_drops_idle_upstream_connections_before_the_instances_do() -> None:
    nginx = re.search(r"^\s*keepalive_timeout (\d+)s;", _upstream_block(), re.MULTILINE)
    instances = re.search(r"SALES_ASSISTANT_SERVER_KEEP_ALIVE_S=(\d+)", RUN_SH)
    assert nginx is not None and instances is not None

    assert int(nginx.group(1)) < int(instances.group(1))
    assert int(nginx.group(1)) < Settings(_env_file=None).server_keep_alive_s


def test_streams_are_not_buffered_and_upstream_connections_are_kept_alive() -> None:
    assert "proxy_buffering off;" in TEMPLATE
    assert "proxy_http_version 1.1;" in TEMPLATE
    assert re.search(r"^\s*keepalive \d+;", _upstream_block(), re.MULTILINE)
    # Without an Upgrade header the Connection header sent upstream is empty, not "close".
    assert re.search(r"map \$http_upgrade \$connection_upgrade \{[^}]*''\s+'';", TEMPLATE)


def test_the_proxy_does_not_pass_metrics_of_one_instance_picked_at_random() -> None:
    assert re.search(r"location = /metrics \{\s*return 404", TEMPLATE)


def test_the_instances_share_what_several_processes_need() -> None:
    for setting in ("DATABASE_URL=", "CHROMA_URL=", "REDIS_URL=", "LIVE_BACKEND=redis"):
        assert f"SALES_ASSISTANT_{setting}" in RUN_SH
