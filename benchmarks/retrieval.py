"""Retrieval quality on the labelled demo-store questions: dense, BM25 and hybrid, per language,
for each candidate embedding model, plus how well confidence separates answerable questions from
ones the store cannot answer.

Run with `sales-assistant bench retrieval --json`. Nothing here is timed as a test.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_documents, load_demo_tables
from assistant.stores import get_store
from benchmarks.labelled import (
    UNANSWERABLE_QUESTIONS,
    Question,
    first_relevant_rank,
    load_questions,
)
from retrieval.embeddings.base import LOCAL_MODELS
from retrieval.hybrid import Mode
from retrieval.knowledge import KnowledgeBase
from retrieval.results import SearchResult

MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")
RRF_K = 60
DEPTH = 10
CUTOFF = 5


def build_demo_knowledge(data_dir: Path, model: str) -> tuple[KnowledgeBase, float]:
    """A fresh SQLite demo store indexed with `model`; returns it and the indexing seconds."""
    settings = Settings(data_dir=data_dir, embedding_model=model, _env_file=None)
    data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        load_demo_tables(session)
    knowledge = KnowledgeBase(settings, database)
    started = time.perf_counter()
    outcomes = load_demo_documents(knowledge)
    elapsed = time.perf_counter() - started
    failed = [o for o in outcomes if o.status in ("rejected", "failed")]
    if failed:
        raise RuntimeError(f"demo documents did not index: {[o.error for o in failed]}")
    return knowledge, elapsed


def scores_of(ranks: Sequence[int | None]) -> dict[str, float]:
    """recall@5 (a relevant passage in the top 5) and MRR@10 over questions."""
    if not ranks:
        return {"questions": 0, "recall_at_5": 0.0, "mrr": 0.0}
    recall = sum(1 for rank in ranks if rank is not None and rank <= CUTOFF) / len(ranks)
    mrr = sum(1.0 / rank for rank in ranks if rank is not None) / len(ranks)
    return {"questions": len(ranks), "recall_at_5": round(recall, 4), "mrr": round(mrr, 4)}


def by_language(questions: Sequence[Question], ranks: Sequence[int | None]) -> dict[str, Any]:
    """Scores for all questions and for each language."""
    report: dict[str, Any] = {"all": scores_of(ranks)}
    for language in sorted({question.lang for question in questions}):
        report[language] = scores_of(
            [rank for q, rank in zip(questions, ranks, strict=True) if q.lang == language]
        )
    return report


def rrf_variant(
    dense: Sequence[str], lexical: Sequence[str], k: int, dense_weight: float
) -> list[str]:
    """Weighted reciprocal rank fusion of two rankings (for comparing fusion settings)."""
    scores: dict[str, float] = {}
    for weight, ranking in ((dense_weight, dense), (1.0, lexical)):
        for rank, passage in enumerate(ranking):
            scores[passage] = scores.get(passage, 0.0) + weight / (k + rank + 1)
    return [p for p, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]


def evaluate_model(
    knowledge: KnowledgeBase, questions: Sequence[Question]
) -> tuple[dict[str, Any], dict[str, list[SearchResult]]]:
    """Scores per mode and fusion variant; also the raw results for confidence analysis."""
    results: dict[str, list[SearchResult]] = {mode: [] for mode in MODES}
    for question in questions:
        for mode in MODES:
            results[mode].append(
                knowledge.search(DEMO_STORE_ID, question.question, limit=DEPTH, mode=mode)
            )
    report: dict[str, Any] = {}
    for mode in MODES:
        ranks = [
            first_relevant_rank(result.hits, question)
            for result, question in zip(results[mode], questions, strict=True)
        ]
        report[mode] = by_language(questions, ranks)
    report["fusion_variants"] = fusion_variants(knowledge, questions)
    return report, results


def fusion_variants(knowledge: KnowledgeBase, questions: Sequence[Question]) -> dict[str, Any]:
    """Reciprocal rank fusion over the same two candidate lists, to compare with the default
    score fusion (reported as `hybrid`)."""
    variants = {
        f"rrf_k{RRF_K}": (RRF_K, 1.0),
        "rrf_k20": (20, 1.0),
        f"rrf_k{RRF_K}_dense_x2": (RRF_K, 2.0),
        f"rrf_k{RRF_K}_bm25_x2": (RRF_K, 0.5),
    }
    ranks: dict[str, list[int | None]] = {name: [] for name in variants}
    for question in questions:
        dense = knowledge.search(DEMO_STORE_ID, question.question, limit=40, mode="dense")
        lexical = knowledge.search(DEMO_STORE_ID, question.question, limit=40, mode="bm25")
        hits = {hit.passage_id: hit for hit in dense.hits + lexical.hits}
        for name, (k, weight) in variants.items():
            order = rrf_variant(
                [h.passage_id for h in dense.hits], [h.passage_id for h in lexical.hits], k, weight
            )
            ranks[name].append(first_relevant_rank([hits[p] for p in order[:DEPTH]], question))
    return {name: by_language(questions, found)["all"] for name, found in ranks.items()}


def confidence_report(
    answered: Sequence[SearchResult],
    answered_ok: Sequence[bool],
    unanswerable: Sequence[SearchResult],
    threshold: float,
) -> dict[str, Any]:
    """How confidence separates questions the store answers from questions it cannot."""
    good = [r.confidence for r, ok in zip(answered, answered_ok, strict=True) if ok]
    bad = [r.confidence for r in unanswerable]
    pairs = [(g > b) + 0.5 * (g == b) for g in good for b in bad]
    return {
        "threshold": threshold,
        "answerable_found_mean": round(statistics.fmean(good), 4) if good else None,
        "unanswerable_mean": round(statistics.fmean(bad), 4) if bad else None,
        "answerable_found_at_or_above_threshold": round(
            sum(c >= threshold for c in good) / len(good), 4
        )
        if good
        else None,
        "unanswerable_below_threshold": round(sum(c < threshold for c in bad) / len(bad), 4)
        if bad
        else None,
        "auc_answerable_vs_unanswerable": round(sum(pairs) / len(pairs), 4) if pairs else None,
        "unanswerable_questions": len(bad),
    }


def similarity_quantiles(
    results: Sequence[SearchResult], questions: Sequence[Question]
) -> dict[str, Any]:
    """Best-hit cosine similarity by language (how the embedder's range was calibrated)."""
    out: dict[str, Any] = {}
    for language in sorted({question.lang for question in questions}):
        values = sorted(
            r.signals.dense_similarity
            for r, q in zip(results, questions, strict=True)
            if q.lang == language
        )
        if values:
            out[language] = {
                "p10": round(values[len(values) // 10], 4),
                "p50": round(values[len(values) // 2], 4),
                "p90": round(values[(len(values) * 9) // 10], 4),
            }
    return out


def run_retrieval_benchmark(
    questions_path: Path | None = None, models: Sequence[str] = LOCAL_MODELS
) -> dict[str, Any]:
    """Every candidate model on the labelled set; the default model's confidence behaviour."""
    questions = load_questions(questions_path)
    unanswerable = load_questions(UNANSWERABLE_QUESTIONS)
    default_model = Settings(_env_file=None).embedding_model
    languages = {lang: sum(q.lang == lang for q in questions) for lang in ("en", "zh")}
    report: dict[str, Any] = {
        "benchmark": "retrieval",
        "store": DEMO_STORE_ID,
        "questions": len(questions),
        "questions_by_language": languages,
        "metric_notes": "recall_at_5: share of questions with a relevant passage in the top 5; "
        "mrr: mean reciprocal rank of the first relevant passage within the top 10",
        "default_model": default_model,
        "models": {},
    }
    with tempfile.TemporaryDirectory(prefix="sa-bench-retrieval-") as folder:
        for model in models:
            knowledge, seconds = build_demo_knowledge(Path(folder) / model.replace("+", "_"), model)
            scores, results = evaluate_model(knowledge, questions)
            scores["index_seconds"] = round(seconds, 2)
            scores["passages"] = knowledge.vectors.count(DEMO_STORE_ID)
            scores["best_hit_similarity"] = similarity_quantiles(results["hybrid"], questions)
            if model == default_model:
                answered_ok = [
                    first_relevant_rank(result.hits, question) is not None
                    for result, question in zip(results["hybrid"], questions, strict=True)
                ]
                unanswered = [
                    knowledge.search(DEMO_STORE_ID, question.question) for question in unanswerable
                ]
                threshold = load_store_threshold(knowledge)
                report["confidence"] = confidence_report(
                    results["hybrid"], answered_ok, unanswered, threshold
                )
            report["models"][model] = scores
            knowledge.database.dispose()
    default = report["models"].get(default_model)
    if default is not None:
        hybrid = default["hybrid"]["all"]["recall_at_5"]
        report["hybrid_beats_dense_and_bm25_on_recall_at_5"] = (
            hybrid > default["dense"]["all"]["recall_at_5"]
            and hybrid > default["bm25"]["all"]["recall_at_5"]
        )
        report["recall_at_5"] = {mode: default[mode]["all"]["recall_at_5"] for mode in MODES}
        report["mrr"] = {mode: default[mode]["all"]["mrr"] for mode in MODES}
    return report


def load_store_threshold(knowledge: KnowledgeBase) -> float:
    """The demo store's handoff threshold."""
    with knowledge.database.session() as session:
        value = get_store(session, DEMO_STORE_ID).settings.get("handoff_threshold", 0.35)
    return float(value)
