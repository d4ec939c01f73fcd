import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.config import Settings, get_settings
from evals.registry import ModelSpec, register_driver
from evals.scripted_driver import ScriptedDriver, ScriptedTurn
from tests.evals.helpers import answer, call, write_suite

SUITE = """
name: cli
scenarios:
  - id: returns
    turns:
      - user: returns?
        expect: [{reply_contains: 30 days}]
  - id: price
    turns:
      - user: price?
        expect: [{tool_called: get_price}]
"""


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_registry: None
) -> Iterator[CliRunner]:
    monkeypatch.setenv("SALES_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def use_scripted_offline_engine(price_reply: ScriptedTurn) -> None:
    scripts = {"returns": [ScriptedTurn(answer("30 days."))], "price": [price_reply]}

    def factory(spec: ModelSpec, settings: Settings) -> ScriptedDriver:
        return ScriptedDriver.from_scripts(scripts, model=str(spec))

    register_driver("offline", factory)


GOOD_PRICE = ScriptedTurn(answer("$249.00", call("get_price", {"amount_minor": 24900})))
BAD_PRICE = ScriptedTurn(answer("No idea."))


def run(cli: CliRunner, tmp_path: Path, out: str, *extra: str) -> tuple[int, str]:
    suite = write_suite(tmp_path, SUITE)
    result = cli.invoke(app, ["eval", "run", str(suite), "--out", str(tmp_path / out), *extra])
    return result.exit_code, result.output


def test_run_writes_the_three_reports_and_prints_a_summary(cli: CliRunner, tmp_path: Path) -> None:
    use_scripted_offline_engine(GOOD_PRICE)
    code, output = run(cli, tmp_path, "out", "--model", "offline", "--repeat", "2", "--jobs", "2")
    assert code == 0, output
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "results.json",
        "junit.xml",
        "report.html",
    }
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert (results["pass_rate"], results["model"], results["repeat"]) == (1.0, "offline", 2)
    assert "Pass rate" in output


def test_run_exits_non_zero_below_the_minimum_pass_rate(cli: CliRunner, tmp_path: Path) -> None:
    use_scripted_offline_engine(BAD_PRICE)
    code, output = run(cli, tmp_path, "out", "--min-pass-rate", "0.9")
    assert code == 1
    assert "below the minimum" in output


def test_run_passes_the_gate_at_the_minimum(cli: CliRunner, tmp_path: Path) -> None:
    use_scripted_offline_engine(BAD_PRICE)
    assert run(cli, tmp_path, "out", "--min-pass-rate", "0.5")[0] == 0


def test_run_without_a_driver_fails_with_a_clear_message(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evals import registry

    registry._factories.pop("offline", None)
    monkeypatch.setattr(registry, "AGENT_DRIVER_MODULE", "evals.no_agent_driver_here")
    suite = write_suite(tmp_path, SUITE)
    result = cli.invoke(app, ["eval", "run", str(suite), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "not available yet" in str(result.exception)
    assert not (tmp_path / "out").exists()


def test_compare_exits_non_zero_on_a_regression(cli: CliRunner, tmp_path: Path) -> None:
    use_scripted_offline_engine(GOOD_PRICE)
    run(cli, tmp_path, "base")
    use_scripted_offline_engine(BAD_PRICE)
    run(cli, tmp_path, "new")
    base, new = tmp_path / "base" / "results.json", tmp_path / "new" / "results.json"
    regressed = cli.invoke(app, ["eval", "compare", str(base), str(new)])
    assert regressed.exit_code == 1
    assert "1 regressed" in regressed.output
    improved = cli.invoke(app, ["eval", "compare", str(new), str(base)])
    assert improved.exit_code == 0, improved.output
    assert "1 scenario(s) improved" in improved.output


def test_validate_reports_a_bad_suite_with_its_line(cli: CliRunner, tmp_path: Path) -> None:
    suite = write_suite(tmp_path, SUITE.replace("reply_contains", "reply_contain"))
    result = cli.invoke(app, ["eval", "validate", str(suite)])
    assert result.exit_code != 0
    assert f"{suite}:6:" in str(result.exception)


def test_validate_accepts_the_shipped_suites(cli: CliRunner) -> None:
    suites = Path(__file__).resolve().parents[2] / "evals" / "suites"
    result = cli.invoke(app, ["eval", "validate", str(suites)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_schema_prints_the_json_schema(cli: CliRunner) -> None:
    result = cli.invoke(app, ["eval", "schema"])
    assert json.loads(result.output)["title"] == "sales-assistant eval suite"


def test_run_with_perturb_reports_the_replay_apart_from_the_pass_rate(
    cli: CliRunner, tmp_path: Path
) -> None:
    use_scripted_offline_engine(BAD_PRICE)
    code, output = run(cli, tmp_path, "out", "--perturb", "lower_case,typo", "--jobs", "2")
    assert code == 0, output
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["pass_rate"] == 0.5
    assert len(results["trials"]) == 2
    replay = results["perturbation"]
    assert [rate["name"] for rate in replay["per_perturbation"]] == ["typo", "lower_case"]
    assert replay["runs"] == 4 and replay["same_outcome"] == 4
    assert "Perturbed (seed 0)" in output


def test_run_refuses_an_unknown_perturbation(cli: CliRunner, tmp_path: Path) -> None:
    use_scripted_offline_engine(GOOD_PRICE)
    suite = write_suite(tmp_path, SUITE)
    out = tmp_path / "out"
    result = cli.invoke(
        app, ["eval", "run", str(suite), "--out", str(out), "--perturb", "shouting"]
    )
    assert result.exit_code != 0
    assert "unknown perturbation shouting" in str(result.exception)
    assert not out.exists()
