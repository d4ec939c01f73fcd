"""`sales-assistant bench understanding`: the offline engine's understanding, tuned and blind.

Runs `understand()` on the labelled case file the router was tuned on
(`tests/agent/understanding/cases.yaml`), on the development set (`evals/understanding-dev/`)
and on the blind sets (`evals/blind/understanding/`: the first set, and each later set
`<name>-blind-<n>-*.yaml` on its own under `blind_sets`), and reports side by side, per
language: accuracy, macro-F1 and per-intent precision, recall and F1 of the intent; how often
the messages that must reach a person do (handoff recall) and how often answerable ones are
handed off anyway (false-handoff rate); the invariance of the intent under each perturbation of
`evals.perturb` (on every case and on the first message of every eval scenario); and the time
one `understand()` call takes, p50 and p95.

Each store is read as the engine reads it: with its vocabulary and its router, the shipped
exemplars plus the store's own FAQ questions and document headings (the demo store's
`faq.json` and policies, the second store's fixture documents, parsed as ingest parses them).
`store_exemplars=False` reads every store with the shipped router alone, for comparison.

A message counts as handed off when the offline planner would hand it to a person from the
understanding alone: the intent is `human_request` or `complaint`, or the understanding flags a
request for a person, a complaint, anger, or a return/refund/exchange/cancellation to carry out.

The tuned case file has no handoff labels; there they are read from the expected intent and
slots (`must`: a person, a complaint or a service request expected; `never`: a product, cart,
order or policy intent with none of those expected).
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.agent.understanding import (
    CatalogVocabulary,
    DialogueContext,
    Intent,
    ProductRef,
    Understanding,
    understand,
)
from assistant.agent.understanding.labels import INTENTS
from assistant.agent.understanding.router import Router, default_router
from assistant.agent.understanding.store_exemplars import knowledge_exemplars
from assistant.catalog.schema import CatalogIn
from evals.perturb import perturb, perturbations_for
from retrieval.formats import guess_doc_type, parse_document

ROOT = Path(__file__).resolve().parents[1]
TUNED_CASES = ROOT / "tests" / "agent" / "understanding" / "cases.yaml"
BLIND_DIR = ROOT / "evals" / "blind" / "understanding"
DEV_DIR = ROOT / "evals" / "understanding-dev"
# A later blind set is a file named `<name>-blind-<n>-<anything>.yaml`; the rest are the first set.
_LATER_SET = re.compile(r"^(?P<set>.+-blind-\d+)")
FIRST_SET = "blind-1"
SUITES_DIR = ROOT / "evals" / "suites"
DEMO_CATALOG = ROOT / "assistant" / "demo_store" / "catalog.json"
TEA_CATALOG = ROOT / "tests" / "agent" / "understanding" / "tea_catalog.json"
DEMO_STORE = ROOT / "assistant" / "demo_store"
DEMO_DOCUMENTS = (DEMO_STORE / "faq.json", *sorted((DEMO_STORE / "policies").glob("*.md")))
TEA_FIXTURE = ROOT / "evals" / "store_fixtures" / "leaf-and-cup-store.yaml"
DEMO_COUPONS = ("WELCOME10", "TRAIL20", "SUMMER25")
TEA_COUPONS = ("TEATIME15",)
DEFAULT_SEED = 13
CONTEXT_SKU = "CONTEXT-SKU"

_SOURCES = ("tuned", "blind", "dev", "suite")
HANDOFF_INTENTS: frozenset[str] = frozenset({"human_request", "complaint"})
# Intents a shop answers itself: a tuned case expecting one of these (and no person, complaint
# or service request in its slots) must not be handed off.
_ANSWERED_INTENTS: frozenset[str] = frozenset(INTENTS) - HANDOFF_INTENTS - {"off_topic", "unknown"}


@dataclass(frozen=True)
class Case:
    """One labelled message: where it comes from, the store, the text and what is expected."""

    id: str
    source: str  # "tuned", "blind", "dev" or "suite"
    store: str
    language: str
    text: str
    intent: str | None
    policy_topic: str | None = None
    context: Mapping[str, Any] | None = None
    also: tuple[str, ...] = ()
    handoff: str | None = None  # "must", "never" or None
    protect: tuple[str, ...] = field(default=())
    group: str = ""  # which blind set (file family) the case belongs to


def store_vocabularies() -> dict[str, CatalogVocabulary]:
    """The two stores the case files are written for, built as the understanding tests do."""

    def load(path: Path) -> CatalogIn:
        return CatalogIn.model_validate_json(path.read_text(encoding="utf-8"))

    return {
        "demo": CatalogVocabulary.from_catalog(
            load(DEMO_CATALOG), currency="USD", coupon_codes=DEMO_COUPONS
        ),
        "tea": CatalogVocabulary.from_catalog(
            load(TEA_CATALOG),
            currency="EUR",
            order_number_pattern=r"LC\d{6}",
            coupon_codes=TEA_COUPONS,
        ),
    }


def _headings(name: str, data: bytes, doc_type: str) -> list[str]:
    if doc_type not in ("faq", "policy"):
        return []
    parsed = parse_document(name, data, doc_type)  # type: ignore[arg-type]
    return [chunk.section for chunk in parsed.chunks if chunk.section]


def store_headings() -> dict[str, list[str]]:
    """The FAQ questions and policy headings of each store, parsed as ingest parses them."""
    demo = [
        heading
        for path in DEMO_DOCUMENTS
        for heading in _headings(
            path.name,
            path.read_bytes(),
            "faq" if path.suffix == ".json" else guess_doc_type(path.name),
        )
    ]
    fixture = yaml.safe_load(TEA_FIXTURE.read_text(encoding="utf-8"))
    tea = [
        heading
        for document in fixture.get("documents", [])
        for heading in _headings(
            document["source"], document["text"].encode("utf-8"), document["doc_type"]
        )
    ]
    return {"demo": demo, "tea": tea}


def store_routers(store_exemplars: bool = True) -> dict[str, Router]:
    """Each store's router: the shipped one, plus the store's own questions when asked."""
    base = default_router()
    if not store_exemplars:
        return {"demo": base, "tea": base}
    return {
        store: base.with_exemplars(knowledge_exemplars(headings, base))
        for store, headings in store_headings().items()
    }


def _language_of(text: str) -> str:
    return "zh" if any("\u3400" <= char <= "\u9fff" for char in text) else "en"


def _coupons(store: str) -> tuple[str, ...]:
    return DEMO_COUPONS if store == "demo" else TEA_COUPONS


def _tuned_handoff(raw: Mapping[str, Any]) -> str | None:
    slots = raw.get("slots", {})
    if (
        raw["intent"] in HANDOFF_INTENTS
        or slots.get("human_request") is True
        or slots.get("complaint") is True
        or slots.get("service_request")
    ):
        return "must"
    if raw["intent"] in _ANSWERED_INTENTS and not any(
        slots.get(flag) for flag in ("human_request", "complaint", "anger", "service_request")
    ):
        return "never"
    return None


def load_tuned(path: Path = TUNED_CASES) -> list[Case]:
    """The tuned case file, in the blind sets' shape."""
    raw_cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases: list[Case] = []
    for number, raw in enumerate(raw_cases, start=1):
        slots = raw.get("slots", {})
        cases.append(
            Case(
                id=f"tuned-{number:03d}",
                source="tuned",
                store=raw["store"],
                language=_language_of(raw["text"]),
                text=raw["text"],
                intent=raw["intent"],
                policy_topic=slots.get("policy_topic"),
                context=raw.get("context"),
                also=tuple(raw.get("secondary", ())),
                handoff=_tuned_handoff(raw),
                protect=_coupons(raw["store"]),
            )
        )
    return cases


