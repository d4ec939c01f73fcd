from pathlib import Path

import pytest

from evals.errors import SuiteFormatError
from evals.loader import discover_suite_files, load_suite, load_suites
from tests.evals.helpers import load_text_suite, write_suite

GOOD = """
name: good
scenarios:
  - id: one
    turns:
      - user: hello
"""


def suite_expecting(
    tmp_path: Path, expectation: str, scenario: str = "a", user: str = "hi"
) -> Path:
    """A suite of one scenario with one turn and one expectation, which stands on line 7."""
    return write_suite(
        tmp_path,
        f"""
        name: broken
        scenarios:
          - id: {scenario}
            turns:
              - user: {user}
                expect:
                  - {expectation}
        """,
    )


def test_a_valid_suite_loads_with_its_hash_and_lines(tmp_path: Path) -> None:
    loaded = load_text_suite(tmp_path, GOOD)
    assert loaded.suite.scenarios[0].id == "one"
    assert len(loaded.sha256) == 64
    assert loaded.line_of("scenarios", 0) == 3
    assert loaded.store.kind == "demo"


def test_an_unknown_expectation_names_file_line_scenario_and_a_suggestion(tmp_path: Path) -> None:
    path = suite_expecting(
        tmp_path, "reply_contain: 30 days", scenario="return-window", user="How long do I have?"
    )
    with pytest.raises(SuiteFormatError) as caught:
        load_suite(path)
    error = caught.value
    assert (error.file, error.line, error.scenario) == (path, 7, "return-window")
    assert f"{path}:7:" in error.message
    assert "scenario 'return-window'" in error.message
    assert "did you mean 'reply_contains'" in error.message


def test_an_unknown_key_is_named_at_its_line(tmp_path: Path) -> None:
    path = suite_expecting(tmp_path, "tool_called: {name: add_to_cart, argz: {sku: X}}")
    with pytest.raises(SuiteFormatError) as caught:
        load_suite(path)
    assert caught.value.line == 7
    assert "unknown key 'argz'" in caught.value.message
    assert "valid string" not in caught.value.message


def test_an_expectation_with_two_keys_is_refused(tmp_path: Path) -> None:
    path = suite_expecting(tmp_path, "{reply_contains: x, handoff: true}")
    with pytest.raises(SuiteFormatError, match="exactly one key; this one has: reply_contains"):
        load_suite(path)


def test_a_missing_required_key_names_the_scenario(tmp_path: Path) -> None:
    path = write_suite(tmp_path, "name: s\nscenarios:\n  - id: lonely\n")
    with pytest.raises(SuiteFormatError) as caught:
        load_suite(path)
    assert caught.value.scenario == "lonely"
    assert "missing required key 'turns'" in caught.value.message


def test_every_problem_is_listed(tmp_path: Path) -> None:
    path = write_suite(
        tmp_path,
        """
        name: s
        scenarios:
          - id: a
            turns: []
          - id: b
            turns:
              - user: hi
                expect:
                  - latency_ms_at_most: 0
        """,
    )
    with pytest.raises(SuiteFormatError) as caught:
        load_suite(path)
    assert "2 problems" in caught.value.message
    assert f"{path}:4:" in caught.value.message
    assert f"{path}:9:" in caught.value.message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write_suite(tmp_path, "name: s\nscenarios:\n  - id: a\n    turns: [\n")
    with pytest.raises(SuiteFormatError, match="invalid YAML") as caught:
        load_suite(path)
    assert caught.value.line is not None


def test_a_key_repeated_in_one_mapping_is_refused(tmp_path: Path) -> None:
    path = write_suite(tmp_path, "name: s\nname: t\nscenarios: []\n")
    with pytest.raises(SuiteFormatError, match="appears twice") as caught:
        load_suite(path)
    assert caught.value.line == 2


def test_repeated_scenario_ids_are_refused(tmp_path: Path) -> None:
    text = GOOD + "  - id: one\n    turns:\n      - user: again\n"
    with pytest.raises(SuiteFormatError, match="'one' is used twice"):
        load_text_suite(tmp_path, text)


def test_a_top_level_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SuiteFormatError, match="expected a mapping"):
        load_text_suite(tmp_path, "- id: a\n")


def test_a_missing_fixture_file_is_named(tmp_path: Path) -> None:
    text = GOOD.replace("name: good", "name: good\nstore: {fixture: nowhere.yaml}")
    with pytest.raises(SuiteFormatError, match=r"store fixture 'nowhere\.yaml' not found"):
        load_text_suite(tmp_path, text)


def test_a_fixture_is_resolved_next_to_the_suite_and_validated(tmp_path: Path) -> None:
    write_suite(tmp_path, "name: Tiny\ncatalog: {products: []}\n", "fixtures/tiny.yaml")
    text = GOOD.replace("name: good", "name: good\nstore: {fixture: fixtures/tiny.yaml}")
    loaded = load_text_suite(tmp_path, text)
    assert loaded.store.fixture is not None
    assert loaded.store.fixture.name == "Tiny"
    assert loaded.store.fixture_sha256 is not None


def test_a_bad_fixture_names_the_fixture_file_and_line(tmp_path: Path) -> None:
    fixture = write_suite(tmp_path, "name: Tiny\ncurrency: dollars\n", "tiny.yaml")
    text = GOOD.replace("name: good", "name: good\nstore: {fixture: tiny.yaml}")
    with pytest.raises(SuiteFormatError) as caught:
        load_text_suite(tmp_path, text)
    assert caught.value.file == fixture.resolve()
    assert caught.value.line == 2


def test_folders_are_searched_for_yaml_files(tmp_path: Path) -> None:
    write_suite(tmp_path, GOOD, "a/one.yaml")
    write_suite(tmp_path, GOOD.replace("good", "other"), "a/b/two.yml")
    write_suite(tmp_path, "not a suite", "a/notes.txt")
    found = discover_suite_files([tmp_path / "a"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/b/two.yml", "a/one.yaml"]


def test_a_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SuiteFormatError, match="no such file"):
        discover_suite_files([tmp_path / "missing.yaml"])


def test_two_suites_may_not_share_a_name(tmp_path: Path) -> None:
    write_suite(tmp_path, GOOD, "one.yaml")
    write_suite(tmp_path, GOOD, "two.yaml")
    with pytest.raises(SuiteFormatError, match="suite name 'good' is already used"):
        load_suites([tmp_path])


def test_scenario_identity_overrides_and_anonymous_clears_the_suites(tmp_path: Path) -> None:
    loaded = load_text_suite(
        tmp_path,
        """
        name: s
        identity: {customer: cust-1}
        scenarios:
          - id: inherits
            turns: [{user: hi}]
          - id: other
            identity: {customer: cust-2}
            turns: [{user: hi}]
          - id: nobody
            identity: anonymous
            turns: [{user: hi}]
        """,
    )
    suite = loaded.suite
    identities = [suite.identity_for(s) for s in suite.scenarios]
    assert [i.customer if i else None for i in identities] == ["cust-1", "cust-2", None]
