"""`ingest`, `search` and `bench`: the knowledge base from the command line."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.markup import escape

from assistant.cli.context import console, database, settings
from assistant.errors import InvalidInputError, SalesAssistantError
from retrieval.parsers.profiles.names import PROFILE_NAMES

if TYPE_CHECKING:
    from retrieval.ingest import IngestOutcome, SourceFile
    from retrieval.knowledge import KnowledgeBase
    from retrieval.results import DocType, SearchResult

# The service's modules are imported inside the commands: `--help` loads none of them.

bench_app = typer.Typer(help="Measure retrieval quality, ingestion and latency (JSON).")
TypeChoice = Literal["auto", "product", "faq", "policy", "other"]
STATUS_STYLE = {
    "added": "green",
    "replaced": "cyan",
    "unchanged": "dim",
    "rejected": "red",
    "failed": "red",
}


_knowledge: list[KnowledgeBase] = []


def knowledge() -> KnowledgeBase:
    """The knowledge base of this command's settings and database (models load once)."""
    from retrieval.knowledge import KnowledgeBase

    current_settings, current_database = settings(), database()
    if (
        not _knowledge
        or _knowledge[0].settings is not current_settings
        or _knowledge[0].database is not current_database
    ):
        _knowledge[:] = [KnowledgeBase(current_settings, current_database)]
    return _knowledge[0]


def collect_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """Files to ingest with their source names: folders recursively, names relative to them."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                relative = file.relative_to(path)
                if file.is_file() and not any(part.startswith(".") for part in relative.parts):
                    found.append((file, relative.as_posix()))
        elif path.is_file():
            found.append((path, path.name))
        else:
            raise InvalidInputError(f"{path}: no such file or folder")
    return found


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """['Variant SKU=sku'] -> {'Variant SKU': 'sku'}."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InvalidInputError(f"--map takes 'THEIR_COLUMN=our_field', got {pair!r}")
        mapping[source.strip()] = target.strip()
    return mapping


def print_outcomes(outcomes: list[IngestOutcome]) -> None:
    """A table of files and a line of totals."""
    from rich.table import Table

    table = Table(title="Ingestion", show_lines=False)
    table.add_column("File", no_wrap=True)
    for column in ("Type", "Status", "Passages", "Note"):
        table.add_column(column)
    for outcome in outcomes:
        note = outcome.error or ""
        if outcome.skipped_rows:
            note = (
                f"{len(outcome.skipped_rows)} bad rows skipped: "
                + outcome.skipped_rows[0].describe()
            )
        style = STATUS_STYLE[outcome.status]
        table.add_row(
            escape(outcome.source),
            escape(outcome.doc_type_reason or outcome.doc_type),
            f"[{style}]{outcome.status}[/{style}]",
            str(outcome.passages),
            escape(note),
        )
    console.print(table)
    console.print(summary_line(outcomes))


def summary_line(outcomes: list[IngestOutcome]) -> str:
    """'3 added, 1 replaced, 2 unchanged, 0 rejected; 120 passages indexed.'."""
    counts = {status: 0 for status in ("added", "replaced", "unchanged", "rejected")}
    for outcome in outcomes:
        key = "rejected" if outcome.status == "failed" else outcome.status
        counts[key] += 1
    passages = sum(o.passages for o in outcomes if o.status in ("added", "replaced", "unchanged"))
    return (
        f"{counts['added']} added, {counts['replaced']} replaced, "
        f"{counts['unchanged']} unchanged, {counts['rejected']} rejected; "
        f"{passages} passages searchable."
    )


def rejected(source: str, doc_type: DocType, error: SalesAssistantError) -> IngestOutcome:
    """An outcome for a file refused before ingestion."""
    from retrieval.ingest import IngestOutcome

    return IngestOutcome(source, "rejected", doc_type, error=error.message, exception=error)


