"""Accuracy over the labelled case file, per language, with the confusion printed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from assistant.agent.understanding import Understanding, understand
from tests.agent.understanding.conftest import VOCABULARIES, context_for

CASES: list[dict[str, Any]] = yaml.safe_load(
    Path(__file__).with_name("cases.yaml").read_text(encoding="utf-8")
)
REQUIRED_ACCURACY = 0.9


def _read(case: dict[str, Any]) -> Understanding:
    context = case.get("context")
    dialogue = (
        context_for(
            case["store"],
            context.get("product"),
            context.get("intent"),
            context.get("in_cart", False),
        )
        if context
        else None
    )
    return understand(case["text"], VOCABULARIES[case["store"]], dialogue)


def _plain(value: Any) -> Any:
    """Models as dicts and tuples as lists, so slots compare with the YAML they are written in."""
    if isinstance(value, BaseModel):
        return _plain(value.model_dump())
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _mismatches(case: dict[str, Any], result: Understanding) -> list[str]:
    problems = []
    if result.intent != case["intent"]:
        problems.append(f"intent {result.intent} != {case['intent']}")
    for name in case.get("secondary", []):
        if name not in result.secondary_intents:
            problems.append(f"secondary {name} missing from {result.secondary_intents}")
    for slot, expected in case.get("slots", {}).items():
        actual = _plain(getattr(result, slot))
        if isinstance(expected, dict):
            actual = {key: actual.get(key) for key in expected}
        if actual != expected:
            problems.append(f"{slot}={actual!r} != {expected!r}")
    return problems


def test_case_file_is_large_and_bilingual() -> None:
    chinese = [case for case in CASES if any("\u4e00" <= char <= "\u9fff" for char in case["text"])]
    assert len(CASES) >= 120
    assert len(chinese) >= 40
    assert {case["store"] for case in CASES} == {"demo", "tea"}


def test_accuracy_on_the_case_file_is_at_least_ninety_percent() -> None:
    confusion: Counter[tuple[str, str]] = Counter()
    failures = []
    passed = Counter[str]()
    totals = Counter[str]()
    for case in CASES:
        result = _read(case)
        language = result.language
        totals[language] += 1
        confusion[(case["intent"], result.intent)] += 1
        problems = _mismatches(case, result)
        if problems:
            failures.append(f"[{case['store']}] {case['text']!r}: {'; '.join(problems)}")
        else:
            passed[language] += 1
    accuracy = sum(passed.values()) / len(CASES)
    report = [f"accuracy {accuracy:.3f} ({sum(passed.values())}/{len(CASES)})"]
    report += [
        f"  {lang}: {passed[lang] / totals[lang]:.3f} ({passed[lang]}/{totals[lang]})"
        for lang in sorted(totals)
    ]
    report += ["confusion (expected -> got, off-diagonal):"]
    report += [f"  {e} -> {g}: {n}" for (e, g), n in sorted(confusion.items()) if e != g]
    report += ["failures:", *(f"  {line}" for line in failures)]
    print("\n".join(report))
    assert accuracy >= REQUIRED_ACCURACY, "\n".join(report)
