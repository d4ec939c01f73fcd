"""A ranking in one answer gets a card for every product ranked."""

from __future__ import annotations

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from tests.api.conftest import Shopper


def test_a_ranking_shows_a_card_for_each_product_ranked(
    shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(
        tool_call("rank_products", attribute="weight_g", direction="least", category="boots"),
        reply("The Trail Boot is the lightest: 520 g; then the Summit Boot, 640 g."),
    )
    body = shopper.send("which boot is the lightest?").json()
    cards = [(card["title"], card["sku"]) for card in body["product_cards"]]
    assert cards == [("Trail Boot", "BOOT-TRAIL-42"), ("Summit Boot", "BOOT-SUMMIT-42")]