def blind_set_of(path: Path) -> str:
    """The blind set a file belongs to: `<name>-blind-<n>` from its name, else the first set."""
    match = _LATER_SET.match(path.stem)
    return match["set"] if match else FIRST_SET


def _actions(value: str | Sequence[str]) -> tuple[str, ...]:
    """A case's `also`: one second action (as the README writes it) or a list of them."""
    return (value,) if isinstance(value, str) else tuple(value)


def load_blind(folder: Path = BLIND_DIR, source: str = "blind") -> list[Case]:
    """Every labelled case file in `folder` (`*.yaml`), in file order."""
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        group = blind_set_of(path)
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append(
                Case(
                    id=raw["id"],
                    source=source,
                    store=raw["store"],
                    language=raw["language"],
                    text=raw["text"],
                    intent=raw["intent"],
                    policy_topic=raw.get("policy_topic"),
                    context=raw.get("context"),
                    also=_actions(raw.get("also", ())),
                    handoff=raw.get("handoff"),
                    protect=_coupons(raw["store"]),
                    group=group,
                )
            )
    return cases


def load_suite_openers(folder: Path = SUITES_DIR) -> list[Case]:
    """The first shopper message of every scenario in the eval suites (no label: invariance)."""
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        suite = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for scenario in suite.get("scenarios", []):
            turns = scenario.get("turns") or []
            text = next((turn["user"] for turn in turns if isinstance(turn.get("user"), str)), None)
            if text is None:
                continue
            cases.append(
                Case(
                    id=f"{path.stem}/{scenario.get('id', len(cases))}",
                    source="suite",
                    store="demo",
                    language=_language_of(text),
                    text=text,
                    intent=None,
                    protect=DEMO_COUPONS,
                )
            )
    return cases


