from pathlib import Path

import pytest

from assistant.agent.turn import TurnResult
from assistant.errors import InvalidInputError
from evals.driver import CartSnapshot, ConversationSetup, OrderSnapshot, StockSnapshot
from evals.perturb import PERTURBATIONS, perturbations_for
from evals.perturbed_runs import parse_perturbations, plan_runs, run_perturbed, scenario_language
from evals.runner import run_suites
from tests.evals.helpers import answer, load_text_suite

SUITE = """
name: shop
scenarios:
  - id: returns
    tags: [en]
    turns:
      - user: What is your return policy?
        expect:
          - reply_contains: "30 days"
  - id: tui-huo
    tags: [zh]
    turns:
      - user: 可以退货吗？
        expect:
          - reply_contains: "30天"
"""


class _Conversation:
    """Answers well only when the message has its question mark: a brittle assistant."""

    def send(self, text: str) -> TurnResult:
        if "?" in text or "？" in text:
            return answer("Returns are accepted within 30 days. 30天内可以退货。")
        return answer("Sorry, I did not understand.")

    def cart(self) -> CartSnapshot:
        return CartSnapshot(lines=[])

    def orders(self) -> list[OrderSnapshot]:
        return []

    def stock(self, sku: str) -> StockSnapshot:
        raise AssertionError("no stock checks here")

    def close(self) -> None:
        pass


class _Driver:
    @property
    def model(self) -> str:
        return "brittle"

    def start(self, setup: ConversationSetup) -> _Conversation:
        return _Conversation()


def test_a_punctuation_sensitive_assistant_flips_under_no_punctuation(tmp_path: Path) -> None:
    suites = [load_text_suite(tmp_path, SUITE)]
    driver = _Driver()
    originals = run_suites(suites, driver).trials
    assert all(trial.passed for trial in originals)

    result = run_perturbed(suites, originals, driver, ["no_punctuation", "lower_case"])

    rates = {rate.name: rate for rate in result.per_perturbation}
    assert rates["no_punctuation"].runs == 2
    assert rates["no_punctuation"].same_outcome == 0
    assert rates["lower_case"].same_outcome == rates["lower_case"].runs == 2
    assert result.runs == 4 and result.same_outcome == 2 and result.invariance == 0.5
    flipped = {(f.scenario_id, f.perturbation) for f in result.flipped}
    assert flipped == {("returns", "no_punctuation"), ("tui-huo", "no_punctuation")}
    returns = next(f for f in result.flipped if f.scenario_id == "returns")
    assert returns.messages == ["What is your return policy"]
    assert returns.original_passed and not returns.perturbed_passed
    assert returns.first_failure is not None and "30 days" in returns.first_failure


def test_each_scenario_gets_only_the_perturbations_of_its_language(tmp_path: Path) -> None:
    suites = [load_text_suite(tmp_path, SUITE)]
    runs = plan_runs(suites, list(PERTURBATIONS))
    english = [run.perturbation for run in runs if run.scenario == 0]
    chinese = [run.perturbation for run in runs if run.scenario == 1]
    assert english == perturbations_for("en")
    assert chinese == perturbations_for("zh")
    assert "typo" not in chinese and "traditional" not in english


def test_language_comes_from_the_tags_then_the_message() -> None:
    assert scenario_language(["zh", "demo"], "hello") == "zh"
    assert scenario_language(["en"], "你好") == "en"
    assert scenario_language([], "有帐篷吗") == "zh"
    assert scenario_language([], "any tents?") == "en"


def test_perturb_option_values() -> None:
    assert parse_perturbations(None) == []
    assert parse_perturbations("all") == list(PERTURBATIONS)
    assert parse_perturbations("typo, lower_case") == ["typo", "lower_case"]
    with pytest.raises(InvalidInputError, match="unknown perturbation shouting"):
        parse_perturbations("typo,shouting")
