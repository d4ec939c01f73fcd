"""One language rule for replies and retrieval: any ideograph around names is Chinese."""

from __future__ import annotations

import pytest

from text.language import detect_language


@pytest.mark.parametrize(
    "text",
    [
        "do you have waterproof boots?",
        "Is the Ridgeline 2P in stock?",
        "42",
        "",
        "I want the 帐篷",  # one Chinese word quoted in an English sentence
        "What does 帐篷 mean in English?",
        "Do you ship to 上海?",
    ],
)
def test_english_sentences_are_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "这个有货吗",
        "有没有防水的登山鞋？",
        "Ridgeline 2P 帐篷",  # an English product name with a Chinese word
        "这个 Ridgeline 2P 有货吗",
        "Ridgeline 2P 防水吗",
        "我要 size 42",
        "Inkleaf 7 Pro 防水吗",
        "有适合两个人的轻便帐篷吗？",
        "我想买 the Ridgeline 帐篷",  # a stray English word inside a Chinese sentence
    ],
)
def test_chinese_around_names_is_chinese(text: str) -> None:
    assert detect_language(text) == "zh"


def test_a_letter_inside_a_size_is_not_an_english_word() -> None:
    assert detect_language("2P 帐篷 in stock") == "zh"
    assert detect_language("is the 2P 帐篷 in stock") == "en"
