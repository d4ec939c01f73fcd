"""Ingesting one large Markdown file that is a single line: seconds and peak memory.

A minified export or a pasted page can arrive as one line of about a megabyte with no newline
to split at. The whole pipeline runs (parse, chunk, database, embeddings, Chroma, BM25,
activation) with the configured embedder; the report also times the parse-and-chunk step and
each embedding model on its own, so the cost of every stage is visible, and `--sweep` times
MiniLM alone at several padded-token batch budgets.

Run it in a fresh process, since peak memory is the process's high-water mark:
`python -m benchmarks.large_document --size 1000000 --json` (or `--stages`, `--heading`,
`--sweep 256 512 1024 4096`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import retrieval.embeddings.minilm as minilm
from assistant.catalog.schema import CatalogIn
from assistant.config import Settings
from benchmarks.ingest import STORE, open_store, peak_rss_mb, rss_mb
from benchmarks.synthetic import synthetic_one_line_markdown, synthetic_products
from retrieval.chunking import chunk_products
from retrieval.embeddings.base import local_embedder
from retrieval.formats import parse_document
from retrieval.ingest import SourceFile

SOURCE = "guides/one-line.md"


def _timed(step: Callable[[], object]) -> dict[str, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    step()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
    }


def measure_pipeline(size_bytes: int, heading: bool) -> dict[str, Any]:
    """The whole ingest of one one-line file into a fresh store."""
    data = synthetic_one_line_markdown(size_bytes, heading=heading)
    with tempfile.TemporaryDirectory(prefix="sa-bench-large-") as folder:
        knowledge = open_store(Path(folder))
        knowledge.embedder.embed_documents(["warm up the model"])
        rss_before = rss_mb()
        outcomes: list[Any] = []
        timing = _timed(
            lambda: outcomes.extend(knowledge.ingest(STORE, [SourceFile(SOURCE, data, "policy")]))
        )
        knowledge.database.dispose()
    outcome = outcomes[0]
    return {
        "bytes": len(data),
        "starts_with_heading": heading,
        "model": knowledge.embedder.name,
        "status": outcome.status,
        "error": outcome.error,
        "passages": outcome.passages,
        **timing,
        "rss_mb_before": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_stages(size_bytes: int) -> dict[str, Any]:
    """Parse and chunk, then each local model alone over the passages' indexed texts."""
    data = synthetic_one_line_markdown(size_bytes)
    chunks: list[Any] = []
    report: dict[str, Any] = {
        "parse_and_chunk": _timed(
            lambda: chunks.extend(parse_document(SOURCE, data, "policy").chunks)
        )
    }
    sizes = [chunk.token_count for chunk in chunks]
    report["passages"] = len(chunks)
    report["passage_tokens"] = {"min": min(sizes), "max": max(sizes)} if sizes else {}
    texts = [chunk.indexed_text() for chunk in chunks]
    settings = Settings(_env_file=None)
    for model in ("all-MiniLM-L6-v2", "use-multilingual-v3"):
        embedder = local_embedder(model, settings.embedding_batch_size)
        embedder.embed_documents(["warm up the model"])
        report[model] = {**_timed(partial(embedder.embed_documents, texts)), "rss_mb": rss_mb()}
    report["peak_rss_mb"] = peak_rss_mb()
    return report


def measure_budget(budget: int, long_passages: int = 96, products: int = 400) -> dict[str, Any]:
    """MiniLM alone with one padded-token budget, on long passages and on product passages."""
    minilm.TOKEN_BUDGET = budget
    embedder = minilm.MiniLmEmbedder()
    embedder.embed_documents(["warm up the model"])
    long_texts = [
        chunk.indexed_text()
        for chunk in parse_document(SOURCE, synthetic_one_line_markdown(200_000), "policy").chunks
    ][:long_passages]
    catalog = CatalogIn.model_validate(
        {"products": synthetic_products(products, seed=99), "categories": []}
    )
    product_texts = [chunk.indexed_text() for chunk in chunk_products(catalog)]
    report: dict[str, Any] = {"token_budget": budget, "rss_mb_before": rss_mb()}
    report[f"long_passages_{len(long_texts)}"] = _timed(
        partial(embedder.embed_documents, long_texts)
    )
    report[f"product_passages_{len(product_texts)}"] = _timed(
        partial(embedder.embed_documents, product_texts)
    )
    report["peak_rss_mb"] = peak_rss_mb()
    return report


def sweep(budgets: list[int]) -> list[dict[str, Any]]:
    """`measure_budget` for each budget, each in a process of its own (peak memory is per run)."""
    runs = []
    for budget in budgets:
        command = [sys.executable, "-m", "benchmarks.large_document", "--json"]
        command += ["--budget", str(budget)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    return runs


def main() -> None:
    """Command-line entry: one measurement per process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="file size in bytes")
    parser.add_argument("--heading", action="store_true", help="the line starts with '# '")
    parser.add_argument(
        "--stages", action="store_true", help="time parse/chunk and each model alone instead"
    )
    parser.add_argument(
        "--sweep", type=int, nargs="+", help="time MiniLM alone at each padded-token budget"
    )
    parser.add_argument("--budget", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print JSON on one line")
    options = parser.parse_args()
    report: dict[str, Any]
    if options.budget:
        report = measure_budget(options.budget)
    elif options.sweep:
        report = {"benchmark": "minilm-token-budget", "runs": sweep(options.sweep)}
    elif options.stages:
        report = {"benchmark": "large-document-stages", **measure_stages(options.size)}
    else:
        report = {
            "benchmark": "large-document",
            **measure_pipeline(options.size, options.heading),
        }
    print(json.dumps(report) if options.json else json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
