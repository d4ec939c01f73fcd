"""What an embedding model must offer the index, and the registry that picks one from Settings.

Every embedder returns L2-normalised float32 vectors, so a dot product is a cosine similarity.
Queries know their language: a multilingual model may weigh its parts differently for Chinese.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from assistant.config import Settings
from assistant.errors import ConfigurationError
from text.language import Language

Vectors = NDArray[np.float32]

MINILM = "all-MiniLM-L6-v2"
USE_MULTILINGUAL = "use-multilingual-v3"
MINILM_AND_USE = "minilm+use-multilingual"
LOCAL_MODELS = (MINILM, USE_MULTILINGUAL, MINILM_AND_USE)
DEFAULT_OPENAI_MODEL = "text-embedding-3-small"


@runtime_checkable
class Embedder(Protocol):
    """An embedding model behind one small interface."""

    @property
    def name(self) -> str:
        """The model id, as configured."""
        ...

    @property
    def slug(self) -> str:
        """A short id safe in a collection name; vectors of different slugs never mix."""
        ...

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        """One normalised row per text, computed in batches."""
        ...

    def embed_query(self, text: str, language: Language) -> Vectors:
        """One normalised vector for a shopper's question."""
        ...

    def similarity_range(self, language: Language) -> tuple[float, float]:
        """Cosine below which a best match means "nothing relevant" and above which it is sure.

        Measured on the labelled question set (see retrieval/README.md); confidence maps this
        range linearly onto [0, 1].
        """
        ...


def normalise(vectors: NDArray[np.floating]) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero)."""
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Vectors = (matrix / norms).astype(np.float32, copy=False)
    return result


def _build_local(model: str, batch_size: int) -> Embedder:
    if model == MINILM:
        from retrieval.embeddings.minilm import MiniLmEmbedder

        return MiniLmEmbedder(batch_size=batch_size)
    if model == USE_MULTILINGUAL:
        from retrieval.embeddings.use_multilingual import UseMultilingualEmbedder

        return UseMultilingualEmbedder(batch_size=batch_size)
    if model == MINILM_AND_USE:
        from retrieval.embeddings.combined import MiniLmAndUseEmbedder

        return MiniLmAndUseEmbedder(batch_size=batch_size)
    raise ConfigurationError(
        f"invalid setting SALES_ASSISTANT_EMBEDDING_MODEL: {model!r} is not a local model; "
        f"choose one of {', '.join(LOCAL_MODELS)}"
    )


def _build_openai(settings: Settings) -> Embedder:
    from retrieval.embeddings.openai_embeddings import OpenAIEmbedder

    model = settings.embedding_model
    if model in LOCAL_MODELS:
        model = DEFAULT_OPENAI_MODEL
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    if api_key is None and settings.llm_base_url is None:
        raise ConfigurationError(
            "invalid setting SALES_ASSISTANT_EMBEDDING_PROVIDER: 'openai' needs "
            "SALES_ASSISTANT_LLM_API_KEY or SALES_ASSISTANT_LLM_BASE_URL"
        )
    return OpenAIEmbedder(
        model=model,
        api_key=api_key,
        base_url=settings.llm_base_url,
        batch_size=settings.embedding_batch_size,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
    )


_cache: dict[tuple[object, ...], Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(settings: Settings) -> Embedder:
    """The embedder Settings choose, built once per process (models are large and slow to load)."""
    key: tuple[object, ...] = (
        settings.embedding_provider,
        settings.embedding_model,
        settings.embedding_batch_size,
        settings.llm_base_url,
    )
    with _cache_lock:
        embedder = _cache.get(key)
        if embedder is None:
            if settings.embedding_provider == "openai":
                embedder = _build_openai(settings)
            else:
                embedder = _build_local(settings.embedding_model, settings.embedding_batch_size)
            _cache[key] = embedder
    return embedder


def local_embedder(model: str, batch_size: int = 64) -> Embedder:
    """A local model by name, cached like `get_embedder` (benchmarks compare several)."""
    key: tuple[object, ...] = ("local", model, batch_size, None)
    with _cache_lock:
        embedder = _cache.get(key)
        if embedder is None:
            embedder = _build_local(model, batch_size)
            _cache[key] = embedder
    return embedder
