"""A message's spelling as a vector: weighted character n-grams, which a typo changes only a little.

Sentence encoders read "shiping to canda" and "shipping to canada" as different sentences, and
"wat r ur hrs" as almost nothing; their character n-grams still overlap with the exemplars'
("hip", "ping", "can"). The router reads both: the encoder's vector for what a message means,
this one for how it is spelt. For Chinese, single characters and their pairs and triples are
the words a segmenter would find, without one.

The n-grams (1 to 4 characters, over the folded text with punctuation as spaces) are weighted
by their inverse document frequency over the exemplars, so words every message shares count
little, and hashed into a fixed number of buckets: the vectors are dense, of one size, and a
message's similarity to every exemplar is one product.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from text.normalise import fold

GRAM_SIZES = (1, 2, 3, 4)
BUCKETS = 1024
_NOT_WORD = re.compile(r"[^\w]+")

Vector = NDArray[np.float32]


def grams(text: str) -> Counter[str]:
    """The character n-grams of the folded text, words padded with a space at each end."""
    padded = f" {' '.join(_NOT_WORD.sub(' ', fold(text)).split())} "
    found: Counter[str] = Counter()
    for size in GRAM_SIZES:
        for start in range(len(padded) - size + 1):
            gram = padded[start : start + size]
            if gram.strip():
                found[gram] += 1
    return found


def cosines(by_bucket: Vector, spelt: Vector) -> Vector:
    """The cosine of one message's row (`spelt`) with each column of a bucket-major matrix,
    read from the message's non-zero buckets only (a message has a few dozen, not all)."""
    buckets = np.flatnonzero(spelt)
    result: Vector = np.einsum("ij,i->j", by_bucket[buckets], spelt[buckets])
    return result


def _bucket(gram: str) -> int:
    # crc32, not hash(): the buckets must be the same in every process.
    return zlib.crc32(gram.encode("utf-8")) % BUCKETS


class CharGrams:
    """The n-gram weighting fitted on a set of texts (the router's exemplars)."""

    def __init__(self, texts: Sequence[str]) -> None:
        counts = [grams(text) for text in texts]
        documents = Counter(gram for found in counts for gram in found)
        total = max(len(counts), 1)
        self._idf = {gram: math.log(total / (1 + n)) + 1.0 for gram, n in documents.items()}
        # Kept bucket-major only: a message's few non-zero buckets are then contiguous rows.
        self.by_bucket: Vector = np.ascontiguousarray(self._matrix(counts).T)

    @property
    def fitted(self) -> Vector:
        """One row per fitted text (a view of `by_bucket`)."""
        return self.by_bucket.T

    def similarities(self, text: str) -> Vector:
        """The cosine of a message's n-grams with each fitted text's, from its non-zero buckets."""
        return cosines(self.by_bucket, self.vector(text))

    def extended(self, texts: Sequence[str]) -> CharGrams:
        """These weights fitted on further texts too: the same n-gram weights (a few texts
        more would barely move them), the new texts' rows after the fitted ones."""
        grown = CharGrams.__new__(CharGrams)
        grown._idf = self._idf
        grown.by_bucket = np.ascontiguousarray(np.hstack([self.by_bucket, self.vectors(texts).T]))
        return grown

    def vector(self, text: str) -> Vector:
        """One unit-length row for a message (zero when none of its n-grams is known)."""
        result: Vector = self._matrix([grams(text)])[0]
        return result

    def vectors(self, texts: Sequence[str]) -> Vector:
        """One unit-length row per text."""
        return self._matrix([grams(text) for text in texts])

    def _matrix(self, counts: Sequence[Counter[str]]) -> Vector:
        matrix = np.zeros((len(counts), BUCKETS), dtype=np.float32)
        for row, found in enumerate(counts):
            for gram, n in found.items():
                weight = self._idf.get(gram)
                if weight is not None:
                    matrix[row, _bucket(gram)] += (1.0 + math.log(n)) * weight
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        result: Vector = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
        return result
