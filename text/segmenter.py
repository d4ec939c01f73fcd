"""Chinese word segmentation: jieba, its dictionary loaded once, with extra words per segmenter.

jieba's own dictionary is loaded the first time Chinese is cut (about half a second) and shared
by every segmenter. A segmenter made with extra words (a lexicon, a store's catalog names) sees
them on top of the shared dictionary, without changing what other segmenters see: the BM25
index and a store's message reader cut the same text their own way, consistently.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections import ChainMap
from collections.abc import Iterable
from typing import Any

_lock = threading.Lock()
_shared: Any = None


def _jieba() -> Any:
    """jieba's default tokenizer, imported and initialised once for the process."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                # jieba imports the deprecated pkg_resources; its warning is not ours to fix.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import jieba
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _shared = jieba.dt
    return _shared


def _with_words(words: frozenset[str]) -> Any:
    """A jieba tokenizer reading the shared dictionary with `words` layered over it."""
    import jieba

    base = _jieba()
    tokenizer = jieba.Tokenizer()
    # The overlay takes every write, so the shared dictionary stays as jieba loaded it.
    tokenizer.FREQ = ChainMap({}, base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word in sorted(words):
        tokenizer.add_word(word)
    return tokenizer


class Segmenter:
    """Cuts runs of Chinese into words; extra words are always cut out whole."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words = frozenset(word for word in words if word.strip())
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _ready(self) -> Any:
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = _with_words(self.words) if self.words else _jieba()
        return self._tokenizer

    def cut(self, text: str) -> list[str]:
        """The words of a text, each character in exactly one word (for reading a message)."""
        return [word for word in self._ready().cut(text) if word]

    def cut_for_search(self, text: str) -> list[str]:
        """The words of a text and the shorter known words inside the long ones (for search)."""
        return [word for word in self._ready().cut_for_search(text) if word]


DEFAULT = Segmenter()
