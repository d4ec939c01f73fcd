"""The caps follow the shopper into a session that took over the browser's expired one: no
second opener about the same product, the daily cap counts both, and a person holding the old
conversation keeps the guide quiet."""

from __future__ import annotations

from fastapi.testclient import TestClient

from assistant.conversations import current_conversation, transition
from assistant.db import Database
from tests.guide.conftest import EventShopper, enable_guide, opener_of
from tests.guide.test_openers import REPEAT_ONLY, view_three_times


def renewed(client: TestClient, old: EventShopper) -> EventShopper:
    """The same browser back with a new session that took the old one over."""
    response = client.post(old.url("/sessions"), json={"previous_token": old.token})
    assert response.status_code == 201, response.text
    shopper = EventShopper.__new__(EventShopper)
    shopper.client, shopper.store = client, old.store
    shopper.session_id, shopper.token = response.json()["session_id"], response.json()["token"]
    return shopper


def test_no_second_opener_about_the_same_product(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY, max_openers_per_day=5)
    assert opener_of(view_three_times(shopper, "summit-boot")) is not None
    back = renewed(client, shopper)
    assert opener_of(view_three_times(back, "summit-boot")) is None
    assert opener_of(view_three_times(back, "trail-boot")) is not None


def test_the_daily_cap_counts_the_old_session(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY, max_openers_per_day=1)
    assert opener_of(view_three_times(shopper, "summit-boot")) is not None
    back = renewed(client, shopper)
    assert opener_of(view_three_times(back, "trail-boot")) is None


def test_silent_while_a_person_holds_the_old_conversation(
    client: TestClient, stores: dict[str, str], shopper: EventShopper, database: Database
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    with database.transaction() as session:
        conversation = current_conversation(session, "shop", shopper.session_id)
        transition(session, conversation, "waiting", actor="test")
    back = renewed(client, shopper)
    assert opener_of(view_three_times(back, "summit-boot")) is None


def test_a_fresh_session_of_another_browser_is_not_held_back(
    client: TestClient, stores: dict[str, str], shopper: EventShopper
) -> None:
    enable_guide(client, stores, **REPEAT_ONLY)
    assert opener_of(view_three_times(shopper, "summit-boot")) is not None
    other = EventShopper(client)
    assert opener_of(view_three_times(other, "summit-boot")) is not None
