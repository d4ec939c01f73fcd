"""Language detection: the reply follows the shopper's language."""

from __future__ import annotations

import pytest

from assistant.agent.understanding import detect_language
from tests.agent.understanding.conftest import Store


@pytest.mark.parametrize(
    "text",
    [
        "do you have waterproof boots?",
        "Is the Ridgeline 2P in stock?",
        "42",
        "",
        "I want the 帐篷",  # one Chinese word in an English sentence
    ],
)
def test_english_messages_are_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "这个有货吗",
        "有没有防水的登山鞋？",
        "这个 Ridgeline 2P 有货吗",  # a Latin product name inside a Chinese sentence
        "我要 size 42",
        "Inkleaf 7 Pro 防水吗",
    ],
)
def test_chinese_messages_are_chinese(text: str) -> None:
    assert detect_language(text) == "zh"


@pytest.mark.parametrize(("text", "language"), [("how much is it?", "en"), ("多少钱？", "zh")])
def test_understanding_reports_the_message_language(store: Store, text: str, language: str) -> None:
    assert store.read(text).language == language
