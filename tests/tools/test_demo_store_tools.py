"""Every tool against the demo store ("Trailhead Outfitters"), as the demo and the evals use it."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from langchain.agents import create_agent
from langchain_core.messages import HumanMessage, ToolMessage
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.config import Settings
from assistant.db import Database
from assistant.demo import DEMO_STORE_ID
from assistant.domain import Customer
from assistant.shopper_sessions import start_session
from tests.tools.conftest import key
from tests.tools.helpers import failed, fill, ok, stock
from tools.cart import apply_coupon
from tools.checkout import start_checkout
from tools.deps import ToolDeps
from tools.langchain_tools import build_tools
from tools.orders import get_order_status
from tools.pricing import get_price
from tools.recommend import recommend_products
from tools.search import get_product, search_products
from tools.services import ToolServices
from tools.stock import check_stock

# After the summer coupon ended and while the rain-jacket promotion runs.
DEMO_NOW = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture
def demo(demo_tables: Database, settings: Settings) -> ToolDeps:
    database = demo_tables
    with database.transaction() as session:
        maya = session.scalars(
            select(Customer).where(
                Customer.store_id == DEMO_STORE_ID, Customer.external_id == "cust-1001"
            )
        ).one()
        issued = start_session(session, settings, DEMO_STORE_ID, now=DEMO_NOW)
    services = ToolServices.build(settings, database, now=lambda: DEMO_NOW)
    return services.for_shopper(DEMO_STORE_ID, issued.identity.session_id, customer_id=maya.id)


def test_waterproof_boots_in_size_42_under_120(demo: ToolDeps) -> None:
    result = ok(
        search_products(
            demo,
            "waterproof hiking boots",
            max_price=Decimal(120),
            attributes={"size": "42", "waterproof": True},
            in_stock_only=True,
        )
    )
    variants = [v for p in result.products for v in p.variants]
    assert variants
    assert all(v.options["size"] == "42" and v.available > 0 for v in variants)
    assert all(v.price.amount_minor <= 12_000 for v in variants)
    assert all(p.attributes["waterproof"] is True for p in result.products)


def test_a_product_comes_with_every_variant(demo: ToolDeps) -> None:
    tent = ok(get_product(demo, "ridgeline-2p-tent"))
    assert {v.sku for v in tent.variants} == {"TENT-RL2-GRN", "TENT-RL2-ORG"}


def test_a_sold_out_size_offers_the_same_size_first(demo: ToolDeps) -> None:
    level = ok(check_stock(demo, "BOOT-SUMMIT-BRN-40"))
    assert not level.available_now
    assert level.alternatives[0].options["size"] == "40"


def test_rain_jackets_are_on_promotion(demo: ToolDeps) -> None:
    quote = ok(get_price(demo, "JKT-CLOUD-BLU-M"))
    assert quote.applied_rule is not None and quote.applied_rule.code == "RAIN-READY-20"
    assert quote.total.amount_minor == 10_320


def test_three_pairs_of_socks_get_the_quantity_break(demo: ToolDeps) -> None:
    quote = ok(get_price(demo, "SOCK-MHC-CHR-M", 3))
    assert quote.applied_rule is not None and quote.applied_rule.code == "SOCKS-3PLUS"


def test_the_summer_coupon_has_expired(demo: ToolDeps) -> None:
    fill(demo, ("TENT-RL2-GRN", 1))
    assert failed(apply_coupon(demo, "SUMMER25", idempotency_key=key())).code == "coupon_expired"


def test_checkout_with_the_welcome_coupon(demo: ToolDeps, database: Database) -> None:
    fill(demo, ("TENT-RL2-GRN", 1))
    ok(apply_coupon(demo, "WELCOME10", idempotency_key=key()))
    order = ok(start_checkout(demo, idempotency_key=key()))
    assert (order.subtotal.amount_minor, order.total.amount_minor) == (24_900, 22_410)
    assert stock(database, "TENT-RL2-GRN") == (17, 1)


def test_a_customer_sees_a_delivered_order_with_tracking(demo: ToolDeps) -> None:
    order = ok(get_order_status(demo, "TO-10002")).orders[0]
    assert order.status == "delivered"
    assert order.tracking is not None
    assert [step.status for step in order.history][-1] == "delivered"


def test_the_tent_recommends_its_footprint(demo: ToolDeps) -> None:
    result = ok(recommend_products(demo, "ridgeline-2p-tent"))
    assert result.items[0].product.handle == "ridgeline-2p-footprint"
    assert result.items[0].reason == "complement"


def test_every_tool_answers_through_langchain(demo: ToolDeps) -> None:
    calls = {
        "search_products": {"query": "headlamp"},
        "get_product": {"product": "beacon-300-headlamp"},
        "compare_products": {"products": ["beacon-300-headlamp", "nightrunner-1000-headlamp"]},
        "rank_products": {"attribute": "lumens", "category": "headlamps"},
        "ask_product": {"product": "beacon-300-headlamp", "question": "what batteries?"},
        "list_promotions": {"category": "rain-jackets"},
        "check_stock": {"sku": "TENT-RL2-GRN"},
        "get_price": {"sku": "TENT-RL2-GRN", "quantity": 2},
        "add_to_cart": {"sku": "TENT-RL2-GRN"},
        "update_cart_item": {"sku": "TENT-RL2-GRN", "quantity": 2},
        "request_better_price": {"product": "TENT-RL2-GRN", "reason": "bundle"},
        "apply_coupon": {"code": "TRAIL20"},
        "remove_coupon": {},
        "view_cart": {},
        "recommend_products": {},
        "remove_from_cart": {"sku": "TENT-RL2-GRN"},
        "get_order_status": {"order_number": "TO-10002"},
        "recommend_for_me": {"category": "tents"},
        "set_personal_recommendations": {"enabled": True},
    }
    tools = {tool.name: tool for tool in build_tools(demo)}
    for number, (name, args) in enumerate(calls.items()):
        message = tools[name].invoke(
            {"type": "tool_call", "id": f"demo-{number}", "name": name, "args": args}
        )
        assert isinstance(message, ToolMessage)
        assert json.loads(str(message.content)).get("ok") is not False, (name, message.content)
    assert set(tools) - set(calls) == {"start_checkout"}


def test_an_agent_buys_a_tent_through_the_tools(demo: ToolDeps, database: Database) -> None:
    model = ScriptedChatModel(
        script=[
            tool_call("search_products", query="two person tent"),
            tool_call("add_to_cart", sku="TENT-RL2-GRN", quantity=1),
            tool_call("start_checkout"),
            reply("Your order is placed."),
        ]
    )
    agent = create_agent(model, tools=build_tools(demo))
    state = agent.invoke({"messages": [HumanMessage("I'll take the green two-person tent")]})
    results = [json.loads(str(m.content)) for m in state["messages"] if isinstance(m, ToolMessage)]
    assert results[0]["products"][0]["handle"] == "ridgeline-2p-tent"
    assert results[2]["status"] == "pending_payment"
    assert stock(database, "TENT-RL2-GRN") == (17, 1)
