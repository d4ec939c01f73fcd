"""The proactive guide over the API: which moments open a conversation, what the opener says
(facts from the tools and the store's FAQ), and every cap that keeps it quiet."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from assistant.conversations import current_conversation, transition
from assistant.db import Database
from assistant.domain import GuideOpener
from tests.guide.conftest import Clock, EventShopper, TableFaq, enable_guide, opener_of

REPEAT_ONLY = {"rules": [{"kind": "repeat_views", "views": 3, "within_minutes": 15}]}


def view_three_times(shopper: EventShopper, product: str, sku: str | None = None) -> Any:
    shopper.view(product, sku)
    shopper.view(product, sku)
    return shopper.view(product, sku)


def test_the_guide_is_off_for_a_new_store(shopper: EventShopper) -> None:
    assert opener_of(view_three_times(shopper, "trail-boot")) is None


def test_the_third_view_opens_with_price_stock_and_the_faq(
    client: TestClient, stores: dict[str, str], shopper: EventShopper, faq: TableFaq
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    faq.questions["boots"] = "Which boot size should I buy?"

    assert opener_of(shopper.view("summit-boot")) is None
    assert opener_of(shopper.view("summit-boot")) is None
    opener = opener_of(shopper.view("summit-boot"))

    assert opener is not None
    assert opener["rule"] == "repeat_views"
    assert opener["text"] == (
        "Still deciding on the Summit Boot? It is $150.00, in stock. "
        'Shoppers often ask: "Which boot size should I buy?" Reply here and I will answer.'
    )
    assert faq.queries == ["Hiking Boots colour size"]
    transcript = shopper.get("/chat/messages").json()
    assert transcript["conversation_id"] == opener["conversation_id"]
    [message] = transcript["messages"]
    assert message["id"] == opener["message_id"]
    assert message["role"] == "assistant"
    assert message["content"] == opener["text"]
    assert message["citations"][0]["section"] == "Which boot size should I buy?"


def test_views_outside_the_window_do_not_count(
    client: TestClient, stores: dict[str, str], shopper: EventShopper, clock: Clock
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    shopper.view("summit-boot")
    clock.advance(minutes=16)
    assert opener_of(shopper.view("summit-boot")) is None
    assert opener_of(shopper.view("summit-boot")) is None
    assert opener_of(shopper.view("summit-boot")) is not None


def test_the_opener_speaks_of_the_shoppers_size_and_the_promotion(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, rules=[{"kind": "dwell", "seconds": 30}])
    shopper.view("rain-jacket", sku="JACKET-STORM-M")
    response = shopper.report({"kind": "product.dwell", "product": "rain-jacket", "seconds": 31})

    opener = opener_of(response)
    assert opener is not None
    assert opener["rule"] == "dwell"
    # 20% off $200.00 from the store's price rule; 4 units of size M in stock.
    assert "In size M it is $160.00, only 4 left." in opener["text"]
    assert "On now: Rain sale 20% off." in opener["text"]
    assert opener["text"].endswith("Any question? Reply here.")


def test_a_short_stay_opens_nothing(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, rules=[{"kind": "dwell", "seconds": 30}])
    response = shopper.report({"kind": "product.dwell", "product": "rain-jacket", "seconds": 29})
    assert opener_of(response) is None


def test_a_chinese_shopper_gets_a_chinese_opener(
    client: TestClient, stores: dict[str, str]
) -> None:
    enable_guide(client, stores, rules=[{"kind": "dwell", "seconds": 30}])
    body = client.post("/v1/stores/shop/sessions", json={"locale": "zh-CN"}).json()
    shopper = EventShopper.__new__(EventShopper)
    shopper.client, shopper.store = client, "shop"
    shopper.session_id, shopper.token = body["session_id"], body["token"]

    response = shopper.report({"kind": "product.dwell", "product": "trail-boot", "seconds": 40})

    opener = opener_of(response)
    assert opener is not None
    assert opener["language"] == "zh"
    assert opener["text"].startswith("还在考虑Trail Boot吗？价格是 $100.00，仅剩 3 件。")


def add_to_cart(shopper: EventShopper, sku: str, quantity: int = 1) -> None:
    response = shopper.client.post(
        shopper.url("/cart/items"),
        json={"sku": sku, "quantity": quantity},
        headers={**shopper.headers, "Idempotency-Key": f"add-{sku}-{quantity}"},
    )
    assert response.status_code in (200, 201), response.text


def test_leaving_with_a_cart_opens_about_the_cart(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, rules=[{"kind": "leaving_with_cart"}])
    assert opener_of(shopper.report({"kind": "page.leaving", "via": "pointer"})) is None
    add_to_cart(shopper, "BOOT-TRAIL-42")
    add_to_cart(shopper, "SOCK-WOOL-M", 2)

    opener = opener_of(shopper.report({"kind": "page.leaving", "via": "back"}, page="cart"))

    assert opener is not None
    assert opener["rule"] == "leaving_with_cart"
    # The store's first listed coupon that the $120.00 cart qualifies for: SAVE10.
    assert opener["text"] == (
        "Your cart has 3 items for $120.00. The Trail Boot in size 42: $100.00, only 3 left. "
        "Code SAVE10 takes 10% off it (orders of $50.00 or more). Any question? Reply here."
    )


def test_a_cart_left_unchanged_opens_once(
    client: TestClient, stores: dict[str, str], shopper: EventShopper, clock: Clock
) -> None:
    enable_guide(client, stores, rules=[{"kind": "cart_idle", "minutes": 10}])
    add_to_cart(shopper, "SHOE-CITY-42")
    clock.advance(minutes=9)
    assert opener_of(shopper.view("wool-sock")) is None
    clock.advance(minutes=2)
    opener = opener_of(shopper.view("wool-sock"))
    assert opener is not None
    assert opener["rule"] == "cart_idle"
    clock.advance(minutes=30)
    assert opener_of(shopper.view("wool-sock")) is None


def test_a_store_with_its_own_cart_reports_its_lines(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, rules=[{"kind": "leaving_with_cart"}])
    shopper.report({"kind": "cart.updated", "items": [{"sku": "JACKET-STORM-M", "quantity": 1}]})
    opener = opener_of(shopper.report({"kind": "page.leaving", "via": "pointer"}))
    assert opener is not None
    assert opener["text"].startswith("Your cart has 1 item for $160.00.")


def openers(database: Database, session_id: str) -> int:
    with database.session() as session:
        return int(
            session.scalar(
                select(func.count(GuideOpener.id)).where(GuideOpener.session_id == session_id)
            )
            or 0
        )


def test_never_twice_for_the_same_product(
    client: TestClient, stores: dict[str, str], shopper: EventShopper, database: Database
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    assert opener_of(view_three_times(shopper, "summit-boot")) is not None
    assert opener_of(view_three_times(shopper, "summit-boot")) is None
    assert openers(database, shopper.session_id) == 1


def test_at_most_the_daily_cap(
    client: TestClient, stores: dict[str, str], shopper: EventShopper, clock: Clock
) -> None:
    enable_guide(client, stores, max_openers_per_day=2, **REPEAT_ONLY)
    assert opener_of(view_three_times(shopper, "summit-boot")) is not None
    assert opener_of(view_three_times(shopper, "trail-boot")) is not None
    assert opener_of(view_three_times(shopper, "city-shoe")) is None
    clock.advance(hours=25)
    assert opener_of(view_three_times(shopper, "city-shoe")) is not None


def test_never_on_a_checkout_page(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, rules=[{"kind": "leaving_with_cart"}])
    add_to_cart(shopper, "BOOT-TRAIL-42")
    leaving = {"kind": "page.leaving", "via": "pointer"}
    assert opener_of(shopper.report(leaving, page="checkout")) is None
    assert opener_of(shopper.report({"kind": "checkout.started"}, leaving, page="cart")) is None


def test_silent_while_a_person_holds_the_conversation(
    client: TestClient, stores: dict[str, str], shopper: EventShopper, database: Database
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    with database.transaction() as session:
        conversation = current_conversation(session, "shop", shopper.session_id)
        transition(session, conversation, "waiting", actor="test")
    assert opener_of(view_three_times(shopper, "summit-boot")) is None


def test_a_shopper_who_switched_it_off_gets_no_more(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    assert opener_of(view_three_times(shopper, "summit-boot")) is not None
    switched = client.post(shopper.url("/guide/switch-off"), headers=shopper.headers)
    assert switched.status_code == 204
    again = client.post(shopper.url("/guide/switch-off"), headers=shopper.headers)
    assert again.status_code == 204
    assert opener_of(view_three_times(shopper, "trail-boot")) is None
