"""How `ingest` shows a catalog import: the dry-run table, and what a real import left out."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from assistant.cli.context import console
from retrieval.catalog_preview import CatalogPreview
from retrieval.parsers.import_report import ImportReport
from retrieval.sources import IngestOutcome

MAX_SHOWN_PROBLEMS = 200


def print_preview(preview: CatalogPreview) -> None:
    """Profile, every column with its use and samples, counts, warnings and every problem."""
    report = preview.report
    console.print(
        f"\n[bold]{escape(preview.source)}[/bold]: profile [bold]{report.profile}[/bold] "
        f"({escape(report.detected_because)})"
    )
    if preview.saved_from:
        console.print(f"  using the mapping saved from {escape(preview.saved_from)}")
    if report.columns:
        table = Table(show_lines=False)
        for heading in ("Column", "Read as", "Why", "Samples"):
            table.add_column(heading)
        for use in report.columns:
            target = escape(use.target) if use.target else "[yellow]not read[/yellow]"
            table.add_row(
                escape(use.column), target, escape(use.note), escape(" | ".join(use.samples))
            )
        console.print(table)
    console.print(
        f"  {report.products} products, {report.variants} variants, "
        f"{len(report.option_names)} options ({report.option_values} option values)"
    )
    print_notes(report)
    verdict = "[green]would import[/green]" if preview.would_import else "[red]would fail[/red]"
    console.print(f"  {verdict} (dry run: nothing was written)")


def print_notes(report: ImportReport) -> None:
    """Warnings and problems, all of them up to a generous limit."""
    for warning in report.warnings:
        console.print(f"  [yellow]warning[/yellow]: {escape(warning)}")
    for problem in report.problems[:MAX_SHOWN_PROBLEMS]:
        console.print(f"  [red]problem[/red]: {escape(problem.describe())}")
    hidden = len(report.problems) - MAX_SHOWN_PROBLEMS
    if hidden > 0:
        console.print(f"  ... and {hidden} more problems")


def print_import_notes(outcomes: list[IngestOutcome]) -> None:
    """After a real import: the profile of each catalog and the columns it did not read."""
    for outcome in outcomes:
        report = outcome.import_report
        if report is None:
            continue
        ignored = ", ".join(f"{use.column} ({use.note})" for use in report.ignored)
        console.print(
            f"{escape(outcome.source)}: profile {report.profile}; {report.products} products, "
            f"{report.variants} variants, {len(report.option_names)} options"
        )
        if ignored:
            console.print(f"  not read: {escape(ignored)}")
        for warning in report.warnings:
            console.print(f"  [yellow]warning[/yellow]: {escape(warning)}")
