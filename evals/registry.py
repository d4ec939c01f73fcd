"""From `--model offline|openai:<model>` (and `--judge`) to a driver (and a judge).

Drivers register a factory per provider with `register_driver`. The agent's driver lives in
`evals/agent_driver.py` and registers itself when imported; `resolve_driver` imports it on first
use. Until it exists, asking for a model fails with a clear message instead of faking results.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from assistant.config import Settings
from assistant.errors import ConfigurationError, InvalidInputError
from evals.driver import ChatDriver
from evals.judge import Judge

Provider = Literal["offline", "openai"]
AGENT_DRIVER_MODULE = "evals.agent_driver"


@dataclass(frozen=True)
class ModelSpec:
    """A parsed model option: the provider and, for openai, the model name."""

    provider: Provider
    model: str | None = None

    def __str__(self) -> str:
        return self.provider if self.model is None else f"{self.provider}:{self.model}"


def parse_model_spec(text: str) -> ModelSpec:
    """'offline' or 'openai:<model>' (e.g. openai:gpt-4o-mini)."""
    provider, _, model = text.strip().partition(":")
    if provider == "offline" and not model:
        return ModelSpec("offline")
    if provider == "openai" and model.strip():
        return ModelSpec("openai", model.strip())
    raise InvalidInputError(f"model must be 'offline' or 'openai:<model>', got {text!r}")


DriverFactory = Callable[[ModelSpec, Settings], ChatDriver]
_factories: dict[str, DriverFactory] = {}
_lock = threading.Lock()


def register_driver(provider: Provider, factory: DriverFactory) -> None:
    """Make `--model <provider>[:...]` build its driver with `factory`."""
    with _lock:
        _factories[provider] = factory


def unregister_driver(provider: Provider) -> None:
    """Forget a provider's factory (tests use it to restore the registry)."""
    with _lock:
        _factories.pop(provider, None)


def resolve_driver(spec: ModelSpec, settings: Settings) -> ChatDriver:
    """The driver for a model spec, importing the agent's driver module on first use."""
    factory = _factories.get(spec.provider)
    if factory is None:
        _import_agent_driver()
        factory = _factories.get(spec.provider)
    if factory is None:
        raise ConfigurationError(
            f"the {spec.provider} agent is not available yet: no chat driver is registered for "
            f"{str(spec)!r} ({AGENT_DRIVER_MODULE} does not provide one)"
        )
    return factory(spec, settings)


def _import_agent_driver() -> None:
    try:
        importlib.import_module(AGENT_DRIVER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != AGENT_DRIVER_MODULE:
            raise  # the module exists but something it needs is missing: show that


JudgeFactory = Callable[[ModelSpec, Settings], Judge]


def openai_judge(spec: ModelSpec, settings: Settings) -> Judge:
    """A judge on an OpenAI-compatible server, configured like the assistant's own model."""
    if settings.llm_api_key is None and settings.llm_base_url is None:
        raise ConfigurationError(
            "a judge model needs SALES_ASSISTANT_LLM_API_KEY or SALES_ASSISTANT_LLM_BASE_URL"
        )
    # Imported on demand: the model clients are heavy and most runs have no judge.
    from assistant.agent.models.openai_model import build_openai_model
    from evals.chat_model_judge import ChatModelJudge

    configured = settings.model_copy(update={"llm_model": spec.model, "llm_temperature": 0.0})
    return ChatModelJudge(build_openai_model(configured), name=str(spec))


def resolve_judge(text: str | None, settings: Settings) -> Judge | None:
    """The judge for `--judge` (or the eval_judge_model setting); None when none is configured."""
    if not text:
        return None
    spec = parse_model_spec(text)
    if spec.provider != "openai":
        raise InvalidInputError("only an 'openai:<model>' judge can grade rubrics")
    return openai_judge(spec, settings)
