"""Ingestion throughput against the bare embedding model, hybrid query latency at 10k and 100k
passages, and the process's peak memory. Run with `sales-assistant bench ingest --json`.

Throughput: the same synthetic files go through the whole pipeline (parse, chunk, database,
embeddings, Chroma, BM25, activation) and, as bare texts, through the embedding model alone.

Latency: an index of N synthetic product passages is built directly (database rows, Chroma,
BM25), then hybrid searches with a filter (products, in stock, price range) are timed end to
end, query embedding included. Embedding 100,000 passages would take most of an hour on two
cores, so the vectors are real embeddings of a pool of distinct passages, reused for the rest
with small random perturbations; the texts, the BM25 index and the database rows are all
distinct. The query side is exactly what production runs.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert

from assistant.catalog.schema import CatalogIn
from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.domain import Category, Document, Passage, Product, Variant
from assistant.domain.money import to_minor
from assistant.stores import create_store
from benchmarks.synthetic import (
    queries,
    synthetic_catalog_json,
    synthetic_policy_markdown,
    synthetic_products,
)
from retrieval.chunking import chunk_products
from retrieval.documents import lexical_passages
from retrieval.embeddings.base import Embedder, Vectors, get_embedder
from retrieval.formats import parse_document
from retrieval.ingest import SourceFile, text_hash, vector_metadata
from retrieval.knowledge import KnowledgeBase

STORE = "bench"
PASSAGES_PER_DOCUMENT = 1_000
VECTOR_POOL = 2_000
PERTURBATION = 0.01


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95 and mean of millisecond samples."""
    ordered = sorted(samples_ms)
    return {
        "p50": round(ordered[len(ordered) // 2], 2),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "mean": round(statistics.fmean(ordered), 2),
        "samples": len(ordered),
    }


def open_store(folder: Path) -> KnowledgeBase:
    """A fresh SQLite database with one store, and its knowledge base."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=folder, _env_file=None)
    migrate(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        create_store(session, STORE, "Benchmark store")
    return KnowledgeBase(settings, database)


def measure_throughput(folder: Path, passages: int) -> dict[str, Any]:
    """Pipeline vs bare-model passages per second, for documents and for a catalog."""
    knowledge = open_store(folder)
    sections = max(1, passages // 2)
    documents = [
        SourceFile(
            f"policies/synthetic-{n}.md", synthetic_policy_markdown(sections, seed=n), "policy"
        )
        for n in range(2)
    ]
    catalog = [SourceFile("catalog.json", synthetic_catalog_json(passages), "product")]
    report: dict[str, Any] = {"model": knowledge.embedder.name}
    knowledge.embedder.embed_documents(["warm up the model"])
    for name, files in (("documents", documents), ("catalog", catalog)):
        texts = [
            chunk.indexed_text()
            for file in files
            for chunk in parse_document(file.source, file.data, file.doc_type).chunks
        ]
        # The bare model runs before and after the pipeline, so a change in machine load during
        # the run weighs on both figures alike.
        bare_before = bare_rate(knowledge, texts)
        started = time.perf_counter()
        outcomes = knowledge.ingest(STORE, files)
        elapsed = time.perf_counter() - started
        bare = (bare_before + bare_rate(knowledge, texts)) / 2
        indexed = sum(outcome.passages for outcome in outcomes)
        pipeline = indexed / elapsed
        report[name] = {
            "passages": indexed,
            "pipeline_passages_per_s": round(pipeline, 1),
            "bare_model_passages_per_s": round(bare, 1),
            "pipeline_to_bare_ratio": round(pipeline / bare, 3),
            "seconds": round(elapsed, 2),
        }
    knowledge.database.dispose()
    return report


def bare_rate(knowledge: KnowledgeBase, texts: list[str]) -> float:
    """Passages per second of the embedding model alone on these texts."""
    started = time.perf_counter()
    knowledge.embedder.embed_documents(texts)
    return len(texts) / (time.perf_counter() - started)


def build_index(knowledge: KnowledgeBase, size: int, pool: Vectors) -> dict[str, float]:
    """Write `size` product passages straight into the database, Chroma and BM25."""
    started = time.perf_counter()
    products = synthetic_products(size)
    catalog = CatalogIn.model_validate(
        {
            "categories": [{"slug": p["category"], "name": p["category"]} for p in products[:8]],
            "products": products,
        }
    )
    chunks = chunk_products(catalog)
    rng = np.random.default_rng(5)
    with knowledge.database.transaction() as session:
        slugs = sorted({p["category"] for p in products})
        session.execute(
            insert(Category),
            [{"id": i + 1, "store_id": STORE, "slug": s, "name": s} for i, s in enumerate(slugs)],
        )
        category_ids = {slug: i + 1 for i, slug in enumerate(slugs)}
        session.execute(
            insert(Product),
            [
                {
                    "id": n + 1,
                    "store_id": STORE,
                    "handle": p["id"],
                    "title": p["title"],
                    "brand": p["brand"],
                    "description": p["description"],
                    "category_id": category_ids[p["category"]],
                    "attributes": p["attributes"],
                    "tags": p["tags"],
                    "status": "active",
                }
                for n, p in enumerate(products)
            ],
        )
        session.execute(
            insert(Variant),
            [
                {
                    "store_id": STORE,
                    "product_id": n + 1,
                    "sku": v["sku"],
                    "options": v["options"],
                    "price_minor": to_minor(v["price"], "USD"),
                    "currency": "USD",
                    "stock_on_hand": v["stock"],
                    "stock_reserved": 0,
                }
                for n, p in enumerate(products)
                for v in p["variants"]
            ],
        )
    documents = (size + PASSAGES_PER_DOCUMENT - 1) // PASSAGES_PER_DOCUMENT
    ids: list[str] = []
    metadatas = []
    with knowledge.database.transaction() as session:
        for number in range(documents):
            document_id = f"{number:032x}"
            part = chunks[number * PASSAGES_PER_DOCUMENT : (number + 1) * PASSAGES_PER_DOCUMENT]
            session.execute(
                insert(Document),
                [
                    {
                        "id": document_id,
                        "store_id": STORE,
                        "doc_type": "product",
                        "title": f"Synthetic catalog {number}",
                        "source": f"catalog-{number}.json",
                        "content_hash": document_id,
                        "version": 1,
                        "active_version": 1,
                        "status": "ready",
                        "chunk_count": len(part),
                    }
                ],
            )
            rows = []
            for position, chunk in enumerate(part):
                passage = f"{document_id}-1-{position}"
                meta = {**chunk.meta, "text_hash": text_hash(chunk)}
                rows.append(
                    {
                        "id": passage,
                        "store_id": STORE,
                        "document_id": document_id,
                        "version": 1,
                        "position": position,
                        "doc_type": "product",
                        "title": chunk.title,
                        "section": None,
                        "text": chunk.text,
                        "token_count": chunk.token_count,
                        "meta": meta,
                    }
                )
                ids.append(passage)
                metadatas.append(vector_metadata(document_id, 1, position, "product", meta))
            session.execute(insert(Passage), rows)
    database_seconds = time.perf_counter() - started

    started = time.perf_counter()
    step = 10_000  # in slices, so the benchmark's own arrays do not dominate peak memory
    for start in range(0, size, step):
        count = min(step, size - start)
        picks = rng.integers(0, len(pool), size=count)
        noise = rng.normal(0.0, PERTURBATION, size=(count, pool.shape[1])).astype(np.float32)
        vectors = pool[picks] + noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        knowledge.vectors.add(
            STORE, ids[start : start + count], vectors, metadatas[start : start + count]
        )
    chroma_seconds = time.perf_counter() - started

    started = time.perf_counter()
    with knowledge.database.session() as session:
        knowledge.lexical.rebuild(STORE, lexical_passages(session, STORE))
    bm25_seconds = time.perf_counter() - started
    return {
        "database_seconds": round(database_seconds, 1),
        "chroma_seconds": round(chroma_seconds, 1),
        "bm25_seconds": round(bm25_seconds, 1),
    }


def measure_latency(folder: Path, size: int, pool: Vectors, count: int) -> dict[str, Any]:
    """Hybrid search latency with and without a filter over `size` passages."""
    knowledge = open_store(folder)
    build = build_index(knowledge, size, pool)
    questions = queries(count)
    rng = random.Random(size)
    rng.shuffle(questions)
    for question in questions[:20]:  # warm caches, load jieba
        knowledge.search_knowledge(STORE, question)

    cpu: dict[str, list[float]] = {"filtered": [], "unfiltered": []}

    def timed(kind: str, **filters: Any) -> list[float]:
        samples = []
        for question in questions:
            started, cpu_started = time.perf_counter(), time.process_time()
            knowledge.search_knowledge(STORE, question, **filters)
            samples.append((time.perf_counter() - started) * 1000)
            cpu[kind].append((time.process_time() - cpu_started) * 1000)
        return samples

    load_before = os.getloadavg()[0]
    filtered = timed(
        "filtered", doc_types=["product"], in_stock=True, price_min=2_000, price_max=30_000
    )
    unfiltered = timed("unfiltered")
    embed = []
    for question in questions:
        started = time.perf_counter()
        knowledge.embedder.embed_query(question, "zh" if ord(question[0]) > 0x3000 else "en")
        embed.append((time.perf_counter() - started) * 1000)
    report = {
        "passages": size,
        "build": build,
        "filter": "doc_type=product, in_stock, 20.00 <= price <= 300.00",
        "hybrid_filtered_latency_ms": percentiles(filtered),
        "hybrid_unfiltered_latency_ms": percentiles(unfiltered),
        "query_embedding_latency_ms": percentiles(embed),
        "hybrid_filtered_cpu_ms": percentiles(cpu["filtered"]),
        "hybrid_unfiltered_cpu_ms": percentiles(cpu["unfiltered"]),
        "load_average_1m": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "rss_mb_after": rss_mb(),
    }
    knowledge.database.dispose()
    return report


def vector_pool(embedder: Embedder) -> Vectors:
    """Real embeddings of distinct synthetic product passages."""
    catalog = CatalogIn.model_validate(
        {"products": synthetic_products(VECTOR_POOL, seed=99), "categories": []}
    )
    texts = [chunk.indexed_text() for chunk in chunk_products(catalog)]
    return embedder.embed_documents(texts)


def run_ingest_benchmark(
    sizes: Sequence[int], throughput_passages: int = 1_000, query_count: int = 200
) -> dict[str, Any]:
    """The whole ingestion and latency report as one JSON-ready dict."""
    report: dict[str, Any] = {"benchmark": "ingest", "cpu_count": _cpus()}
    with tempfile.TemporaryDirectory(prefix="sa-bench-ingest-") as folder:
        root = Path(folder)
        report["throughput"] = measure_throughput(root / "throughput", throughput_passages)
        pool_started = time.perf_counter()
        pool = vector_pool(get_embedder(Settings(_env_file=None)))
        report["vector_pool"] = {
            "passages": VECTOR_POOL,
            "seconds": round(time.perf_counter() - pool_started, 1),
            "perturbation_sigma": PERTURBATION,
        }
        report["latency"] = {
            str(size): measure_latency(root / f"latency-{size}", size, pool, query_count)
            for size in sizes
        }
    report["peak_rss_mb"] = peak_rss_mb()
    largest = report["latency"].get(str(max(sizes))) if sizes else None
    if largest is not None:
        report["goal_p95_under_15_ms_met"] = largest["hybrid_filtered_latency_ms"]["p95"] < 15
    documents = report["throughput"]["documents"]["pipeline_to_bare_ratio"]
    report["goal_pipeline_at_least_80_percent_of_bare_met"] = documents >= 0.8
    return report


def _cpus() -> int:
    return len(os.sched_getaffinity(0))
