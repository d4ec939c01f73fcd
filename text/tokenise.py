"""Search terms of a text: English words stemmed, Chinese cut into words by jieba.

The same function tokenises a passage when it is indexed and a question when it is asked, so
both sides always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from text.cjk import HAN_CLASS, is_han_run
from text.segmenter import DEFAULT, Segmenter
from text.stemming import stem
from text.stopwords import CHINESE_STOPWORDS, ENGLISH_STOPWORDS

# Bumped whenever `terms` may cut a text differently, so indexes built before are rebuilt.
TERMS_VERSION = 2
# Runs of ideographs go to the segmenter; everything else is split into Latin words and numbers.
_RUNS = re.compile(rf"[{HAN_CLASS}]+|[a-z0-9]+(?:[.'][a-z0-9]+)*")


def _words(text: str, segmenter: Segmenter) -> Iterator[tuple[str, str]]:
    """(word as written, term) pairs: a Chinese word is its own term, an English one its stem."""
    for match in _RUNS.finditer(unicodedata.normalize("NFKC", text).lower()):
        run = match.group()
        if is_han_run(run):
            for word in segmenter.cut_for_search(run):
                yield word, word
        else:
            yield run, stem(run)


def tokens(text: str, segmenter: Segmenter = DEFAULT) -> list[str]:
    """Every term of a text, stop words included: lower case, NFKC, English words stemmed."""
    return [term for _, term in _words(text, segmenter)]


def terms(text: str, segmenter: Segmenter = DEFAULT) -> list[str]:
    """The search terms of a text: its tokens without English or Chinese stop words."""
    return [
        term
        for word, term in _words(text, segmenter)
        if word not in ENGLISH_STOPWORDS and word not in CHINESE_STOPWORDS
    ]
