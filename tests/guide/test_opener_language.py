"""The opener's language: the shopper's own words first (the language their conversation was
last in), then the browser's language the widget reported, then the store's locale; and a FAQ
question the store wrote in English is not quoted inside a Chinese opener: its topic is named
in Chinese, or the opener only invites a question, with the FAQ entry cited either way."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from assistant.conversations import current_conversation
from assistant.db import Database
from tests.guide.conftest import EventShopper, TableFaq, enable_guide, opener_of
from tests.guide.test_openers import REPEAT_ONLY, view_three_times


def shopper_with(client: TestClient, locale: str | None) -> EventShopper:
    body = {"locale": locale} if locale else {}
    response = client.post("/v1/stores/shop/sessions", json=body)
    assert response.status_code == 201, response.text
    shopper = EventShopper.__new__(EventShopper)
    shopper.client, shopper.store = client, "shop"
    shopper.session_id, shopper.token = response.json()["session_id"], response.json()["token"]
    return shopper


def spoke(database: Database, shopper: EventShopper, language: str) -> None:
    """What a chat turn records: the language of the shopper's latest message."""
    with database.transaction() as session:
        current_conversation(session, "shop", shopper.session_id).language = language


def opener_for(shopper: EventShopper) -> dict[str, Any]:
    opener = opener_of(view_three_times(shopper, "summit-boot"))
    assert opener is not None
    return opener


def test_a_chinese_browser_gets_the_faq_topic_in_chinese_not_the_english_question(
    client: TestClient, stores: dict[str, str], faq: TableFaq
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    faq.questions["boots"] = "Which boot size should I buy?"
    shopper = shopper_with(client, "zh-CN")
    opener = opener_for(shopper)
    assert opener["language"] == "zh"
    assert opener["text"] == (
        "还在考虑Summit Boot吗？价格是 $150.00，有货。"
        "很多顾客会问尺码方面的问题，在这里回复，我来解答。"
    )
    [message] = shopper.get("/chat/messages").json()["messages"]
    assert message["citations"][0]["section"] == "Which boot size should I buy?"


def test_a_question_with_no_known_topic_becomes_an_invitation(
    client: TestClient, stores: dict[str, str], faq: TableFaq
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    faq.questions["boots"] = "Are these boots vegan?"
    opener = opener_for(shopper_with(client, "zh-TW"))
    assert opener["text"].endswith("有问题吗？在这里回复我。")
    assert "vegan" not in opener["text"]


def test_a_question_the_store_wrote_in_chinese_is_quoted(
    client: TestClient, stores: dict[str, str], faq: TableFaq
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    faq.questions["boots"] = "登山靴选哪个尺码？"
    opener = opener_for(shopper_with(client, "zh-CN"))
    assert "很多顾客会问：“登山靴选哪个尺码？”" in opener["text"]


def test_what_the_shopper_wrote_outweighs_the_browser_language(
    client: TestClient, stores: dict[str, str], database: Database
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    english_browser = shopper_with(client, "en-US")
    spoke(database, english_browser, "zh")
    assert opener_for(english_browser)["language"] == "zh"
    chinese_browser = shopper_with(client, "zh-CN")
    spoke(database, chinese_browser, "en")
    assert opener_for(chinese_browser)["language"] == "en"


def test_without_words_or_browser_language_the_store_locale_decides(
    client: TestClient, stores: dict[str, str]
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    assert opener_for(shopper_with(client, None))["language"] == "en"


def test_an_english_opener_quotes_the_english_question(
    client: TestClient, stores: dict[str, str], faq: TableFaq
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    faq.questions["boots"] = "Which boot size should I buy?"
    opener = opener_for(shopper_with(client, "en-GB"))
    assert opener["text"].endswith(
        'Shoppers often ask: "Which boot size should I buy?" Reply here and I will answer.'
    )
