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
_commonest_frequency: int | None = None


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
    """A jieba tokenizer reading the shared dictionary with `words` layered over it.

    The extra words are what the reader is looking for, so they outweigh jieba's own: each is
    as frequent as jieba's commonest word. 头灯 (headlamp) then wins over jieba's 把头 in
    把头灯从购物车里删掉, and among extra words the longer one wins (包邮 over 包). The total
    is left as it is, so jieba's own words keep their odds against each other.
    """
    import jieba

    base = _jieba()
    tokenizer = jieba.Tokenizer()
    # The overlay takes every write, so the shared dictionary stays as jieba loaded it.
    overlay: dict[str, int] = {}
    tokenizer.FREQ = ChainMap(overlay, base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    weight = _commonest(base)
    for word in words:
        # jieba's dictionary format: a word's frequency, and a 0 for each unknown prefix.
        overlay[word] = weight
        for end in range(1, len(word)):
            if word[:end] not in tokenizer.FREQ:
                overlay[word[:end]] = 0
    return tokenizer


def _commonest(tokenizer: Any) -> int:
    global _commonest_frequency
    if _commonest_frequency is None:
        _commonest_frequency = max(tokenizer.FREQ.values())
    return _commonest_frequency


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
