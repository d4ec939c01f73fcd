"""CSAT in the widget, in a real browser: the shopper ends the chat, is asked for 1-5 stars and
a comment, and the rating is stored with the bot as the resolver; a person's resolution asks
too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from assistant.agent.models.scripted import ScriptedChatModel, reply
from assistant.db import Database
from assistant.domain import Feedback
from tests.e2e.conftest import LiveServer
from tests.e2e.test_widget import ask, open_chat


def test_ending_the_chat_asks_for_a_rating_and_stores_it(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    artifacts: Path,
) -> None:
    e2e_model.add(reply("Our socks are merino wool."))
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    open_chat(page, live_server)
    end = page.get_by_role("button", name="End chat")
    expect(end).to_be_hidden()  # nothing to end before the first message
    ask(page, "what r the socks made of")
    page.locator(".sa-assistant .sa-text", has_text="merino").wait_for()

    end.click()
    form = page.locator(".sa-rating")
    expect(form).to_be_visible()
    form.get_by_role("button", name="Send rating").click()
    expect(form.get_by_role("alert")).to_have_text("Please choose from 1 to 5 stars.")
    form.get_by_role("button", name="4 out of 5").click()
    expect(form.get_by_role("button", name="4 out of 5")).to_have_attribute("aria-pressed", "true")
    form.get_by_label("Anything to add? (optional)").fill("quick and right")
    page.screenshot(path=str(artifacts / "csat-form.png"))
    form.get_by_role("button", name="Send rating").click()
    page.locator(".sa-assistant", has_text="Thank you for your rating!").wait_for()
    expect(form).to_be_hidden()

    with e2e_database.session() as session:
        rows = [(r.rating, r.comment, r.resolver) for r in session.query(Feedback)]
    assert rows == [(4, "quick and right", "bot")]

    page.reload()
    page.get_by_role("button", name="Chat with us").click()
    page.locator(".sa-user", has_text="what r the socks made of").wait_for()
    expect(page.locator(".sa-rating")).to_be_hidden()  # rated already: not asked again
    context.close()