def ingest(
    store: Annotated[str, typer.Option(help="Store id.")],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursively).")],
    doc_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="auto (by content: policy, FAQ, size guide, product copy), product, faq, "
            "policy or other.",
        ),
    ] = "auto",
    column_map: Annotated[
        list[str] | None,
        typer.Option("--map", help="Repeatable THEIR_COLUMN=our_field, e.g. 'Variant SKU=sku'."),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option(help="Apply valid catalog/FAQ rows and report the bad ones.")
    ] = False,
    profile: Annotated[
        str | None,
        typer.Option(help="Catalog import profile: " + ", ".join(PROFILE_NAMES) + "."),
    ] = None,
    option_patterns: Annotated[
        list[str] | None,
        typer.Option("--options", help="Repeatable: columns read as options, e.g. 'opt_*'."),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Repeatable: a column (or pattern) never read.")
    ] = None,
    in_stock_quantity: Annotated[
        int | None,
        typer.Option(min=0, help="Units counted for a feed item marked in stock, no quantity."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Show how catalogs would be read; write nothing.")
    ] = False,
) -> None:
    """Ingest catalogs, FAQs and documents into a store's knowledge base."""
    from assistant.cli.catalog_report import print_import_notes
    from assistant.stores import get_store
    from retrieval.content_typing import guess_type
    from retrieval.formats import ParseOptions
    from retrieval.ingest import SourceFile
    from retrieval.parsers.catalog_import import check_profile
    from retrieval.results import DOC_TYPES

    if doc_type not in ("auto", *DOC_TYPES):
        raise InvalidInputError("--type must be auto, product, faq, policy or other")
    with database().session() as session:
        get_store(session, store)
    options = ParseOptions(
        column_map=parse_mapping(column_map or []),
        skip_invalid=skip_invalid,
        profile=check_profile(profile) if profile else None,
        option_patterns=tuple(option_patterns or ()),
        exclude=tuple(exclude or ()),
        in_stock_quantity=in_stock_quantity,
    )
    files: list[SourceFile] = []
    refused: list[IngestOutcome] = []
    for path, source in collect_files(paths):
        data = path.read_bytes()
        kind: DocType = doc_type  # type: ignore[assignment]
        reason = None
        if doc_type == "auto":
            try:
                guess = guess_type(source, data)
            except SalesAssistantError as exc:
                refused.append(rejected(source, "other", exc))
                continue
            kind, reason = guess.doc_type, guess.reason
        files.append(SourceFile(source, data, kind, options, doc_type_reason=reason))
    if dry_run:
        dry_run_files(store, files, refused)
        return
    outcomes = refused + run_with_progress(store, files)
    print_outcomes(outcomes)
    print_import_notes(outcomes)
    if any(outcome.status in ("rejected", "failed") for outcome in outcomes):
        raise typer.Exit(code=1)


def dry_run_files(store: str, files: list[SourceFile], refused: list[IngestOutcome]) -> None:
    """Preview every catalog file; other files only say how they would be read."""
    from assistant.cli.catalog_report import print_preview
    from retrieval.catalog_preview import preview_catalog

    failed = bool(refused)
    for outcome in refused:
        console.print(f"[red]{escape(outcome.source)}[/red]: {escape(outcome.error or '')}")
    with database().session() as session:
        for file in files:
            if file.doc_type != "product":
                read_as = file.doc_type_reason or file.doc_type
                console.print(f"{escape(file.source)}: would be read as {escape(read_as)}")
                continue
            try:
                preview = preview_catalog(session, store, file)
            except SalesAssistantError as exc:
                console.print(f"[red]{escape(file.source)}[/red]: {escape(exc.message)}")
                failed = True
                continue
            print_preview(preview)
            failed = failed or not preview.would_import
    if failed:
        raise typer.Exit(code=1)


