import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from evals.loader import load_suite, load_suites
from evals.schema import SCHEMA_PATH, render_suite_json_schema

ROOT = Path(__file__).resolve().parents[2]
SUITES = sorted((ROOT / "evals" / "suites").glob("*.yaml"))
README = ROOT / "evals" / "README.md"


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_the_committed_json_schema_is_the_generated_one() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_suite_json_schema(), (
        "regenerate with: sales-assistant eval schema --write"
    )


def test_the_json_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text("utf-8")))


@pytest.mark.parametrize("path", SUITES, ids=lambda path: path.name)
def test_each_shipped_suite_matches_the_json_schema(path: Path) -> None:
    errors = list(validator().iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert [error.message for error in errors] == []


def test_the_shipped_suites_load_and_have_unique_names() -> None:
    suites = load_suites([ROOT / "evals" / "suites"])
    assert len(suites) == len(SUITES) >= 3


def test_the_json_schema_rejects_an_expectation_with_two_keys() -> None:
    suite = {
        "name": "s",
        "scenarios": [
            {"id": "a", "turns": [{"user": "hi", "expect": [{"handoff": True, "cites": "x"}]}]}
        ],
    }
    assert list(validator().iter_errors(suite))


def readme_example() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(# example-suite.*?)```", text, flags=re.DOTALL)
    assert match, "the README's complete example suite is missing"
    return match.group(1)


def test_the_readme_example_suite_loads(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(readme_example(), encoding="utf-8")
    loaded = load_suite(path)
    assert loaded.suite.scenarios


def test_the_readme_example_suite_matches_the_json_schema() -> None:
    assert list(validator().iter_errors(yaml.safe_load(readme_example()))) == []
