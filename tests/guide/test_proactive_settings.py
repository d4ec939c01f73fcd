"""The `proactive` store setting: off by default, validated on PATCH, on in the demo store."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.demo import read_json
from assistant.domain.store_settings import ProactiveSettings, parse_settings
from tests.api.conftest import SHOP, admin

SETTINGS = f"/v1/stores/{SHOP}/settings"


def test_a_new_store_has_the_guide_off_with_the_default_rules(
    client: TestClient, stores: dict[str, str]
) -> None:
    proactive = client.get(SETTINGS, headers=admin(stores)).json()["proactive"]
    assert proactive["enabled"] is False
    assert [rule["kind"] for rule in proactive["rules"]] == [
        "repeat_views",
        "dwell",
        "cart_idle",
        "leaving_with_cart",
    ]
    assert proactive["max_openers_per_day"] == 2


def test_a_change_is_kept_and_null_puts_back_the_default(
    client: TestClient, stores: dict[str, str]
) -> None:
    change = {
        "enabled": True,
        "rules": [{"kind": "cart_idle", "minutes": 20}],
        "max_openers_per_day": 1,
    }
    saved = client.patch(SETTINGS, json={"proactive": change}, headers=admin(stores))
    assert saved.status_code == 200, saved.text
    assert saved.json()["proactive"] == {**change, "rules": [{"kind": "cart_idle", "minutes": 20}]}
    assert client.get(SETTINGS, headers=admin(stores)).json()["proactive"]["enabled"] is True
    reset = client.patch(SETTINGS, json={"proactive": None}, headers=admin(stores))
    assert reset.json()["proactive"]["enabled"] is False


@pytest.mark.parametrize(
    "proactive",
    [
        {"enabled": True, "rules": [{"kind": "exit_popup"}]},
        {"rules": [{"kind": "repeat_views", "views": 1}]},
        {"rules": [{"kind": "dwell", "seconds": 60, "colour": "red"}]},
        {"rules": [{"kind": "dwell", "seconds": 30}, {"kind": "dwell", "seconds": 90}]},
        {"max_openers_per_day": 50},
        {"enabled": "sometimes"},
    ],
)
def test_a_bad_setting_is_refused_with_details(
    client: TestClient, stores: dict[str, str], proactive: dict[str, Any]
) -> None:
    response = client.patch(SETTINGS, json={"proactive": proactive}, headers=admin(stores))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_input"
    assert client.get(SETTINGS, headers=admin(stores)).json()["proactive"]["enabled"] is False


def test_the_demo_store_has_the_guide_on() -> None:
    settings = parse_settings(read_json("store.json"))
    assert settings.proactive.enabled is True
    assert settings.proactive == ProactiveSettings.model_validate(
        read_json("store.json")["proactive"]
    )
