"""The understanding benchmark: its arithmetic on hand-made cases, its report, its command."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from assistant.agent.understanding import CatalogVocabulary, DialogueContext, Understanding
from assistant.cli.app import app
from benchmarks import understanding as bench

BLIND = [
    {"id": "t-1", "store": "demo", "language": "en", "text": "Hello there", "intent": "greeting"},
    {
        "id": "t-2",
        "store": "demo",
        "language": "en",
        "text": "What is your return policy?",
        "intent": "policy_question",
        "policy_topic": "returns",
        "handoff": "never",
    },
    {
        "id": "t-3",
        "store": "demo",
        "language": "en",
        "text": "Get me a person",
        "intent": "human_request",
        "handoff": "must",
    },
    {
        "id": "t-4",
        "store": "tea",
        "language": "en",
        "text": "My kettle broke",
        "intent": "complaint",
        "handoff": "must",
    },
]
# What the stand-in engine reads each message as, whatever its case or punctuation: two right,
# a policy question handed off as a complaint, and a complaint read as a policy question.
READINGS = {
    "hello there": ("greeting", None),
    "what is your return policy": ("complaint", None),
    "get me a person": ("human_request", None),
    "my kettle broke": ("policy_question", "warranty"),
}


def _key(text: str) -> str:
    return re.sub(r"[^\w ]", "", text.lower())


def fake_understand(
    text: str,
    vocabulary: CatalogVocabulary,
    context: DialogueContext | None = None,
    router: object | None = None,
) -> Understanding:
    intent, topic = READINGS.get(_key(text), ("unknown", None))
    return Understanding(intent=intent, policy_topic=topic, confidence=1.0, language="en")


@pytest.fixture
def fixture_files(tmp_path: Path) -> tuple[Path, Path]:
    blind = tmp_path / "blind"
    blind.mkdir()
    (blind / "en-demo.yaml").write_text(yaml.safe_dump(BLIND), encoding="utf-8")
    tuned = tmp_path / "cases.yaml"
    tuned.write_text(
        yaml.safe_dump([{"store": "demo", "text": "hello there", "intent": "greeting"}]),
        encoding="utf-8",
    )
    return tuned, blind


def test_classification_arithmetic_on_four_pairs() -> None:
    report = bench.classification([("a", "a"), ("a", "b"), ("b", "b"), ("c", "b")])
    assert report["n"] == 4
    assert report["accuracy"] == 0.5
    per = report["per_intent"]
    assert per["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2, "predicted": 1}
    assert per["b"] == {
        "precision": 0.3333,
        "recall": 1.0,
        "f1": 0.5,
        "support": 1,
        "predicted": 3,
    }
    assert per["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1, "predicted": 0}
    assert report["macro_f1"] == round((2 / 3 + 0.5 + 0.0) / 3, 4)


def test_report_on_a_four_case_fixture(
    fixture_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "understand", fake_understand)
    tuned, blind = fixture_files
    report = bench.run_understanding_benchmark(
        tuned, blind, suites_dir=None, dev_dir=None, with_cases=True
    )

    assert set(report) >= {"counts", "tuned", "blind", "perturbation", "latency_ms", "blind_cases"}
    assert report["counts"]["blind"] == {"en": 4}
    english = report["blind"]["by_language"]["en"]
    assert report["blind"]["all"]["accuracy"] == english["accuracy"] == 0.5
    # F1: greeting 1, human_request 1, policy_question 0 (P 0, R 0), complaint 0 (P 0, R 0).
    assert english["macro_f1"] == 0.5
    assert english["per_intent"]["complaint"]["predicted"] == 1
    assert english["handoff"] == {"must": 2, "recall": 0.5, "never": 1, "false_handoff_rate": 1.0}
    assert english["policy_topic"] == {"n": 1, "accuracy": 0.0}
    assert {"expected": "complaint", "got": "policy_question", "n": 1} in english["top_confusions"]
    assert report["blind"]["by_store"] == {"demo": {"en": 0.6667}, "tea": {"en": 0.0}}
    assert report["tuned"]["all"]["accuracy"] == 1.0

    perturbation = report["perturbation"]
    assert set(perturbation["per_perturbation"]) == {
        "typo",
        "dropped_letter",
        "lower_case",
        "no_punctuation",
        "txt_speak",
    }
    # The stand-in ignores case and punctuation: every changed message keeps its intent.
    for name in ("lower_case", "no_punctuation"):
        row = perturbation["per_perturbation"][name]
        assert row["changed"] > 0
        assert row["invariance"] == 1.0
    latency = report["latency_ms"]
    assert latency["n"] == 5
    assert 0 <= latency["p50"] <= latency["p95"] <= latency["max"]
    assert [case["got"] for case in report["blind_cases"]] == [
        "greeting",
        "complaint",
        "human_request",
        "policy_question",
    ]


def test_the_real_engine_runs_on_the_fixture(fixture_files: tuple[Path, Path]) -> None:
    tuned, blind = fixture_files
    report = bench.run_understanding_benchmark(tuned, blind, suites_dir=None)
    english = report["blind"]["by_language"]["en"]
    assert english["n"] == 4
    assert 0.0 <= english["accuracy"] <= 1.0
    assert set(english["handoff"]) == {"must", "recall", "never", "false_handoff_rate"}
    json.dumps(report)  # JSON-ready


def test_context_cases_get_the_product_discussed() -> None:
    vocabulary = bench.store_vocabularies()["tea"]
    case = bench.Case(
        id="c",
        source="blind",
        store="tea",
        language="en",
        text="is it in stock?",
        intent="stock_question",
        context={"product": "hand-mill", "intent": "add_to_cart", "in_cart": True},
    )
    context = bench.dialogue(case, vocabulary)
    assert context is not None and context.last_product is not None
    assert context.last_product.handle == "hand-mill"
    assert context.last_product_in_cart
    assert context.last_intent == "add_to_cart"


def test_the_command_prints_one_json_object(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(seed: int, with_cases: bool, store_exemplars: bool) -> dict[str, Any]:
        seen.update(seed=seed, with_cases=with_cases, store_exemplars=store_exemplars)
        return {"benchmark": "understanding", "blind": {"all": {"accuracy": 0.5}}}

    monkeypatch.setattr(bench, "run_understanding_benchmark", fake_run)
    command = ["bench", "understanding", "--json", "--seed", "5", "--cases", "--no-store-exemplars"]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "benchmark": "understanding",
        "blind": {"all": {"accuracy": 0.5}},
    }
    assert seen == {"seed": 5, "with_cases": True, "store_exemplars": False}


def test_the_command_writes_the_report_when_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def fake_run(seed: int, with_cases: bool, store_exemplars: bool) -> dict[str, Any]:
        return {"benchmark": "understanding", "note": "读懂"}

    monkeypatch.setattr(bench, "run_understanding_benchmark", fake_run)
    target = tmp_path / "results.json"
    result = CliRunner().invoke(app, ["bench", "understanding", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(result.output)
    assert "读懂" in target.read_text(encoding="utf-8")


def test_a_second_action_is_read_as_one_action_or_a_list(tmp_path: Path) -> None:
    cases = [
        {**BLIND[0], "id": "a-1", "also": "remove_from_cart"},
        {**BLIND[0], "id": "a-2", "also": ["remove_from_cart", "view_cart"]},
    ]
    (tmp_path / "shop-blind-9-en.yaml").write_text(yaml.safe_dump(cases), encoding="utf-8")
    read = {case.id: case.also for case in bench.load_blind(tmp_path)}
    assert read == {"a-1": ("remove_from_cart",), "a-2": ("remove_from_cart", "view_cart")}