def run_with_progress(store: str, files: list[SourceFile]) -> list[IngestOutcome]:
    """Ingest with a progress bar over passages."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if not files:
        return []
    kb = knowledge()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("passages"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Reading files", total=None)

        def report(done: int, total: int, source: str) -> None:
            progress.update(task, completed=done, total=total, description=escape(source))

        return kb.ingest(store, files, report)


def to_minor_units(value: str | None, currency: str) -> int | None:
    """A decimal amount typed on the command line, in minor units."""
    from assistant.domain.money import to_minor

    if value is None:
        return None
    try:
        return to_minor(Decimal(value), currency)
    except (InvalidOperation, ValueError):
        raise InvalidInputError(f"not an amount: {value!r}") from None


def search(
    store: Annotated[str, typer.Option(help="Store id.")],
    question: Annotated[str, typer.Argument(help="What a shopper would ask.")],
    doc_type: Annotated[
        list[str] | None, typer.Option("--type", help="Repeatable: product, faq, policy, other.")
    ] = None,
    category: Annotated[str | None, typer.Option(help="Category slug (and its children).")] = None,
    price_min: Annotated[str | None, typer.Option(help="Lowest price, e.g. 20.00.")] = None,
    price_max: Annotated[str | None, typer.Option(help="Highest price, e.g. 120.00.")] = None,
    in_stock: Annotated[bool, typer.Option(help="Only products that can ship now.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=50, help="Hits to show.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Search a store's knowledge base and print hits with citations and confidence."""
    from assistant.stores import get_store
    from retrieval.results import SearchFilters

    with database().session() as session:
        currency = get_store(session, store).currency
    filters = SearchFilters.of(
        doc_types=tuple(doc_type) if doc_type else None,
        category=category,
        price_min=to_minor_units(price_min, currency),
        price_max=to_minor_units(price_max, currency),
        in_stock=in_stock or None,
    )
    result = knowledge().search(store, question, filters, limit)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    print_result(result)


def print_result(result: SearchResult) -> None:
    """Confidence first, then each hit with its citation."""
    console.print(
        f"Confidence [bold]{result.confidence:.2f}[/bold] (language {result.language}, "
        f"{len(result.hits)} hits)"
    )
    if not result.hits:
        console.print("[yellow]Nothing relevant found.[/yellow]")
    for rank, hit in enumerate(result.hits, start=1):
        citation = hit.citation
        where = citation.title + (f" › {citation.section}" if citation.section else "")
        console.print(
            f"\n[bold]{rank}.[/bold] {escape(where)}  [dim]({citation.doc_type}, "
            f"{escape(citation.source)}, score {hit.score:.2f})[/dim]"
        )
        console.print(f"   {escape(citation.snippet)}")


def reindex(store: Annotated[str, typer.Option(help="Store id.")]) -> None:
    """Re-embed passages missing from the vector store (after losing it or changing models)."""
    from assistant.stores import get_store

    with database().session() as session:
        get_store(session, store)
    with console.status("Checking the vector index..."):
        restored = knowledge().reindex(store)
    console.print(f"[green]Vector index complete[/green]: {restored} passages embedded.")


@bench_app.command("retrieval")
def bench_retrieval(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = True,
    questions: Annotated[
        Path | None, typer.Option(help="Labelled questions (YAML); default: the shipped set.")
    ] = None,
) -> None:
    """Recall@5 and MRR of dense, BM25 and hybrid retrieval on the labelled questions."""
    from benchmarks.retrieval import run_retrieval_benchmark

    report = run_retrieval_benchmark(questions)
    emit(report, as_json)


@bench_app.command("products")
def bench_products(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = True,
    queries: Annotated[
        Path | None, typer.Option(help="Labelled product queries (YAML); default: the shipped set.")
    ] = None,
) -> None:
    """Recall@1/5 and MRR of `search_products` with the lexical and the semantic ranker."""
    from benchmarks.product_search import run_product_search_benchmark

    emit(run_product_search_benchmark(queries), as_json)


@bench_app.command("ingest")
def bench_ingest(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = True,
    sizes: Annotated[
        str, typer.Option(help="Comma-separated index sizes (passages) for query latency.")
    ] = "10000,100000",
    throughput_passages: Annotated[
        int, typer.Option(help="Passages for the ingestion throughput run.")
    ] = 2000,
    queries: Annotated[int, typer.Option(help="Timed queries per size.")] = 200,
) -> None:
    """Ingestion throughput against the bare model, query latency by size, peak memory."""
    from benchmarks.ingest import run_ingest_benchmark

    parsed = [int(size) for size in sizes.split(",") if size.strip()]
    report = run_ingest_benchmark(parsed, throughput_passages, queries)
    emit(report, as_json)


def emit(report: dict[str, Any], as_json: bool) -> None:
    """One JSON object on stdout (or indented for reading)."""
    typer.echo(json.dumps(report, indent=None if as_json else 2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add `ingest`, `search`, `reindex` and `bench` to the root command."""
    app.command("ingest")(ingest)
    app.command("search")(search)
    app.command("reindex")(reindex)
    app.add_typer(bench_app, name="bench")
