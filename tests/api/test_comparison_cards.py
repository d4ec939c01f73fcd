"""A comparison in one answer gets a card for every product compared."""

from __future__ import annotations

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from tests.api.conftest import Shopper


def test_a_comparison_shows_a_card_for_each_product_compared(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(
        tool_call("compare_products", products=["trail-boot", "summit-boot"]),
        reply("The Trail Boot is lighter than the Summit Boot."),
    )
    body = shopper.send("trail boot or summit boot, which is lighter?").json()
    cards = [(card["title"], card["sku"]) for card in body["product_cards"]]
    assert cards == [("Trail Boot", "BOOT-TRAIL-42"), ("Summit Boot", "BOOT-SUMMIT-42")]
    assert body["quick_replies"][0] == "Add the first one to my cart"
