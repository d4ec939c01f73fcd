"""Tokenisation for BM25: English words with light stemming, Chinese words cut by jieba."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from functools import lru_cache
from types import ModuleType

_jieba_lock = threading.Lock()
_jieba: ModuleType | None = None

# Runs of Han characters go to jieba; everything else is split into Latin words and numbers.
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[.'][a-z0-9]+)*")

_ENGLISH_STOPWORDS = """
    a about above after again all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours yourself i'm i've it's don't can't does doesn't"""
_CHINESE_STOPWORDS = """
    的 了 吗 呢 吧 啊 是 我 你 他 她 它 们 我们 你们 在 有 和 与 及
    或 就 都 也 还 这 那 这个 那个 一个 么 什么 怎么 如何 可以 能 会 要 想 请问
    请 一下 多少 哪 哪些 哪个 呀 嘛 得 地 着 过 把 被 给 对 从 向 让 如果
    因为 所以 但是 而且 就是 没有 不 很 太 更 最
"""
ENGLISH_STOPWORDS = frozenset(_ENGLISH_STOPWORDS.split())
CHINESE_STOPWORDS = frozenset(_CHINESE_STOPWORDS.split())


def _segmenter() -> ModuleType:
    """jieba, imported and its dictionary loaded once (about half a second, on first use)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                # jieba imports the deprecated pkg_resources; its warning is not ours to fix.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import jieba
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold English plurals onto their singular ("boots" -> "boot", "batteries" -> "battery")."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def _chinese_words(run: str) -> list[str]:
    words = []
    for word in _segmenter().cut_for_search(run):
        if word and word not in CHINESE_STOPWORDS:
            words.append(word)
    return words


def tokenize(text: str) -> list[str]:
    """BM25 terms of `text`: lowercase, NFKC-normalised, stop words dropped, plurals folded."""
    normalised = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    for match in _RUNS.finditer(normalised):
        run = match.group()
        if "\u3400" <= run[0] <= "\ufaff":
            tokens.extend(_chinese_words(run))
        elif run not in ENGLISH_STOPWORDS:
            tokens.append(stem(run.replace("'", "")))
    return tokens
