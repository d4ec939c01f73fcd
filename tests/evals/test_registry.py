import pytest

from assistant.config import Settings
from assistant.errors import ConfigurationError, InvalidInputError
from evals import registry
from evals.registry import (
    ModelSpec,
    parse_model_spec,
    register_driver,
    resolve_driver,
    resolve_judge,
)
from evals.scripted_driver import ScriptedDriver, ScriptedTurn


@pytest.mark.parametrize(
    ("text", "spec"),
    [("offline", ModelSpec("offline")), ("openai:gpt-4o-mini", ModelSpec("openai", "gpt-4o-mini"))],
)
def test_model_specs_parse(text: str, spec: ModelSpec) -> None:
    assert parse_model_spec(text) == spec
    assert str(spec) == text


@pytest.mark.parametrize("text", ["", "openai", "openai:", "offline:x", "anthropic:claude"])
def test_bad_model_specs_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="'offline' or 'openai:<model>'"):
        parse_model_spec(text)


def test_a_model_without_a_registered_driver_says_so(
    clean_registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry._factories.pop("offline", None)
    monkeypatch.setattr(registry, "AGENT_DRIVER_MODULE", "evals.no_agent_driver_here")
    with pytest.raises(ConfigurationError, match="the offline agent is not available yet"):
        resolve_driver(ModelSpec("offline"), Settings(_env_file=None))  # type: ignore[call-arg]


def test_a_registered_factory_builds_the_driver(clean_registry: None) -> None:
    driver = ScriptedDriver(lambda *_: ScriptedTurn("ok"), model="offline")
    seen: list[ModelSpec] = []

    def factory(spec: ModelSpec, settings: Settings) -> ScriptedDriver:
        seen.append(spec)
        return driver

    register_driver("openai", factory)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert resolve_driver(ModelSpec("openai", "gpt-4o"), settings) is driver
    assert seen == [ModelSpec("openai", "gpt-4o")]


def test_no_judge_is_configured_by_default() -> None:
    assert resolve_judge(None, Settings(_env_file=None)) is None  # type: ignore[call-arg]


def test_the_offline_engine_cannot_judge() -> None:
    with pytest.raises(InvalidInputError, match="only an 'openai:<model>' judge"):
        resolve_judge("offline", Settings(_env_file=None))  # type: ignore[call-arg]


def test_an_openai_judge_needs_a_key_or_a_base_url() -> None:
    with pytest.raises(ConfigurationError, match="LLM_API_KEY or"):
        resolve_judge("openai:gpt-4o-mini", Settings(_env_file=None))  # type: ignore[call-arg]


def test_an_openai_judge_is_built_from_the_settings() -> None:
    settings = Settings(_env_file=None, llm_base_url="http://127.0.0.1:9")  # type: ignore[call-arg]
    judge = resolve_judge("openai:local-model", settings)
    assert judge is not None and judge.name == "openai:local-model"
