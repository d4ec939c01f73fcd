"""Product-search relevance on the demo store: `search_products` with the lexical ranker and with
the semantic one (the hybrid index's product passages), on labelled shopper queries.

Two sets: `benchmarks/product_queries.yaml`, written before either ranker was measured (the blind
figure), and the product questions of the retrieval set (`evals/retrieval/questions.yaml`),
which the retrieval settings were tuned on. Run with `sales-assistant bench products --json`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.agent.factory import product_ranker
from assistant.config import Settings
from assistant.demo import DEMO_STORE_ID
from benchmarks.labelled import load_questions
from benchmarks.retrieval import build_demo_knowledge
from retrieval.knowledge import KnowledgeBase
from tools.deps import ProductRanker
from tools.search import SearchResults, search_products
from tools.services import ToolServices

BLIND_QUERIES = Path(__file__).resolve().parent / "product_queries.yaml"
DEPTH = 10
CUTOFFS = (1, 5)


@dataclass(frozen=True)
class ProductQuery:
    """A shopper's product search and every product handle that answers it."""

    id: str
    lang: str
    query: str
    relevant: frozenset[str]


def load_product_queries(path: Path = BLIND_QUERIES) -> list[ProductQuery]:
    """Queries from a YAML list of {id, lang, query, relevant: [handle, ...]}."""
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text("utf-8"))
    return [
        ProductQuery(
            id=str(item["id"]),
            lang=str(item.get("lang", "en")),
            query=str(item["query"]),
            relevant=frozenset(str(handle) for handle in item["relevant"]),
        )
        for item in data
    ]


def tuned_product_queries() -> list[ProductQuery]:
    """The retrieval set's questions that a product answers, with those products as relevant."""
    queries = []
    for question in load_questions():
        handles = frozenset(entry["product"] for entry in question.relevant if "product" in entry)
        if handles:
            queries.append(ProductQuery(question.id, question.lang, question.question, handles))
    return queries


def first_relevant_rank(handles: Sequence[str], query: ProductQuery) -> int | None:
    """1-based rank of the first relevant product, or None."""
    for rank, handle in enumerate(handles, start=1):
        if handle in query.relevant:
            return rank
    return None


def scores_of(ranks: Sequence[int | None], empty: int) -> dict[str, float]:
    """recall@1, recall@5, MRR@10 and the share of queries that found nothing."""
    count = len(ranks) or 1
    report: dict[str, float] = {"queries": len(ranks)}
    for cutoff in CUTOFFS:
        hits = sum(1 for rank in ranks if rank is not None and rank <= cutoff)
        report[f"recall_at_{cutoff}"] = round(hits / count, 4)
    report["mrr"] = round(sum(1.0 / rank for rank in ranks if rank is not None) / count, 4)
    report["no_results"] = round(empty / count, 4)
    return report


def evaluate(
    services: ToolServices, ranker: ProductRanker, queries: Sequence[ProductQuery]
) -> dict[str, Any]:
    """Scores overall and per language, latency per search, and the queries each one missed."""
    deps = services.with_ranker(ranker).for_shopper(DEMO_STORE_ID, "benchmark")
    ranks: list[int | None] = []
    empty: list[bool] = []
    latencies: list[float] = []
    for query in queries:
        started = time.perf_counter()
        result = search_products(deps, query=query.query, limit=DEPTH)
        latencies.append((time.perf_counter() - started) * 1000)
        assert isinstance(result, SearchResults), result
        handles = [product.handle for product in result.products]
        ranks.append(first_relevant_rank(handles, query))
        empty.append(not handles)
    report: dict[str, Any] = {"all": scores_of(ranks, sum(empty))}
    for language in sorted({query.lang for query in queries}):
        picked = [i for i, query in enumerate(queries) if query.lang == language]
        report[language] = scores_of([ranks[i] for i in picked], sum(empty[i] for i in picked))
    report["latency_ms"] = {
        "p50": round(statistics.median(latencies), 2),
        "max": round(max(latencies), 2),
    }
    report["missed_at_5"] = [
        query.id for query, rank in zip(queries, ranks, strict=True) if rank is None or rank > 5
    ]
    return report


def rankers(knowledge: KnowledgeBase) -> dict[str, ProductRanker]:
    """The rankers compared, by the name `Settings.product_ranker` gives them."""
    names = ("lexical", "semantic", "lexical_then_semantic")
    return {
        name: product_ranker(
            knowledge.settings.model_copy(update={"product_ranker": name}),
            knowledge.database,
            knowledge,
        )
        for name in names
    }


def run_product_search_benchmark(queries_path: Path | None = None) -> dict[str, Any]:
    """Both rankers on the blind set and on the retrieval set's product questions."""
    sets = {
        "blind": load_product_queries(queries_path or BLIND_QUERIES),
        "tuned_retrieval_set": tuned_product_queries(),
    }
    with tempfile.TemporaryDirectory(prefix="bench-products-") as folder:
        model = Settings(_env_file=None).embedding_model
        knowledge, _ = build_demo_knowledge(Path(folder), model)
        services = ToolServices.build(knowledge.settings, knowledge.database)
        compared = rankers(knowledge)
        report: dict[str, Any] = {"store": DEMO_STORE_ID, "depth": DEPTH}
        for name, queries in sets.items():
            report[name] = {
                ranker_name: evaluate(services, ranker, queries)
                for ranker_name, ranker in compared.items()
            }
        knowledge.database.dispose()
    return report
