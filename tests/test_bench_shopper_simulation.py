"""The selling simulation on a tiny crowd: both halves happen (openers, replies through the
chat API, carts left, reminders, webhooks, discounts, orders after recovery) and every
invariant it counts is 0. A broken cap would show up here as a count above 0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.shopper_crowd import CrowdShares
from benchmarks.shopper_simulation import simulate


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # Generous shares, so each path is walked by a few of 60 shoppers.
    shares = CrowdShares(reply_probability=0.6, identified=0.6, consent=0.7, come_back=0.8)
    folder: Path = tmp_path_factory.mktemp("simulation")
    return simulate(60, seed=5, days=4, shares=shares, faq=False, folder=folder)


def test_every_invariant_holds(report: dict[str, Any]) -> None:
    assert report["violations"] == dict.fromkeys(report["violations"], 0)
    assert report["all_invariants_hold"] is True
    assert report["openers"]["most_in_24h_for_one_shopper"] <= report["max_openers_per_day"]


def test_the_guide_half_happened(report: dict[str, Any]) -> None:
    openers = report["openers"]
    assert openers["fired"] == report["shopper_flow"]["openers_answered"] > 0
    conversations = report["conversations_from_openers"]
    assert conversations["replies_through_chat"] > 0
    # Counted from the rows: a shopper message after the opener in the opener's conversation.
    assert (
        conversations["conversations_with_a_reply_after_the_opener"]
        == (report["shopper_flow"]["reply_in_opener_conversation"])
    )
    assert report["events_endpoint"]["events"] == report["events_endpoint"]["batches"] > 0


def test_the_recovery_half_happened(report: dict[str, Any]) -> None:
    recovery = report["recovery"]
    assert report["carts_left"] > 0
    assert recovery["messages"]["widget"] > 0 and recovery["messages"]["webhook"] > 0
    # Taking a reminder marks every reminder of that cart waiting for the widget shown.
    assert recovery["widget_reminders_shown"] >= report["shopper_flow"]["reminders_seen"] > 0
    assert recovery["discounts"]["offered"] > 0
    assert max(recovery["discounts"]["percent_distribution"]) <= 10  # the run's cap
    assert recovery["orders_after_recovery"] > 0
