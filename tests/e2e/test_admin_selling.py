"""The admin page's Selling panel in a real browser: the guide's rules and cap and the cart
recovery ladder are read from the store's settings, a ladder step above the discount cap is
refused by the server and shown on that step, and the corrected settings are saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.db import Database
from assistant.domain import Store
from assistant.domain.store_settings import settings_of
from tests.e2e.conftest import LiveServer, new_page, sign_in_to, store_key


def stored(database: Database) -> Any:
    with database.session() as session:
        return settings_of(session.get_one(Store, "shop"))


def test_the_selling_panel_edits_the_guide_and_the_ladder_inside_the_cap(
    browser: Any,
    live_server: LiveServer,
    e2e_database: Database,
    watched_pages: list[Any],
    artifacts: Path,
) -> None:
    page = new_page(browser, watched_pages)
    sign_in_to(
        page, f"{live_server.url}/admin", "Admin key", store_key(e2e_database, "Owner", ["admin"])
    )
    page.get_by_role("link", name="Selling").click()
    panel = page.locator("#a-selling")
    # What a new store has: both off, the default rules and ladder.
    assert not page.locator("#a-guide-enabled").is_checked()
    assert page.locator("#a-guide-max").input_value() == "2"
    assert page.locator("#a-rule-dwell-seconds").input_value() == "60"
    assert page.locator("#a-ladder li").count() == 3

    page.locator("#a-guide-enabled").check()
    page.locator("#a-guide-max").fill("3")
    page.locator("#a-rule-dwell-seconds").fill("45")
    page.locator("#a-rule-cart_idle").uncheck()
    page.locator("#a-recovery-enabled").check()
    page.get_by_role("button", name="Add a step").click()
    last = page.locator("#a-ladder li").nth(3)
    last.get_by_label("Step 4: after hours").fill("120")
    last.get_by_label("Step 4: percent off").fill("20")  # the cap is 15%
    page.get_by_role("button", name="Save selling settings").click()

    error = last.locator(".a-step-error")
    error.wait_for(state="visible")
    assert "Step 4: 20% is above the store's discount cap (15%)" in error.inner_text()
    assert "discount cap" in panel.locator("#a-err-cart_recovery").inner_text()
    page.screenshot(path=str(artifacts / "admin-selling-01-above-cap.png"))
    assert stored(e2e_database).proactive.enabled is False  # nothing was saved

    # Steps out of order: the server's own message, on the recovery settings.
    last.get_by_label("Step 4: after hours").fill("12")
    last.get_by_label("Step 4: percent off").fill("15")
    page.get_by_role("button", name="Save selling settings").click()
    recovery_error = panel.locator("#a-err-cart_recovery")
    recovery_error.wait_for(state="visible")
    assert "increasing" in recovery_error.inner_text()

    last.get_by_label("Step 4: after hours").fill("120")
    page.get_by_role("button", name="Save selling settings").click()
    panel.locator("#a-selling-saved").wait_for(state="visible")
    assert page.locator("#a-ladder .a-step-error").first.is_hidden()
    page.screenshot(path=str(artifacts / "admin-selling-02-saved.png"))

    values = stored(e2e_database)
    assert values.proactive.enabled is True and values.proactive.max_openers_per_day == 3
    assert [rule.kind for rule in values.proactive.rules] == [
        "repeat_views",
        "dwell",
        "leaving_with_cart",
    ]
    assert values.proactive.rules[1].model_dump() == {"kind": "dwell", "seconds": 45}
    assert values.cart_recovery.enabled is True
    assert [(s.after_hours, s.percent) for s in values.cart_recovery.ladder] == [
        (0, 0),
        (24, 5),
        (72, 10),
        (120, 15),
    ]

    page.reload()
    page.locator("#a-app").wait_for(state="visible")
    assert page.locator("#a-guide-max").input_value() == "3"
    assert not page.locator("#a-rule-cart_idle").is_checked()
    assert page.locator("#a-ladder li").count() == 4
