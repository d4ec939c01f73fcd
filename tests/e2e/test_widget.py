"""The widget in a real browser: a shopper opens the storefront, asks for a product, sees a
card, adds it to the cart and sees the count change; the conversation survives a reload; the
panel fills a phone's screen; Chinese text goes through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.conversations import NewMessage, append_messages, transition
from assistant.db import Database
from assistant.domain import Conversation, Message
from tests.e2e.conftest import LiveServer

BOOTS_ANSWER = "We have the Summit Boot at $150.00 and the Trail Boot at $100.00."


def open_chat(page: Any, server: LiveServer) -> None:
    page.goto(f"{server.url}/store/shop")
    page.get_by_role("button", name="Chat with us").click()
    page.locator(".sa-panel").wait_for(state="visible")


def ask(page: Any, text: str) -> None:
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def test_a_shopper_finds_a_product_and_adds_it_to_the_cart(
    browser: Any, live_server: LiveServer, e2e_model: ScriptedChatModel, artifacts: Path
) -> None:
    e2e_model.add(tool_call("search_products", query="boot"), reply(BOOTS_ANSWER))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(20_000)
    open_chat(page, live_server)
    page.screenshot(path=str(artifacts / "01-storefront-open.png"))

    ask(page, "Do you have hiking boots?")
    page.locator(".sa-assistant .sa-text", has_text="Trail Boot").wait_for()
    card = page.locator(".sa-card", has_text="Trail Boot")
    card.wait_for()
    assert "$100.00" in card.inner_text()
    assert page.locator(".sa-cart-count").inner_text() == "0"
    page.screenshot(path=str(artifacts / "02-product-card.png"))

    card.get_by_role("button", name="Add to cart: Trail Boot", exact=False).click()
    # Locator assertions, not wait_for_function: the storefront's CSP forbids eval, which a
    # polled string predicate needs.
    expect(page.locator(".sa-cart-count")).to_have_text("1", timeout=30_000)
    page.get_by_role("button", name="Cart: 1").click()
    page.locator(".sa-cart-line", has_text="Trail Boot").wait_for()
    assert "$100.00" in page.locator(".sa-cart-total").inner_text()
    page.screenshot(path=str(artifacts / "03-cart.png"))


def test_the_conversation_survives_a_reload(
    browser: Any, live_server: LiveServer, e2e_model: ScriptedChatModel, artifacts: Path
) -> None:
    e2e_model.add(tool_call("search_products", query="boot"), reply(BOOTS_ANSWER))
    page = browser.new_page()
    page.set_default_timeout(20_000)
    open_chat(page, live_server)
    ask(page, "Do you have hiking boots?")
    page.locator(".sa-assistant .sa-text", has_text="Trail Boot").wait_for()

    page.reload()
    page.get_by_role("button", name="Chat with us").click()
    page.locator(".sa-user", has_text="Do you have hiking boots?").wait_for()
    page.locator(".sa-assistant", has_text=BOOTS_ANSWER).wait_for()
    page.screenshot(path=str(artifacts / "04-after-reload.png"))


def test_the_panel_fills_a_phone_screen_and_takes_chinese(
    browser: Any, live_server: LiveServer, e2e_model: ScriptedChatModel, artifacts: Path
) -> None:
    e2e_model.add(tool_call("search_products", query="jacket"), reply("有，这款雨衣有货。"))
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    open_chat(page, live_server)
    box = page.locator(".sa-panel").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (375, 740)

    ask(page, "有防水夹克吗？")
    page.locator(".sa-user", has_text="有防水夹克吗？").wait_for()
    page.locator(".sa-assistant", has_text="有，这款雨衣有货。").wait_for()
    page.locator(".sa-card", has_text="Storm Rain Jacket").wait_for()
    page.locator(".sa-quick-reply", has_text="加入购物车").wait_for()
    page.screenshot(path=str(artifacts / "05-phone-chinese.png"))
    context.close()


def test_the_widget_is_usable_from_the_keyboard(
    browser: Any, live_server: LiveServer, artifacts: Path
) -> None:
    page = browser.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/store/shop")
    launcher = page.get_by_role("button", name="Chat with us")
    launcher.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "sa-input"
    page.keyboard.press("Escape")
    assert page.locator(".sa-panel").is_hidden()
    assert launcher.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('sa-launcher')")
    assert page.locator(".sa-messages").get_attribute("aria-live") == "polite"


def test_a_persons_reply_appears_while_the_shopper_waits(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    artifacts: Path,
) -> None:
    e2e_model.add(tool_call("request_human", reason="asked_for_human"))
    page = browser.new_page()
    page.set_default_timeout(20_000)
    open_chat(page, live_server)
    ask(page, "Can I talk to a person?")
    banner = page.locator(".sa-handoff")
    banner.wait_for(state="visible")
    assert banner.inner_text() == "A person will reply shortly."

    with e2e_database.transaction() as session:
        conversation = session.scalars(select(Conversation)).one()
        transition(session, conversation, "human", actor="ana@shop")
        append_messages(
            session, conversation, [NewMessage(role="agent", content="Hi, Ana here.", author="Ana")]
        )
    page.locator(".sa-agent", has_text="Hi, Ana here.").wait_for()
    expect(page.locator(".sa-handoff")).to_have_text(
        "You are chatting with a person.", timeout=30_000
    )
    page.screenshot(path=str(artifacts / "06-person-replies.png"))


def test_an_answer_lost_on_the_way_is_fetched_again_not_asked_twice(
    browser: Any, live_server: LiveServer, e2e_model: ScriptedChatModel, e2e_database: Database
) -> None:
    e2e_model.add(tool_call("search_products", query="boot"), reply(BOOTS_ANSWER))
    keys: list[str] = []

    def lose_the_first_answer(route: Any) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # the server answers in full, then the connection drops
            route.abort("connectionreset")
        else:
            route.continue_()

    page = browser.new_page()
    page.set_default_timeout(20_000)
    page.route("**/chat/messages/stream", lose_the_first_answer)
    open_chat(page, live_server)
    ask(page, "Do you have hiking boots?")
    page.locator(".sa-assistant .sa-text", has_text="Trail Boot").wait_for()
    assert len(keys) == 2 and keys[0] == keys[1]
    with e2e_database.session() as session:
        asked = session.scalars(select(Message.content).where(Message.role == "user")).all()
    assert asked == ["Do you have hiking boots?"]
