"""The engine on a store shaped nothing like the demo: tea and gadgets, other option names,
other policies, euros. Nothing in the engine may lean on the demo's catalog or wording."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.agent.factory import build_agent
from assistant.agent.loop import ChatAgent
from assistant.agent.turn import TurnResult
from assistant.catalog.schema import CatalogIn
from assistant.catalog.upsert import apply_catalog
from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.stores import create_store
from retrieval.knowledge import KnowledgeBase
from retrieval.sources import SourceFile
from tests.factories import make_shopper_session

CATALOG = Path(__file__).parents[1] / "understanding" / "tea_catalog.json"
POLICY = b"""# Leaf & Cup delivery and returns

## Delivery
We deliver within Germany in 2 working days. Delivery costs 4.90 EUR; orders over 39 EUR ship free.

## Returns
Unopened tea can be returned within 14 days of delivery. Opened packs cannot be returned for
hygiene reasons. Electronics can be returned within 30 days in their original box.
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ChatAgent, Database]]:
    root = tmp_path_factory.mktemp("leafcup")
    settings = Settings(data_dir=root, _env_file=None)
    migrate(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        create_store(session, "leafcup", "Leaf & Cup", currency="EUR")
        catalog = CatalogIn.model_validate(json.loads(CATALOG.read_text(encoding="utf-8")))
        apply_catalog(session, "leafcup", catalog)
    knowledge = KnowledgeBase(settings, database)
    knowledge.ingest("leafcup", [SourceFile("policies/shop.md", POLICY, "policy")])
    yield build_agent(settings, database, knowledge), database
    database.dispose()


def conversation(shop: tuple[ChatAgent, Database]) -> Callable[[str], TurnResult]:
    agent, database = shop
    with database.transaction() as session:
        session_id = make_shopper_session(session, "leafcup")

    def say(text: str) -> TurnResult:
        result = asyncio.run(agent.run_turn("leafcup", session_id, text))
        assert result.grounding_violations == []
        return result

    return say


def test_products_are_found_by_the_stores_own_categories(shop: tuple[ChatAgent, Database]) -> None:
    say = conversation(shop)
    result = say("do you have green tea?")
    assert [c.name for c in result.tool_calls] == ["search_products"]
    assert "Dragon Well Longjing" in result.reply or "Sencha" in result.reply


def test_variants_use_the_stores_option_names(shop: tuple[ChatAgent, Database]) -> None:
    say = conversation(shop)
    result = say("how much is the Dragon Well Longjing in 250 g?")
    prices = [c for c in result.tool_calls if c.name == "get_price"]
    assert prices and prices[0].arguments["sku"] == "DRAGON-WELL-LONGJING-250g"
    assert "39.00" in result.reply


def test_out_of_stock_variants_offer_the_other_options(shop: tuple[ChatAgent, Database]) -> None:
    say = conversation(shop)
    result = say("is the Asahi Sencha 50 g in stock?")
    assert "out of stock" in result.reply
    assert "100 g" in result.reply


def test_a_variant_goes_into_the_cart_in_euros(shop: tuple[ChatAgent, Database]) -> None:
    say = conversation(shop)
    say("tell me about the Jasmine Pearls")
    result = say("add two of the 100 g to my cart")
    assert [c.name for c in result.tool_calls][-1] == "add_to_cart"
    assert "€40.00" in result.reply


def test_the_stores_own_policy_answers(shop: tuple[ChatAgent, Database]) -> None:
    say = conversation(shop)
    result = say("can I return opened tea?")
    assert result.citations and result.citations[0].source == "policies/shop.md"
    assert "14 days" in result.reply or "hygiene" in result.reply
