"""`ingest` on catalog exports: --dry-run, the report of a real import, --profile and rules."""

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.cli.context import database
from assistant.domain import Product
from tests.retrieval.test_cli import cli  # noqa: F401 - the fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs"


def products_in_store() -> int:
    with database().session() as session:
        return int(session.scalar(select(func.count()).select_from(Product)) or 0)


def test_a_dry_run_shows_the_profile_counts_and_writes_nothing(cli: CliRunner) -> None:  # noqa: F811
    export = str(FIXTURES / "wide_export_73_columns.csv")
    result = cli.invoke(app, ["ingest", "--store", "acme", export, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "profile wide" in result.output
    assert "3 products, 8 variants, 67 options" in result.output
    assert "brand differs" in result.output
    assert "would import" in result.output
    assert products_in_store() == 0


def test_a_dry_run_lists_every_problem_and_fails(cli: CliRunner, tmp_path: Path) -> None:  # noqa: F811
    export = tmp_path / "export.csv"
    export.write_text("ref,label,cost,colour\nA,Alpha,1.00,Red\n")
    result = cli.invoke(app, ["ingest", "--store", "acme", str(export), "--dry-run"])
    assert result.exit_code == 1
    assert result.output.count("problem") == 4
    assert "would fail" in result.output


def test_a_real_import_with_no_flags_names_what_it_did_not_read(cli: CliRunner) -> None:  # noqa: F811
    export = str(FIXTURES / "woocommerce_products.csv")
    result = cli.invoke(app, ["ingest", "--store", "acme", export])
    assert result.exit_code == 0, result.output
    assert "profile woocommerce; 2 products, 4 variants, 2 options" in result.output
    assert "not read:" in result.output and "Weight (kg)" in result.output
    assert products_in_store() == 2


def test_rules_on_the_command_line_change_how_a_wide_export_is_read(
    cli: CliRunner,  # noqa: F811
    tmp_path: Path,
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("product_id,item_id,name,price,qty,opt_size,note\np,P1,Pack,9.00,1,M,x\n")
    args = ["ingest", "--store", "acme", str(export), "--dry-run", "--options", "opt_*"]
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 options" in result.output
    excluded = cli.invoke(app, [*args[:5], "--exclude", "note", "--profile", "wide"])
    assert "excluded by --exclude" in excluded.output
    assert "chosen with --profile" in excluded.output


def test_an_unknown_profile_is_refused(cli: CliRunner) -> None:  # noqa: F811
    export = str(FIXTURES / "shopify_products.csv")
    result = cli.invoke(app, ["ingest", "--store", "acme", export, "--profile", "magento"])
    assert result.exit_code != 0
    assert "choose one of" in str(result.exception)
