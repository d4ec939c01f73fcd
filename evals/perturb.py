"""Seeded perturbations of shopper messages, to check that an understanding does not hinge on
spelling, case, punctuation or script.

Each perturbation keeps the meaning of the message, so the expected intent stays the same:
keyboard-neighbour typos, dropped letters, lower case, no punctuation and txt-speak for English;
full-width/half-width punctuation swaps, spaces between characters, traditional characters and an
English product word inside the sentence for Chinese. Nothing that carries a figure or a code is
ever touched: a run of letters and digits that holds a digit (sizes, prices, order numbers,
coupon codes), an upper-case code joined by dashes or slashes (SKUs, "S/M") and any string the
caller protects stay exactly as written.

`perturb(text, name, seed)` is deterministic: the same text, perturbation and seed give the same
result on every run and platform.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.errors import InvalidInputError
from text.cjk import HAN

Language = str  # "en" or "zh"

# A run of letters and digits, joined by dashes, dots, slashes or a thousands comma ("1,299.00").
_CODE = re.compile(r"[A-Za-z0-9]+(?:(?:[-_./]|,(?=\d))[A-Za-z0-9]+)*")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")

# Neighbouring keys on a QWERTY keyboard.
_NEIGHBOURS = {
    "q": "wa",
    "w": "qes",
    "e": "wrd",
    "r": "etf",
    "t": "ryg",
    "y": "tuh",
    "u": "yij",
    "i": "uok",
    "o": "ipl",
    "p": "ol",
    "a": "qsz",
    "s": "awdz",
    "d": "sefx",
    "f": "drgc",
    "g": "fthv",
    "h": "gyjb",
    "j": "hukn",
    "k": "jilm",
    "l": "kop",
    "z": "asx",
    "x": "zsdc",
    "c": "xdfv",
    "v": "cfgb",
    "b": "vghn",
    "n": "bhjm",
    "m": "njk",
}

# Shorthand shoppers type; none of it introduces a digit ("4", "2", "b4"), which would read as
# a quantity.
_TXT_PHRASES = {
    "thank you": "ty",
    "right now": "rn",
    "by the way": "btw",
    "to be honest": "tbh",
    "as soon as possible": "asap",
    "i don't know": "idk",
}
_TXT_WORDS = {
    "you": "u",
    "your": "ur",
    "you're": "ur",
    "youre": "ur",
    "are": "r",
    "please": "pls",
    "thanks": "thx",
    "what": "wat",
    "what's": "wats",
    "whats": "wats",
    "okay": "ok",
    "because": "cuz",
    "with": "w/",
    "people": "ppl",
    "something": "sth",
    "really": "rly",
    "have": "hav",
    "tonight": "tonite",
    "and": "n",
    "about": "abt",
    "don't": "dont",
    "i'm": "im",
    "can't": "cant",
    "doesn't": "doesnt",
    "isn't": "isnt",
    "probably": "prob",
    "though": "tho",
    "message": "msg",
}

_PUNCTUATION = set(".,!?;:\"'()…~") | set("，。！？；：、“”‘’（）…～《》【】")
_FULL_BY_HALF = {
    ",": "，",
    ".": "。",
    "?": "？",
    "!": "！",
    ":": "：",
    ";": "；",
    "(": "（",
    ")": "）",
    "~": "～",
}
_HALF_BY_FULL = {full: half for half, full in _FULL_BY_HALF.items()}

# Simplified -> traditional for characters common in shopping messages, as pairs. Characters
# whose traditional form depends on the word (干: 乾/幹, 冲: 沖/衝, 面: 面/麵) are left out.
_TRADITIONAL = {
    pair[0]: pair[1]
    for pair in (
        "么麼 个個 这這 吗嗎 们們 货貨 钱錢 买買 卖賣 车車 购購 账賬 单單 订訂 发發 "
        "运運 费費 换換 价價 优優 码碼 让讓 说說 话話 请請 问問 该該 没沒 还還 过過 "
        "对對 时時 间間 会會 样樣 点點 东東 长長 门門 开開 关關 电電 袜襪 帐帳 头頭 "
        "灯燈 壶壺 绿綠 红紅 乌烏 龙龍 机機 阅閱 读讀 书書 线線 蓝藍 黄黃 颜顏 号號 "
        "双雙 两兩 几幾 种種 务務 质質 坏壞 递遞 邮郵 达達 国國 际際 内內 试試 给給 "
        "帮幫 见見 网網 图圖 实實 专專 业業 产產 欢歡 觉覺 应應 当當 为為 从從 经經 "
        "热熱 温溫 锋鋒 轻輕 营營 垫墊 气氣 炉爐 锅鍋 丝絲 绒絨 马馬 裤褲 围圍 领領 "
        "链鏈 凉涼 滤濾 净淨 饮飲 礼禮 爱愛 亲親 谢謝 欧歐 标標 迟遲 错錯 误誤 态態 "
        "烂爛 诉訴 员員 处處 决決 办辦 减減 删刪 选選 择擇 结結 块塊 币幣 转轉 动動 "
        "边邊 远遠 进進 变變 题題 计計 难難 听聽 后後 来來 里裡 宝寶 库庫 现現 补補 "
        "终終 于於 儿兒 续續 谁誰 带帶 装裝 鲜鮮 闻聞 "
    ).split()
}

# Chinese shopping words and the English a bilingual shopper types in their place.
_ENGLISH_WORDS = {
    "帐篷": "tent",
    "睡袋": "sleeping bag",
    "防潮垫": "sleeping pad",
    "头灯": "headlamp",
    "登山杖": "trekking poles",
    "登山鞋": "hiking boots",
    "登山靴": "hiking boots",
    "徒步鞋": "hiking shoes",
    "靴子": "boots",
    "冲锋衣": "rain jacket",
    "羽绒服": "down jacket",
    "袜子": "socks",
    "背包": "backpack",
    "手套": "gloves",
    "炉子": "stove",
    "气罐": "gas canister",
    "净水器": "water filter",
    "吊床": "hammock",
    "指南针": "compass",
    "急救包": "first aid kit",
    "凉鞋": "sandals",
    "绿茶": "green tea",
    "红茶": "black tea",
    "乌龙茶": "oolong tea",
    "花草茶": "herbal tea",
    "咖啡豆": "coffee beans",
    "磨豆机": "grinder",
    "水壶": "kettle",
    "耳机": "headphones",
    "阅读器": "e-reader",
    "紫砂壶": "teapot",
    "购物车": "cart",
    "优惠码": "promo code",
    "优惠券": "coupon",
    "订单": "order",
}


@dataclass(frozen=True)
class Perturbation:
    """A named change of a message, for the languages where it means something."""

    name: str
    languages: frozenset[Language]
    description: str
    change: Callable[[str, random.Random, Sequence[tuple[int, int]]], str]


def _protected_spans(text: str, protect: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for match in _CODE.finditer(text):
        token = match.group()
        has_digit = any(char.isdigit() for char in token)
        is_code = token.isupper() and any(sep in token for sep in "-_/.")
        if has_digit or is_code:
            spans.append(match.span())
    for value in protect:
        if not value:
            continue
        for match in re.finditer(re.escape(value), text, re.IGNORECASE):
            spans.append(match.span())
    return sorted(spans)


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def _free_words(
    text: str, spans: Sequence[tuple[int, int]], min_length: int
) -> list[re.Match[str]]:
    return [
        match
        for match in _WORD.finditer(text)
        if len(match.group()) >= min_length and not _overlaps(*match.span(), spans)
    ]


def _edit_words(
    text: str,
    rng: random.Random,
    spans: Sequence[tuple[int, int]],
    edit: Callable[[str, random.Random], str],
) -> str:
    """Apply `edit` to one word of four letters or more, two in a long message."""
    words = _free_words(text, spans, 4)
    if not words:
        return text
    count = 1 if len(words) < 6 else 2
    chosen = sorted(rng.sample(words, count), key=lambda match: match.start(), reverse=True)
    for match in chosen:
        start, end = match.span()
        text = text[:start] + edit(match.group(), rng) + text[end:]
    return text


def _neighbour_typo(word: str, rng: random.Random) -> str:
    positions = [i for i in range(1, len(word)) if word[i].lower() in _NEIGHBOURS]
    if not positions:
        return word
    i = rng.choice(positions)
    replacement = rng.choice(_NEIGHBOURS[word[i].lower()])
    if word[i].isupper():
        replacement = replacement.upper()
    return word[:i] + replacement + word[i + 1 :]


def _drop_one(word: str, rng: random.Random) -> str:
    positions = [i for i in range(1, len(word) - 1) if word[i].isalpha()]
    if not positions:
        return word
    i = rng.choice(positions)
    return word[:i] + word[i + 1 :]


def _typo(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    return _edit_words(text, rng, spans, _neighbour_typo)


def _dropped_letter(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    return _edit_words(text, rng, spans, _drop_one)


def _lower(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    return "".join(char if _inside(i, spans) else char.lower() for i, char in enumerate(text))


def _no_punctuation(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    kept = "".join(
        char for i, char in enumerate(text) if _inside(i, spans) or char not in _PUNCTUATION
    )
    return re.sub(r" {2,}", " ", kept).strip()


def _replace_all(
    text: str, table: dict[str, str], spans: Sequence[tuple[int, int]], pattern: str
) -> str:
    def substitute(match: re.Match[str]) -> str:
        if _overlaps(*match.span(), spans):
            return match.group()
        original = match.group()
        short = table[original.lower()]
        return short.upper() if original.isupper() and len(original) > 1 else short

    return re.sub(pattern, substitute, text, flags=re.IGNORECASE)


def _txt_speak(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    phrases = "|".join(re.escape(p) for p in sorted(_TXT_PHRASES, key=len, reverse=True))
    text = _replace_all(text, _TXT_PHRASES, spans, rf"\b(?:{phrases})\b")
    spans = _protected_spans(text, ())  # offsets moved; codes are re-found in the new text
    words = "|".join(re.escape(w) for w in sorted(_TXT_WORDS, key=len, reverse=True))
    return _replace_all(text, _TXT_WORDS, spans, rf"(?<![\w'])(?:{words})(?![\w'])")


def _swap_width(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    def swap(char: str) -> str:
        return _HALF_BY_FULL.get(char) or _FULL_BY_HALF.get(char) or char

    return "".join(char if _inside(i, spans) else swap(char) for i, char in enumerate(text))


def _spaced(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    gaps = [
        i
        for i in range(1, len(text))
        if HAN.match(text[i - 1]) and HAN.match(text[i]) and not _inside(i, spans)
    ]
    if not gaps:
        return text
    chosen = sorted(rng.sample(gaps, max(1, len(gaps) // 4)), reverse=True)
    for i in chosen:
        text = text[:i] + " " + text[i:]
    return text


def _traditional(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    return "".join(
        char if _inside(i, spans) else _TRADITIONAL.get(char, char) for i, char in enumerate(text)
    )


def _english_word(text: str, rng: random.Random, spans: Sequence[tuple[int, int]]) -> str:
    pattern = "|".join(re.escape(w) for w in sorted(_ENGLISH_WORDS, key=len, reverse=True))
    matches = [m for m in re.finditer(pattern, text) if not _overlaps(*m.span(), spans)]
    if not matches:
        return text
    match = rng.choice(matches)
    start, end = match.span()
    english = _ENGLISH_WORDS[match.group()]
    if rng.random() < 0.5:  # "想买个 tent 吗" or "想买个tent吗": shoppers write both
        english = f" {english} "
    return (text[:start] + english + text[end:]).strip().replace("  ", " ")


PERTURBATIONS: dict[str, Perturbation] = {
    p.name: p
    for p in (
        Perturbation(
            "typo", frozenset({"en"}), "a keyboard-neighbour letter in one or two words", _typo
        ),
        Perturbation(
            "dropped_letter",
            frozenset({"en"}),
            "one letter left out of one or two words",
            _dropped_letter,
        ),
        Perturbation("lower_case", frozenset({"en", "zh"}), "everything in lower case", _lower),
        Perturbation(
            "no_punctuation",
            frozenset({"en", "zh"}),
            "no punctuation marks (currency, %, dashes and slashes stay)",
            _no_punctuation,
        ),
        Perturbation(
            "txt_speak", frozenset({"en"}), "you -> u, are -> r, please -> pls, ...", _txt_speak
        ),
        Perturbation(
            "punctuation_width",
            frozenset({"zh"}),
            "full-width punctuation as half-width and the reverse",
            _swap_width,
        ),
        Perturbation(
            "cjk_spaces", frozenset({"zh"}), "spaces between some Chinese characters", _spaced
        ),
        Perturbation(
            "traditional",
            frozenset({"zh"}),
            "common characters in their traditional form",
            _traditional,
        ),
        Perturbation(
            "english_word",
            frozenset({"zh"}),
            "one Chinese product or shopping word in English",
            _english_word,
        ),
    )
}


def perturbations_for(language: Language) -> list[str]:
    """The names of the perturbations that apply to messages in `language`."""
    return [name for name, p in PERTURBATIONS.items() if language in p.languages]


def perturb(text: str, name: str, seed: int = 0, protect: Iterable[str] = ()) -> str:
    """`text` changed by the perturbation `name`; the same for the same text, name and seed.

    Figures, codes and every string in `protect` (case-insensitive) are left as written.
    """
    perturbation = PERTURBATIONS.get(name)
    if perturbation is None:
        raise InvalidInputError(f"unknown perturbation {name!r}; known: {sorted(PERTURBATIONS)}")
    rng = random.Random(f"{seed}\x00{name}\x00{text}")
    return perturbation.change(text, rng, _protected_spans(text, protect))
