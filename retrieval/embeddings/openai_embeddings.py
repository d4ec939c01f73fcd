"""OpenAI (or any OpenAI-compatible server's) embeddings, through langchain-openai.

Chosen with SALES_ASSISTANT_EMBEDDING_PROVIDER=openai; the key and base URL are the LLM's. The
similarity range is a neutral default, not measured: calibrate it on your own questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from langchain_openai import OpenAIEmbeddings
from pydantic import SecretStr

from assistant.errors import UpstreamError
from retrieval.embeddings.base import Vectors, normalise
from text.language import Language

KNOWN_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}


class OpenAIEmbedder:
    """Embeddings served over HTTP by an OpenAI-compatible API."""

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None,
        batch_size: int,
        timeout_s: float,
        max_retries: int = 2,
        http_client: Any = None,
    ) -> None:
        self.name = model
        self.slug = "openai-" + "".join(c if c.isalnum() else "-" for c in model.lower())
        self._dimension = KNOWN_DIMENSIONS.get(model)
        options: dict[str, Any] = {}
        if http_client is not None:
            options["http_client"] = http_client
        self._client = OpenAIEmbeddings(
            model=model,
            openai_api_key=SecretStr(api_key or "not-needed"),
            openai_api_base=base_url,
            chunk_size=batch_size,
            request_timeout=timeout_s,
            max_retries=max_retries,
            # Local servers (vLLM, Ollama) take text, not tiktoken ids.
            check_embedding_ctx_length=False,
            **options,
        )

    @property
    def dimension(self) -> int:
        """Known for OpenAI's models; learned from the first answer for other servers."""
        if self._dimension is None:
            self._dimension = int(self.embed_documents(["dimension probe"]).shape[1])
        return self._dimension

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        """One request per batch; failures become UpstreamError."""
        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        try:
            rows = self._client.embed_documents(list(texts))
        except Exception as exc:  # the SDK raises many types; the caller needs one
            raise UpstreamError(f"embedding request failed: {type(exc).__name__}") from exc
        vectors = normalise(np.asarray(rows, dtype=np.float32))
        self._dimension = int(vectors.shape[1])
        return vectors

    def embed_query(self, text: str, language: Language) -> Vectors:
        """One question."""
        vector: Vectors = self.embed_documents([text])[0]
        return vector

    def similarity_range(self, language: Language) -> tuple[float, float]:
        """An uncalibrated default for OpenAI's text-embedding-3 models."""
        return (0.2, 0.55)
