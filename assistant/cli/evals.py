"""`eval run`, `eval compare`, `eval validate` and `eval schema`: the QA staff's commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.context import console, settings
from evals.limits import MAX_JOBS, MAX_REPEAT

if TYPE_CHECKING:
    from assistant.config import Settings

eval_app = typer.Typer(help="Run eval suites, compare runs, check suites.", no_args_is_help=True)


def default_model(current: Settings) -> str:
    """The model spec the configured assistant runs: 'offline' or 'openai:<model>'."""
    return "offline" if current.llm_provider == "offline" else f"openai:{current.llm_model}"


@eval_app.command("run")
def run(
    paths: Annotated[list[Path], typer.Argument(help="Suite files or folders of suites.")],
    model: Annotated[
        str | None, typer.Option(help="'offline' or 'openai:<model>'; default: the settings'.")
    ] = None,
    repeat: Annotated[
        int, typer.Option(min=1, max=MAX_REPEAT, help="Trials per scenario (for pass^k).")
    ] = 1,
    jobs: Annotated[int, typer.Option(min=1, max=MAX_JOBS, help="Trials run at once.")] = 1,
    out: Annotated[Path, typer.Option(help="Folder for results.json, junit.xml, report.html.")] = (
        Path("eval-results")
    ),
    min_pass_rate: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Exit 1 below this pass rate (0-1).")
    ] = None,
    judge: Annotated[
        str | None, typer.Option(help="'openai:<model>' grades rubric assertions.")
    ] = None,
    prices: Annotated[Path | None, typer.Option(help="Price table YAML for the cost.")] = None,
    perturb: Annotated[
        str | None,
        typer.Option(
            help="Replay every scenario with its messages perturbed: 'all' or names "
            "(typo,lower_case,...); reports whether outcomes held."
        ),
    ] = None,
    perturb_seed: Annotated[int, typer.Option(help="Seed of the perturbations.")] = 0,
) -> None:
    """Run suites against a model and write results.json, junit.xml and report.html."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from evals.costs import load_price_table
    from evals.loader import load_suites
    from evals.metrics import compute_metrics
    from evals.perturbed_runs import parse_perturbations, plan_runs, run_perturbed
    from evals.registry import parse_model_spec, resolve_driver, resolve_judge
    from evals.reports.console import run_tables
    from evals.reports.html import write_html
    from evals.reports.junit import write_junit
    from evals.reports.results_json import build_report, write_results_json
    from evals.runner import plan_trials, run_suites
    from retrieval.tokens import count_tokens

    current = settings()
    suites = load_suites(paths)
    perturbations = parse_perturbations(perturb)
    spec = parse_model_spec(model or default_model(current))
    driver = resolve_driver(spec, current)
    grader = resolve_judge(judge or current.eval_judge_model, current)
    price_table = load_price_table(prices or current.eval_price_table)
    columns = (
        TextColumn("[bold]Running[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(str(spec), total=len(plan_trials(suites, repeat)))
        output = run_suites(
            suites,
            driver,
            repeat=repeat,
            jobs=jobs,
            judge=grader,
            on_trial=lambda _trial: progress.advance(task),
        )
        invariance = None
        if perturbations:
            replay = progress.add_task("perturbed", total=len(plan_runs(suites, perturbations)))
            invariance = run_perturbed(
                suites,
                output.trials,
                driver,
                perturbations,
                seed=perturb_seed,
                jobs=jobs,
                judge=grader,
                on_run=lambda: progress.advance(replay),
            )
    metrics = compute_metrics(
        output.trials, count_tokens=count_tokens, prices=price_table, model=str(spec)
    )
    report = build_report(
        output,
        suites,
        metrics,
        model=str(spec),
        judge=grader.name if grader else None,
        perturbation=invariance,
    )
    out.mkdir(parents=True, exist_ok=True)
    written = [write_results_json(report, out), write_junit(report, out), write_html(report, out)]
    for table in run_tables(report):
        console.print(table)
    console.print("Wrote " + ", ".join(str(path) for path in written))
    if min_pass_rate is not None and report.pass_rate < min_pass_rate:
        console.print(
            f"[red]Pass rate {report.pass_rate:.1%} is below the minimum {min_pass_rate:.1%}.[/red]"
        )
        raise typer.Exit(1)


@eval_app.command("compare")
def compare(
    base: Annotated[Path, typer.Argument(help="results.json of the base run.")],
    new: Annotated[Path, typer.Argument(help="results.json of the new run.")],
    tolerance: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Allowed drop in ratio metrics (0-1).")
    ] = 0.0,
) -> None:
    """Show what got better and what regressed; exit 1 on any regression."""
    from evals.compare import compare_reports
    from evals.reports.console import comparison_tables
    from evals.reports.results_json import read_results_json

    base_report, new_report = read_results_json(base), read_results_json(new)
    comparison = compare_reports(base_report, new_report, tolerance=tolerance)
    for table in comparison_tables(comparison, base_report, new_report):
        console.print(table)
    for note in comparison.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")
    regressed = comparison.regressed_scenarios()
    improved = comparison.improved_scenarios()
    console.print(
        f"{len(improved)} scenario(s) improved, {len(regressed)} regressed, "
        f"{len(comparison.regressed_metrics())} gating metric(s) regressed."
    )
    if comparison.has_regression:
        console.print("[red]Regression.[/red]")
        raise typer.Exit(1)
    console.print("[green]No regression.[/green]")


@eval_app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Suite files or folders of suites.")],
) -> None:
    """Check suite files against the format without running them."""
    from evals.loader import load_suites

    suites = load_suites(paths)
    scenarios = sum(len(loaded.suite.scenarios) for loaded in suites)
    console.print(f"[green]OK[/green]: {len(suites)} suite(s), {scenarios} scenario(s).")


@eval_app.command("schema")
def schema(
    write: Annotated[bool, typer.Option(help="Rewrite evals/suite.schema.json.")] = False,
) -> None:
    """Print the suite format's JSON Schema (or rewrite the committed file)."""
    from evals.schema import render_suite_json_schema, write_suite_json_schema

    if write:
        console.print(f"Wrote {write_suite_json_schema()}")
        return
    typer.echo(render_suite_json_schema(), nl=False)
