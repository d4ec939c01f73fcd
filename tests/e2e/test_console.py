"""The agents' console in a real browser, next to a shopper's widget: a request for a person
reaches the queue live, an agent claims it and replies, the shopper reads the reply; a second
agent who claims too late is told so; a shopper left alone outside opening hours leaves a
message and an email address."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assistant.agent.models.scripted import ScriptedChatModel, tool_call
from assistant.console.availability import DAYS
from assistant.db import Database
from assistant.domain import Conversation, Handoff
from tests.e2e.conftest import LiveServer, new_page, sign_in_to, store_key
from tests.e2e.test_widget import ask, open_chat

REPLY_LABEL = "Reply to the shopper, or write an internal note"


def sign_in(page: Any, server: LiveServer, key: str) -> None:
    sign_in_to(page, f"{server.url}/console", "Agent key", key)
    page.locator("#c-app").wait_for(state="visible")


def wait_until_live(page: Any) -> None:
    page.locator("#c-live", has_text=re.compile(r"^Live$")).wait_for()


def ask_for_a_person(page: Any, server: LiveServer) -> None:
    open_chat(page, server)
    ask(page, "Can I talk to a person?")
    page.locator(".sa-handoff").wait_for(state="visible")


def test_a_request_for_a_person_reaches_the_console_and_the_reply_reaches_the_shopper(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    e2e_model.add(tool_call("request_human", reason="asked_for_human"))
    console = new_page(browser, watched_pages)
    sign_in(console, live_server, store_key(e2e_database, "Ana", ["agent"]))
    wait_until_live(console)
    console.locator("#c-queue-empty").wait_for(state="visible")

    shopper = new_page(browser, watched_pages, viewport={"width": 1024, "height": 800})
    requested: list[str] = []
    shopper.on("request", lambda request: requested.append(request.url))
    ask_for_a_person(shopper, live_server)

    item = console.locator("#c-queue .c-item")
    item.wait_for()  # no reload: the live stream brought it
    assert "Asked for a person" in item.inner_text()
    # The brain chose to hand over: no figure triggered it, so none is shown.
    assert "n/a" not in item.inner_text() and "language en" in item.inner_text()
    console.screenshot(path=str(artifacts / "console-01-queue.png"))

    item.click()
    console.get_by_role("button", name="Claim").click()
    console.locator("#c-conv-meta", has_text="held by you").wait_for()
    console.locator("#c-mine .c-item").wait_for()
    console.locator("#c-queue-empty").wait_for(state="visible")

    box = console.get_by_label(REPLY_LABEL)
    box.fill("Checked the order history: nothing unusual.")
    console.get_by_role("button", name="Add note").click()
    console.locator(".c-msg.c-note", has_text="nothing unusual").wait_for()
    box.fill("Hi, Ana here. How can I help?")
    console.get_by_role("button", name="Send reply").click()
    console.locator(".c-msg.c-agent", has_text="Ana here").wait_for()
    console.screenshot(path=str(artifacts / "console-02-claimed-and-replied.png"))

    shopper.locator(".sa-agent", has_text="Hi, Ana here. How can I help?").wait_for()
    expect(shopper.locator(".sa-handoff")).to_have_text(
        "You are chatting with a person.", timeout=30_000
    )
    assert "nothing unusual" not in shopper.locator(".sa-messages").inner_text()
    assert any(re.search(r"/chat/conversations/\w+/events$", url) for url in requested)
    shopper.screenshot(path=str(artifacts / "console-03-shopper-sees-reply.png"))

    console.get_by_role("button", name="Resolve").click()
    dialog = console.locator("#c-finish")
    dialog.get_by_label("Outcome").select_option("resolved")
    dialog.get_by_label("Note for the record (optional)").fill("Answered by chat.")
    dialog.get_by_role("button", name="Resolve").click()
    console.locator("#c-conv-meta", has_text="Resolved").wait_for()
    console.locator("#c-mine-empty").wait_for(state="visible")
    shopper.locator(".sa-handoff").wait_for(state="hidden")


def test_without_live_streams_the_console_and_the_widget_fall_back_to_polling(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    watched_pages: list[Any],
) -> None:
    e2e_model.add(tool_call("request_human", reason="asked_for_human"))
    console = new_page(browser, watched_pages)
    console.route("**/console/events", lambda route: route.abort())
    sign_in(console, live_server, store_key(e2e_database, "Ana", ["agent"]))
    console.locator("#c-live", has_text="refreshing every 5 s").wait_for()
    shopper = new_page(browser, watched_pages)
    shopper.route("**/events", lambda route: route.abort())
    ask_for_a_person(shopper, live_server)

    console.locator("#c-queue .c-item").click()
    console.get_by_role("button", name="Claim").click()
    console.get_by_label(REPLY_LABEL).fill("Hello from the team.")
    console.get_by_role("button", name="Send reply").click()
    shopper.locator(".sa-agent", has_text="Hello from the team.").wait_for()

    console.get_by_role("button", name="Hand back").click()
    console.locator("#c-finish").get_by_role("button", name="Hand back").click()
    console.locator("#c-conv-meta", has_text="With the assistant").wait_for()
    shopper.locator(".sa-handoff").wait_for(state="hidden")


def test_a_second_agent_who_claims_too_late_is_told_someone_else_has_it(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    e2e_model.add(tool_call("request_human", reason="asked_for_human"))
    shopper = new_page(browser, watched_pages)
    ask_for_a_person(shopper, live_server)

    first = new_page(browser, watched_pages)
    sign_in(first, live_server, store_key(e2e_database, "Ana", ["agent"]))
    second = new_page(browser, watched_pages)
    second.clock.install()
    sign_in(second, live_server, store_key(e2e_database, "Ben", ["agent"]))
    for page in (first, second):
        page.locator("#c-queue .c-item").click()
        page.get_by_role("button", name="Claim").wait_for()
    # The second agent's view stops refreshing, as if the first claim landed a moment before
    # their click reached the service.
    now_ms = second.evaluate("Date.now()")
    second.clock.pause_at(datetime.fromtimestamp(now_ms / 1000, tz=UTC) + timedelta(seconds=1))

    first.get_by_role("button", name="Claim").click()
    first.locator("#c-conv-meta", has_text="held by you").wait_for()
    second.get_by_role("button", name="Claim").click()

    alert = second.get_by_role("alert").filter(has_text="Another agent claimed this conversation.")
    alert.wait_for()
    second.locator("#c-conv-meta", has_text="held by").wait_for()
    assert "held by you" not in second.locator("#c-conv-meta").inner_text()
    assert second.get_by_role("button", name="Send reply").is_hidden()
    second.screenshot(path=str(artifacts / "console-04-claimed-by-another.png"))


def test_a_shopper_outside_opening_hours_leaves_a_message_for_the_team(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    # Open only on a weekday three days from today: closed now, whatever the hour.
    open_day = DAYS[(datetime.now(UTC).weekday() + 3) % 7]
    admin_key = store_key(e2e_database, "ops", ["admin"])
    response = httpx.patch(
        f"{live_server.url}/v1/stores/shop/settings",
        json={"business_hours": {open_day: ["09:00", "17:00"]}, "timezone": "UTC"},
        headers={"Authorization": f"Bearer {admin_key}"},
    )
    assert response.status_code == 200, response.text
    e2e_model.add(tool_call("request_human", reason="asked_for_human"))
    shopper = new_page(browser, watched_pages, viewport={"width": 1024, "height": 900})
    ask_for_a_person(shopper, live_server)

    form = shopper.locator(".sa-ticket")
    form.wait_for(state="visible")
    shopper.locator(".sa-assistant", has_text="outside our opening hours").wait_for()
    assert "No one is available" in shopper.locator(".sa-handoff").inner_text()

    send = form.get_by_role("button", name="Send message")
    send.click()
    shopper.locator(".sa-ticket-error", has_text="Please write a message.").wait_for()
    form.get_by_label("Message for our team").fill("My parcel is late, please check order 1042.")
    form.get_by_label("Your email address").fill("not-an-address")
    send.click()
    shopper.locator(".sa-ticket-error", has_text="valid email address").wait_for()
    assert form.get_by_label("Your email address").get_attribute("aria-invalid") == "true"
    shopper.screenshot(path=str(artifacts / "console-05-leave-a-message.png"))

    form.get_by_label("Your email address").fill("sam@example.com")
    send.click()
    shopper.locator(".sa-assistant", has_text="we'll reply to sam@example.com").wait_for()
    form.wait_for(state="hidden")
    shopper.locator(".sa-user", has_text="My parcel is late").wait_for()
    assert "reply by email" in shopper.locator(".sa-handoff").inner_text()
    shopper.screenshot(path=str(artifacts / "console-06-message-left.png"))

    with e2e_database.session() as session:
        handoff = session.scalars(select(Handoff)).one()
        assert (handoff.status, handoff.contact_email) == ("ticket", "sam@example.com")
        assert session.scalars(select(Conversation.state)).one() == "waiting"

    console = new_page(browser, watched_pages)
    sign_in(console, live_server, store_key(e2e_database, "Ana", ["agent"]))
    ticket = console.locator("#c-queue .c-is-ticket")
    ticket.wait_for()
    assert "Ticket" in ticket.inner_text()
    assert "Reply by email: sam@example.com" in ticket.inner_text()


def test_an_agent_keeps_canned_replies_and_inserts_one_with_its_variables_filled(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    e2e_model.add(tool_call("request_human", reason="asked_for_human"))
    shopper = new_page(browser, watched_pages)
    ask_for_a_person(shopper, live_server)
    console = new_page(browser, watched_pages, viewport={"width": 1024, "height": 768})
    sign_in(console, live_server, store_key(e2e_database, "Ana", ["agent"]))
    console.locator("#c-queue .c-item").click()
    console.get_by_role("button", name="Claim").click()
    console.locator("#c-conv-meta", has_text="held by you").wait_for()

    console.get_by_role("button", name="Canned replies").click()
    console.get_by_label("Title").fill("Greeting")
    console.get_by_label("Text", exact=True).fill("Hi {first_name}, thanks for waiting.")
    console.get_by_label("Shortcut (optional)").fill("hi")
    console.get_by_role("button", name="Save canned reply").click()
    console.get_by_role("button", name="Edit: Greeting").click()
    console.get_by_label("Text", exact=True).fill("Hi {first_name}, thanks for your patience.")
    console.get_by_role("button", name="Save changes").click()
    console.locator(".c-canned-body", has_text="thanks for your patience").wait_for()
    console.get_by_label("Search canned replies").fill("patience")
    console.get_by_role("button", name="Insert: Greeting").click()
    expect = pytest.importorskip("playwright.sync_api").expect
    expect(console.get_by_label(REPLY_LABEL)).to_have_value("Hi there, thanks for your patience.")
    console.screenshot(path=str(artifacts / "console-07-canned-reply.png"))

    console.get_by_role("button", name="Send reply").click()
    shopper.locator(".sa-agent", has_text="Hi there, thanks for your patience.").wait_for()
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Delete: Greeting").click()
    console.locator("#c-canned-empty").wait_for(state="visible")


def test_the_console_page_is_served_as_is_and_refuses_to_be_framed(
    live_server: LiveServer,
) -> None:
    page = httpx.get(f"{live_server.url}/console")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert '<script src="/console/console.js" defer></script>' in page.text
    assert '<script src="/console/staff.js" defer></script>' in page.text
    for name in ("console.js", "staff.js"):
        script = httpx.get(f"{live_server.url}/console/{name}")
        assert script.headers["content-type"].startswith("text/javascript")
    assert httpx.get(f"{live_server.url}/console/secrets.txt").status_code == 404


def test_the_queue_names_a_reason_with_the_servers_label(
    browser: Any,
    live_server: LiveServer,
    e2e_model: ScriptedChatModel,
    e2e_database: Database,
    watched_pages: list[Any],
) -> None:
    # The console once kept its own copy of the labels, which lacked this reason.
    e2e_model.add(tool_call("request_human", reason="service_request"))
    console = new_page(browser, watched_pages)
    sign_in(console, live_server, store_key(e2e_database, "Ana", ["agent"]))
    wait_until_live(console)

    shopper = new_page(browser, watched_pages)
    ask_for_a_person(shopper, live_server)

    reason = console.locator("#c-queue .c-item .c-reason")
    reason.wait_for()
    assert reason.inner_text() == "Service request"
