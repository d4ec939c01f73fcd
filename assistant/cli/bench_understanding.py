"""`sales-assistant bench understanding`: the offline understanding on tuned and blind cases.

Importing this module adds the command to `bench`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.ingest import bench_app, emit


@bench_app.command("understanding")
def bench_understanding(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = True,
    seed: Annotated[int, typer.Option(help="Seed of the perturbations.")] = 13,
    cases: Annotated[
        bool, typer.Option("--cases", help="Add every blind case's reading, for diffs.")
    ] = False,
    store_exemplars: Annotated[
        bool,
        typer.Option(help="Read each store with its own FAQ questions and headings as exemplars."),
    ] = True,
    out: Annotated[
        Path | None, typer.Option(help="Also write the report, indented, to this file.")
    ] = None,
) -> None:
    """Intent accuracy, macro-F1, handoffs, perturbation invariance and latency of understand()."""
    from benchmarks.understanding import run_understanding_benchmark

    report = run_understanding_benchmark(
        seed=seed, with_cases=cases, store_exemplars=store_exemplars
    )
    if out is not None:
        text = json.dumps(report, indent=2, ensure_ascii=False)
        out.write_text(text + "\n", encoding="utf-8")
    emit(report, as_json)
