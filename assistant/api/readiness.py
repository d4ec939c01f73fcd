"""Readiness checks for `/readyz`: the database, the vector store and the model provider.

Each check answers "ok" or "error: <what>", never raises, and never loads an embedding model.
The model provider check is live but cheap: the built-in engine is always ready; an
OpenAI-compatible provider gets `GET <base>/models` with a short timeout, and the answer is
kept for `PROVIDER_CHECK_TTL_S` so frequent probes do not hammer (or bill) the provider.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import text

from assistant.config import Settings
from assistant.db import Database
from retrieval.chroma_store import make_client

OPENAI_BASE_URL = "https://api.openai.com/v1"
PROVIDER_TIMEOUT_S = 2.0
PROVIDER_CHECK_TTL_S = 30.0


def check_database(database: Database) -> str:
    """`SELECT 1` on a pooled connection."""
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # readiness reports failures instead of raising them
        return f"error: {type(exc).__name__}"
    return "ok"


@dataclass
class Probes:
    """Per-app state of the checks: a Chroma client kept between probes, the provider's last
    answer and when it was taken."""

    chroma_client: Any = None
    provider_result: str | None = None
    provider_checked_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check_chroma(self, settings: Settings) -> str:
        """Chroma's heartbeat, on the server when one is configured, else the embedded store."""
        try:
            with self.lock:
                if self.chroma_client is None:
                    self.chroma_client = make_client(settings)
                client = self.chroma_client
            client.heartbeat()
        except Exception as exc:
            with self.lock:
                self.chroma_client = None  # reconnect at the next probe
            return f"error: {type(exc).__name__}"
        return "ok"

    def check_model_provider(self, settings: Settings) -> str:
        """'ok' for the offline engine; for an OpenAI-compatible provider a cached live check."""
        if settings.llm_provider == "offline":
            return "ok"
        now = time.monotonic()
        with self.lock:
            if (
                self.provider_result is not None
                and now - self.provider_checked_at < PROVIDER_CHECK_TTL_S
            ):
                return self.provider_result
        result = probe_openai_compatible(settings)
        with self.lock:
            self.provider_result, self.provider_checked_at = result, now
        return result


def probe_openai_compatible(settings: Settings) -> str:
    """`GET <base>/models`: any answer but refused credentials or a server error counts."""
    base = settings.llm_base_url or OPENAI_BASE_URL
    headers = {}
    if settings.llm_api_key is not None:
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    try:
        response = httpx.get(f"{base}/models", headers=headers, timeout=PROVIDER_TIMEOUT_S)
    except httpx.HTTPError as exc:
        return f"error: unreachable ({type(exc).__name__})"
    if response.status_code in (401, 403):
        return "error: credentials refused"
    if response.status_code >= 500 and response.status_code != 501:
        return f"error: HTTP {response.status_code}"
    return "ok"
