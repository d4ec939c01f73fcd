"""Finding the generic lexicon's concepts, features and sort words in a message.

English terms are matched on stems, longest first and without overlaps ("sleeping bag" wins
over "bag"). Chinese is cut into words by the shared segmenter with the lexicon's words added,
so 包 inside 包邮 (free shipping) or 蓝 inside 蓝牙 (Bluetooth) is not read on its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeVar

from assistant.agent.understanding.labels import Sort
from assistant.agent.understanding.lexicon.categories import CONCEPTS, Concept
from assistant.agent.understanding.lexicon.colours import COLOURS
from assistant.agent.understanding.lexicon.features import FEATURES, SIZE_WORDS, SORT_WORDS, Feature
from assistant.agent.understanding.lexicon.stopwords import CHINESE_STOPWORDS
from assistant.agent.understanding.negation import negated
from assistant.agent.understanding.scan import Scan, phrase_pattern
from text.cjk import HAN_RUN
from text.segmenter import Segmenter
from text.stemming import WORD, stem

# Compounds that contain a lexicon word but mean something else.
_OTHER_CHINESE_WORDS_TEXT = """
    包邮 包退 红包 充电宝 男女 白天 黑天 红酒 绿色环保 黄金 金额 金卡 会员 购物车 加入 订单 号码
    尺码 码数 多少 价格 价钱 有货 现货 库存 推荐 退货 退款 换货 运费 邮费 快递 客服 人工 转人工
    真人 优惠 优惠码 优惠券 折扣 折扣码 结账 结算 付款 支付 隐私 保修 质保 尺码表 适合 怎么样
    一下 一点 一些 有点 好的 谢谢 东西 可以 能不能 多重 重量 材料 材质 防水 冬天 夏天 晚上 早上
    下午 登山 徒步 露营 户外 轻便 双人 单人
"""
_OTHER_CHINESE_WORDS = frozenset(_OTHER_CHINESE_WORDS_TEXT.split())
Entry = TypeVar("Entry", Concept, Feature)
_TermIndex = dict[str, list[tuple[tuple[str, ...], Entry]]]
_NUMERAL_BEFORE = re.compile(r"[\d一二两三四五六七八九十几]\s*$")


@dataclass
class LexiconHits:
    """Lexicon entries found in a message."""

    concepts: list[Concept] = field(default_factory=list)
    features: list[tuple[Feature, int, int]] = field(default_factory=list)
    sort: Sort | None = None
    chinese_segments: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def concept_terms(self) -> list[str]:
        """English names of the concepts, for a retrieval query in the catalog's language."""
        return [concept.name for concept in self.concepts]


def _english_index(entries: list[tuple[tuple[str, ...], Entry]]) -> _TermIndex[Entry]:
    """Terms (as stems) by their first stem, longest first."""
    index: _TermIndex[Entry] = defaultdict(list)
    for term, entry in entries:
        index[term[0]].append((term, entry))
    for terms in index.values():
        terms.sort(key=lambda item: -len(item[0]))
    return index


def _stems_of(term: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in WORD.findall(term.lower()))


_CONCEPTS_EN = _english_index(
    [(_stems_of(term), concept) for concept in CONCEPTS for term in concept.english]
)
_FEATURES_EN = _english_index(
    [(_stems_of(term), feature) for feature in FEATURES for term in feature.english]
)
_CONCEPTS_ZH = {word: concept for concept in reversed(CONCEPTS) for word in concept.chinese}
_FEATURES_ZH = {word: feature for feature in reversed(FEATURES) for word in feature.chinese}
CHINESE_DICTIONARY: frozenset[str] = frozenset(
    set(_CONCEPTS_ZH)
    | set(_FEATURES_ZH)
    | {word for colour in COLOURS for word in colour.chinese}
    | {word for _, chinese in SORT_WORDS.values() for word in chinese}
    | {word for _, chinese in SIZE_WORDS.values() for word in chinese}
    | CHINESE_STOPWORDS
    | _OTHER_CHINESE_WORDS
)
LEXICON_SEGMENTER = Segmenter(CHINESE_DICTIONARY)
_SORT_PATTERNS = [
    (key, pattern)
    for key, (english, chinese) in SORT_WORDS.items()
    if (pattern := phrase_pattern((*english, *chinese))) is not None
]


def find_lexicon(scan: Scan, segmenter: Segmenter = LEXICON_SEGMENTER) -> LexiconHits:
    """Concepts, features and the sort order a message asks for; marks what they explain."""
    hits = LexiconHits()
    tokens = [
        (stem(match.group()), match.start(), match.end()) for match in WORD.finditer(scan.lower)
    ]
    for concept, start, end in _longest_terms(tokens, _CONCEPTS_EN):
        scan.explain(start, end)
        if not negated(scan.lower, start):  # "not looking for tents"
            hits.concepts.append(concept)
    for feature, start, end in _longest_terms(tokens, _FEATURES_EN):
        hits.features.append((feature, start, end))
        scan.explain(start, end)
    for run in HAN_RUN.finditer(scan.lower):
        offset = run.start()
        for segment in segmenter.cut(run.group()):
            span = (offset, offset + len(segment))
            offset = span[1]
            hits.chinese_segments.append((segment, *span))
            if len(segment) == 1 and _NUMERAL_BEFORE.search(scan.lower[: span[0]]):
                continue  # 两包, 三件: a counter after a number, not a product word
            if segment in _CONCEPTS_ZH:
                scan.explain(*span)
                if not negated(scan.lower, span[0]):
                    hits.concepts.append(_CONCEPTS_ZH[segment])
            if segment in _FEATURES_ZH:
                hits.features.append((_FEATURES_ZH[segment], *span))
                scan.explain(*span)
    hits.concepts = list(dict.fromkeys(hits.concepts))
    hits.sort = _sort(scan)
    return hits


def _longest_terms(
    tokens: list[tuple[str, int, int]], index: _TermIndex[Entry]
) -> list[tuple[Entry, int, int]]:
    """Entries whose terms occur in the tokens, left to right, longest match first."""
    found: list[tuple[Entry, int, int]] = []
    position = 0
    stems_only = [token for token, _, _ in tokens]
    while position < len(tokens):
        for term, entry in index.get(stems_only[position], ()):
            if tuple(stems_only[position : position + len(term)]) == term:
                end = position + len(term) - 1
                found.append((entry, tokens[position][1], tokens[end][2]))
                position = end
                break
        position += 1
    return found


def _sort(scan: Scan) -> Sort | None:
    """The order asked for first in the message."""
    best: tuple[int, Sort] | None = None
    for key, pattern in _SORT_PATTERNS:
        match = pattern.search(scan.lower)
        if match is not None:
            scan.explain(*match.span())
            if best is None or match.start() < best[0]:
                best = (match.start(), key)
    return best[1] if best else None
