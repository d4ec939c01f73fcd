"""Adapter for any OpenAI-compatible server (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp)."""

from __future__ import annotations

import openai
from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.config import Settings

# What the client raises when the server fails, times out or cannot be reached: the loop hands
# such a turn to a person as a provider failure. Anything else is a bug and is logged as one.
PROVIDER_ERRORS: tuple[type[Exception], ...] = (openai.APIError,)


def build_openai_model(settings: Settings) -> BaseChatModel:
    """A ChatOpenAI configured from Settings: base URL, model, temperature, timeout, retries."""
    api_key = settings.llm_api_key or SecretStr("not-needed")  # local servers accept any key
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=api_key,
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
    )