def dialogue(case: Case, vocabulary: CatalogVocabulary) -> DialogueContext | None:
    """The conversation so far a case describes, as the understanding tests build it."""
    context = case.context
    if not context:
        return None
    last_intent: Intent | None = context.get("intent")
    handle = context.get("product")
    if handle is None:
        return DialogueContext(last_intent=last_intent)
    product = next(p for p in vocabulary.products if p.handle == handle)
    return DialogueContext(
        last_product=ProductRef(
            handle=handle,
            title=product.title,
            options=dict(context.get("options") or {}),
            sku=CONTEXT_SKU,
            category=product.category,
        ),
        last_intent=last_intent,
        cart_skus=frozenset({CONTEXT_SKU}) if context.get("in_cart") else frozenset(),
        last_category=product.category,
    )


def handed_off(understanding: Understanding) -> bool:
    """Whether the offline planner hands this message to a person on the understanding alone."""
    return (
        understanding.intent in HANDOFF_INTENTS
        or understanding.human_request
        or understanding.complaint
        or understanding.anger
        or understanding.service_request is not None
    )


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def classification(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-label precision/recall/F1 of (expected, got) pairs.

    Macro-F1 averages over every label that is expected or predicted at least once.
    """
    total = len(pairs)
    correct = sum(1 for expected, got in pairs if expected == got)
    expected_counts = Counter(expected for expected, _ in pairs)
    predicted_counts = Counter(got for _, got in pairs)
    hits = Counter(expected for expected, got in pairs if expected == got)
    per_label = {}
    for label in sorted(set(expected_counts) | set(predicted_counts)):
        precision = hits[label] / predicted_counts[label] if predicted_counts[label] else 0.0
        recall = hits[label] / expected_counts[label] if expected_counts[label] else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(_f1(precision, recall), 4),
            "support": expected_counts[label],
            "predicted": predicted_counts[label],
        }
    macro = statistics.fmean(row["f1"] for row in per_label.values()) if per_label else 0.0
    return {
        "n": total,
        "accuracy": _ratio(correct, total),
        "macro_f1": round(macro, 4) if per_label else None,
        "per_intent": per_label,
    }


def _confusions(pairs: Iterable[tuple[str, str]], top: int = 15) -> list[dict[str, Any]]:
    counts = Counter((expected, got) for expected, got in pairs if expected != got)
    return [
        {"expected": expected, "got": got, "n": n} for (expected, got), n in counts.most_common(top)
    ]


def _handoff(cases: Sequence[Case], results: Mapping[str, Understanding]) -> dict[str, Any]:
    must = [case for case in cases if case.handoff == "must"]
    never = [case for case in cases if case.handoff == "never"]
    caught = sum(1 for case in must if handed_off(results[case.id]))
    false = sum(1 for case in never if handed_off(results[case.id]))
    return {
        "must": len(must),
        "recall": _ratio(caught, len(must)),
        "never": len(never),
        "false_handoff_rate": _ratio(false, len(never)),
    }


def _extras(cases: Sequence[Case], results: Mapping[str, Understanding]) -> dict[str, Any]:
    topics = [c for c in cases if c.policy_topic and c.intent == "policy_question"]
    topic_hits = sum(
        1
        for c in topics
        if results[c.id].intent == "policy_question"
        and results[c.id].policy_topic == c.policy_topic
    )
    doubles = [c for c in cases if c.also]
    double_hits = sum(
        1 for c in doubles if all(a in results[c.id].secondary_intents for a in c.also)
    )
    return {
        "policy_topic": {"n": len(topics), "accuracy": _ratio(topic_hits, len(topics))},
        "second_action": {"n": len(doubles), "recall": _ratio(double_hits, len(doubles))},
    }


def evaluate(cases: Sequence[Case], results: Mapping[str, Understanding]) -> dict[str, Any]:
    """The figures of one set of labelled cases, overall and per language and store."""

    def block(subset: Sequence[Case]) -> dict[str, Any]:
        pairs = [(c.intent, results[c.id].intent) for c in subset if c.intent is not None]
        report = classification(pairs)
        report["handoff"] = _handoff(subset, results)
        report.update(_extras(subset, results))
        report["top_confusions"] = _confusions(pairs)
        return report

    languages = sorted({c.language for c in cases})
    stores = sorted({c.store for c in cases})
    return {
        "all": block(cases),
        "by_language": {
            lang: block([c for c in cases if c.language == lang]) for lang in languages
        },
        "by_store": {
            store: {
                lang: classification(
                    [
                        (c.intent, results[c.id].intent)
                        for c in cases
                        if c.store == store and c.language == lang and c.intent is not None
                    ]
                )["accuracy"]
                for lang in languages
            }
            for store in stores
        },
    }


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def invariance(
    cases: Sequence[Case],
    results: Mapping[str, Understanding],
    vocabularies: Mapping[str, CatalogVocabulary],
    seed: int,
    routers: Mapping[str, Router] | None = None,
) -> dict[str, Any]:
    """Share of changed messages whose intent stays the same, per perturbation and source."""
    routers = routers or {}
    rows: dict[str, Counter[str]] = {}
    for case in cases:
        vocabulary = vocabularies[case.store]
        original = results[case.id].intent
        for name in perturbations_for(case.language):
            row = rows.setdefault(name, Counter())
            changed = perturb(case.text, name, seed=seed, protect=case.protect)
            row["applicable"] += 1
            if changed == case.text:
                continue
            context = dialogue(case, vocabulary)
            got = understand(changed, vocabulary, context, routers.get(case.store)).intent
            for key in ("all", case.source):
                row[f"{key}:changed"] += 1
                row[f"{key}:same"] += got == original
                if case.intent is not None:
                    row[f"{key}:labelled"] += 1
                    row[f"{key}:correct_before"] += original == case.intent
                    row[f"{key}:correct_after"] += got == case.intent

    def summary(row: Counter[str], key: str) -> dict[str, Any]:
        return {
            "changed": row[f"{key}:changed"],
            "invariance": _ratio(row[f"{key}:same"], row[f"{key}:changed"]),
            "accuracy_before": _ratio(row[f"{key}:correct_before"], row[f"{key}:labelled"]),
            "accuracy_after": _ratio(row[f"{key}:correct_after"], row[f"{key}:labelled"]),
        }

    per_perturbation = {
        name: {
            "applicable": row["applicable"],
            **summary(row, "all"),
            "by_source": {source: summary(row, source) for source in _SOURCES},
        }
        for name, row in rows.items()
    }
    total: Counter[str] = sum(rows.values(), Counter())
    return {
        "seed": seed,
        "overall": summary(total, "all"),
        "overall_by_source": {src: summary(total, src) for src in _SOURCES},
        "per_perturbation": per_perturbation,
    }


def _read_all(
    cases: Sequence[Case],
    vocabularies: Mapping[str, CatalogVocabulary],
    routers: Mapping[str, Router],
) -> tuple[dict[str, Understanding], list[float]]:
    results: dict[str, Understanding] = {}
    timings: list[float] = []
    for case in cases:
        vocabulary = vocabularies[case.store]
        context = dialogue(case, vocabulary)
        started = time.perf_counter()
        results[case.id] = understand(case.text, vocabulary, context, routers.get(case.store))
        timings.append((time.perf_counter() - started) * 1000)
    return results, timings


def run_understanding_benchmark(
    tuned_path: Path = TUNED_CASES,
    blind_dir: Path = BLIND_DIR,
    suites_dir: Path | None = SUITES_DIR,
    dev_dir: Path | None = DEV_DIR,
    seed: int = DEFAULT_SEED,
    with_cases: bool = False,
    store_exemplars: bool = True,
) -> dict[str, Any]:
    """The whole report as one JSON-ready object."""
    started = time.perf_counter()
    vocabularies = store_vocabularies()
    routers = store_routers(store_exemplars)
    tuned = load_tuned(tuned_path)
    blind = load_blind(blind_dir)
    dev = load_blind(dev_dir, source="dev") if dev_dir is not None else []
    openers = load_suite_openers(suites_dir) if suites_dir is not None else []
    everything = [*tuned, *blind, *dev, *openers]
    sets = sorted({c.group for c in blind})
    first = [c for c in blind if c.group == FIRST_SET]
    for store, vocabulary in vocabularies.items():  # the first call loads the lexicon: not timed
        understand("hello", vocabulary, router=routers[store])
    results, timings = _read_all(everything, vocabularies, routers)
    report: dict[str, Any] = {
        "benchmark": "understanding",
        "handoff_definition": (
            "intent human_request or complaint, or the understanding flags human_request, "
            "complaint, anger or a service_request"
        ),
        "counts": {
            "tuned": dict(Counter(c.language for c in tuned)),
            "blind": dict(Counter(c.language for c in first)),
            "blind_by_store": dict(Counter(f"{c.language}-{c.store}" for c in first)),
            "blind_sets": {
                name: dict(Counter(c.language for c in blind if c.group == name)) for name in sets
            },
            "dev": dict(Counter(c.language for c in dev)),
            "suite_openers": len(openers),
        },
        "tuned": evaluate(tuned, results),
        "blind": evaluate(first, results),
        "blind_sets": {
            name: evaluate([c for c in blind if c.group == name], results) for name in sets
        },
        "dev": evaluate(dev, results) if dev else None,
        "store_exemplars": {
            store: len(router.exemplars) - len(default_router().exemplars)
            for store, router in routers.items()
        },
        "perturbation": invariance(everything, results, vocabularies, seed, routers),
        "latency_ms": {
            "n": len(timings),
            "p50": round(_percentile(timings, 0.5), 3),
            "p95": round(_percentile(timings, 0.95), 3),
            "max": round(max(timings, default=0.0), 3),
        },
    }
    if with_cases:
        for key, subset in (("blind_cases", blind), ("dev_cases", dev)):
            report[key] = [
                {
                    "id": c.id,
                    "expected": c.intent,
                    "got": results[c.id].intent,
                    "topic": results[c.id].policy_topic,
                    "handed_off": handed_off(results[c.id]),
                    "confidence": results[c.id].confidence,
                }
                for c in subset
            ]
    report["seconds"] = round(time.perf_counter() - started, 2)
    return report


def main() -> None:  # pragma: no cover - `python -m benchmarks.understanding`
    print(json.dumps(run_understanding_benchmark(), ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
