import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from evals.reports.html import render_html, write_html
from evals.reports.junit import render_junit
from evals.reports.results_json import RunReport, read_results_json, write_results_json
from evals.scripted_driver import ScriptedDriver, ScriptedTurn
from tests.evals.helpers import answer, call, cite, load_text_suite, run_report

SUITE = """
name: shop
scenarios:
  - id: returns
    tags: [policy]
    turns:
      - user: How long do I have to return boots?
        expect:
          - reply_contains: 30 days
          - cites: policies/returns.md
  - id: price
    tags: [price]
    turns:
      - user: How much is the tent?
        expect:
          - reply_contains: "249.00"
          - rubric: Polite.
"""


@pytest.fixture
def report(tmp_path: Path) -> RunReport:
    driver = ScriptedDriver.from_scripts(
        {
            "returns": [
                ScriptedTurn(
                    answer("You have 30 days.", citations=[cite("policies/returns.md", "Window")])
                )
            ],
            "price": [
                ScriptedTurn(
                    answer("It is <b>$199.00</b>.", call("get_price", {"amount_minor": 24900}))
                )
            ],
        }
    )
    return run_report([load_text_suite(tmp_path, SUITE)], driver, repeat=2)


def test_results_json_carries_the_run_at_the_top_level(report: RunReport, tmp_path: Path) -> None:
    data = json.loads(write_results_json(report, tmp_path).read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["pass_rate"] == 0.5
    assert data["model"] == "scripted"
    assert data["prompt_versions"] == ["system@1"]
    assert data["project_version"]
    assert "git_commit" in data
    assert len(data["suites"][0]["sha256"]) == 64
    assert data["metrics"]["pass_hat_k"] == {"1": 0.5, "2": 0.5}


def test_results_json_reads_back_unchanged(report: RunReport, tmp_path: Path) -> None:
    assert read_results_json(write_results_json(report, tmp_path)) == report


def test_another_schema_version_is_refused_clearly(report: RunReport, tmp_path: Path) -> None:
    path = write_results_json(report, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "schema_version": 2}), encoding="utf-8")
    with pytest.raises(InvalidInputError, match="schema_version 2; this version reads 1"):
        read_results_json(path)


def test_a_file_that_is_not_a_results_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not an eval results file"):
        read_results_json(path)


def test_scenario_summaries_count_trials(report: RunReport) -> None:
    assert [(s.id, s.passed, s.trials) for s in report.scenarios] == [
        ("returns", 2, 2),
        ("price", 0, 2),
    ]
    assert [(g.name, g.passed) for g in report.by_tag] == [("policy", 2), ("price", 0)]


def test_junit_has_one_case_per_trial_and_the_failure_messages(report: RunReport) -> None:
    root = ET.fromstring(render_junit(report))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "0")
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases][:2] == ["returns [trial 1]", "returns [trial 2]"]
    failure = cases[2].find("failure")
    assert failure is not None
    assert "reply_contains" in (failure.get("message") or "")
    assert "line 15" in (failure.text or "")


def test_the_html_report_is_self_contained(report: RunReport) -> None:
    page = render_html(report)
    assert "<style>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page


def test_the_html_report_shows_transcripts_tool_calls_and_failures(report: RunReport) -> None:
    page = render_html(report)
    assert "How long do I have to return boots?" in page
    assert "get_price" in page
    assert '<li class="failed">' in page
    assert '<details class="scenario failed" id="s-shop--price" open>' in page
    assert '<details class="scenario passed" id="s-shop--returns">' in page
    assert "Ungrounded figures: 199" in page


def test_the_html_report_escapes_what_the_assistant_wrote(report: RunReport) -> None:
    page = render_html(report)
    assert "&lt;b&gt;$199.00&lt;/b&gt;" in page
    assert "<b>$199.00</b>" not in page


def test_skipped_rubrics_are_shown_as_skipped(report: RunReport, tmp_path: Path) -> None:
    page = write_html(report, tmp_path).read_text(encoding="utf-8")
    assert '<li class="skipped">' in page
