"""The reply follows the shopper's language (the rule itself is tested in tests/text)."""

from __future__ import annotations

import pytest

from tests.agent.understanding.conftest import Store


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("how much is it?", "en"),
        ("多少钱？", "zh"),
        ("Ridgeline 2P 帐篷", "zh"),
        ("I want the 帐篷", "en"),
    ],
)
def test_understanding_reports_the_message_language(store: Store, text: str, language: str) -> None:
    assert store.read(text).language == language
