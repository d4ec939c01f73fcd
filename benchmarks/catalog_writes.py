"""Catalog write throughput: `apply_catalog` on 10k and 50k variants, SQLite and PostgreSQL.

Each measurement imports a synthetic catalog into an empty store (every row new), then imports
it again (every row updated, every relation replaced), and reports variants per second and the
process's peak memory. Each size and database runs in a process of its own, so one run's peak
memory does not hide the next one's.

    python -m benchmarks.catalog_writes --variants 10000 50000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from assistant.catalog.schema import CatalogIn
from assistant.catalog.upsert import apply_catalog
from assistant.config import Settings
from assistant.db import Database, drop_postgres_database, migrate, temporary_postgres_database
from assistant.domain import ProductRelation, Variant
from assistant.stores import create_store
from benchmarks.ingest import peak_rss_mb, rss_mb
from benchmarks.synthetic import CATEGORIES, synthetic_products

STORE = "bench"
RELATED_PER_PRODUCT = 2


def synthetic_catalog(variants: int) -> CatalogIn:
    """Products of one to three variants, `variants` in all, each related to the next two."""
    products: list[dict[str, Any]] = []
    total = 0
    for product in synthetic_products(variants):
        if total >= variants:
            break
        product["variants"] = product["variants"][: variants - total]
        total += len(product["variants"])
        products.append(product)
    for number, product in enumerate(products):
        product["related"] = [
            products[(number + step) % len(products)]["id"]
            for step in range(1, RELATED_PER_PRODUCT + 1)
        ]
    categories = [{"slug": slug, "name": noun + "s"} for slug, (noun, _f) in CATEGORIES.items()]
    return CatalogIn.model_validate({"categories": categories, "products": products})


@contextmanager
def scratch_database(
    backend: str, folder: Path, postgres_url: str | None, name: str
) -> Iterator[str]:
    """A migrated, empty database for one run (a file in `folder`, or `name` on PostgreSQL)."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'bench.db'}"
        migrate(url)
        yield url
        return
    if postgres_url is None:
        raise SystemExit("--postgres URL is needed for the postgresql backend")
    with temporary_postgres_database(postgres_url, name) as url:
        migrate(url)
        yield url


def _import(database: Database, catalog: CatalogIn) -> dict[str, Any]:
    started, cpu_started = time.perf_counter(), time.process_time()
    with database.transaction() as session:
        changes = apply_catalog(session, STORE, catalog)
    seconds = time.perf_counter() - started
    variants = changes.variants_added + changes.variants_updated
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
        "variants_per_s": round(variants / seconds),
        "products_added": changes.products_added,
        "products_updated": changes.products_updated,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure(
    backend: str, variants: int, folder: Path, postgres_url: str | None, name: str
) -> dict[str, Any]:
    """First import and re-import of one synthetic catalog into a fresh store."""
    catalog = synthetic_catalog(variants)
    report: dict[str, Any] = {
        "backend": backend,
        "variants": variants,
        "products": len(catalog.products),
        "rss_mb_before": rss_mb(),
    }
    with scratch_database(backend, folder, postgres_url, name) as url:
        database = Database(Settings(database_url=url, data_dir=folder / "data", _env_file=None))
        with database.transaction() as session:
            create_store(session, STORE, "Benchmark store")
        report["first_import"] = _import(database, catalog)
        report["re_import"] = _import(database, catalog)
        with database.session() as session:
            report["rows"] = {
                "variants": session.scalar(select(func.count()).select_from(Variant)),
                "relations": session.scalar(select(func.count()).select_from(ProductRelation)),
            }
        database.dispose()
    return report


def main() -> None:
    """Run each (backend, size) in a child process and print one JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--postgres", help="a PostgreSQL URL allowed to create databases")
    parser.add_argument("--timeout", type=float, default=1_800, help="seconds per run")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "NAME"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    backends = options.backend or (["sqlite", "postgresql"] if options.postgres else ["sqlite"])
    if options.child:
        folder, name = Path(options.child[0]), options.child[1]
        report = measure(backends[0], options.variants[0], folder, options.postgres, name)
        print(json.dumps(report))
        return
    runs = []
    for backend in backends:
        for variants in options.variants:
            name = f"sa_bench_{uuid.uuid4().hex[:10]}"
            with tempfile.TemporaryDirectory(prefix="sa-bench-catalog-") as scratch:
                command = [sys.executable, "-m", "benchmarks.catalog_writes"]
                command += ["--child", scratch, name, "--backend", backend]
                command += ["--variants", str(variants)]
                if options.postgres:
                    command += ["--postgres", options.postgres]
                try:
                    done = subprocess.run(
                        command, capture_output=True, text=True, timeout=options.timeout, check=True
                    )
                except subprocess.TimeoutExpired:
                    if backend == "postgresql" and options.postgres:
                        drop_postgres_database(options.postgres, name)
                    runs.append(
                        {"backend": backend, "variants": variants, "timed_out_s": options.timeout}
                    )
                    continue
            runs.append(json.loads(done.stdout.splitlines()[-1]))
            print(json.dumps(runs[-1]), file=sys.stderr)
    print(json.dumps({"benchmark": "catalog-writes", "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
