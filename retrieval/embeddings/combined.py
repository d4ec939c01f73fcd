"""MiniLM and USE-multilingual side by side in one vector.

A passage is stored as [MiniLM(p) / sqrt 2, USE(p) / sqrt 2] (unit length). An English question
is embedded the same way, so its cosine with a passage is the mean of the two models' cosines:
the fusion of two dense retrievers inside one nearest-neighbour index. A Chinese question keeps
only its USE half (the MiniLM half is zero): MiniLM reads Chinese as noise, while USE was
trained to place a Chinese question near the English passage that answers it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from retrieval.embeddings.base import Vectors
from retrieval.embeddings.minilm import MiniLmEmbedder
from retrieval.embeddings.use_multilingual import UseMultilingualEmbedder
from text.language import Language

_HALF = 1.0 / math.sqrt(2.0)


class MiniLmAndUseEmbedder:
    """Concatenated MiniLM (384) and USE-multilingual (512) vectors, 896 dimensions."""

    name = "minilm+use-multilingual"
    slug = "minilm-use"
    dimension = MiniLmEmbedder.dimension + UseMultilingualEmbedder.dimension

    def __init__(self, batch_size: int = 64) -> None:
        self.minilm = MiniLmEmbedder(batch_size=batch_size)
        self.use = UseMultilingualEmbedder(batch_size=batch_size)

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        """Both models over the same texts, halves weighted equally."""
        english = self.minilm.embed_documents(texts)
        multilingual = self.use.embed_documents(texts)
        return np.hstack([english * _HALF, multilingual * _HALF]).astype(np.float32)

    def embed_query(self, text: str, language: Language) -> Vectors:
        """English: both halves; Chinese: the USE half only."""
        multilingual = self.use.embed_query(text, language)
        if language == "zh":
            english = np.zeros(MiniLmEmbedder.dimension, dtype=np.float32)
            return np.concatenate([english, multilingual]).astype(np.float32)
        english = self.minilm.embed_query(text, language)
        return (np.concatenate([english, multilingual]) * _HALF).astype(np.float32)

    def similarity_range(self, language: Language) -> tuple[float, float]:
        """Calibrated on the labelled set; see retrieval/README.md."""
        if language == "zh":
            return (0.15, 0.32)
        return (0.25, 0.55)
