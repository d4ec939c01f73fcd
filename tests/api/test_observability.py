"""Request ids, structured logs without secrets, Prometheus metrics, readiness."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.agent.loop import ChatAgent
from assistant.agent.models.scripted import ScriptedChatModel, reply, tool_call
from assistant.agent.turn import TurnResult
from assistant.api.app import create_app
from assistant.api.deps import get_agent
from assistant.config import Settings
from assistant.db import Database
from tests.agent.guards.conftest import raising_tool
from tests.api.conftest import Shopper, commerce_tools
from tests.fakes.openai_server import ScriptedOpenAIServer

CARD = "4111 1111 1111 1111"


def log_lines(captured: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


class LeakyAgent:
    """Fails with an exception message full of things that must never reach a log."""

    async def run_turn(self, store_id: str, session_id: str, text: str, **_: Any) -> TurnResult:
        raise RuntimeError(f"cannot handle {text!r}")


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    assert len(client.get("/healthz").headers["X-Request-ID"]) >= 16


def test_a_callers_request_id_is_kept(client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "edge-42.a"})
    assert response.headers["X-Request-ID"] == "edge-42.a"


def test_a_malformed_request_id_is_replaced(client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert response.headers["X-Request-ID"] != "bad id\twith spaces"


def test_log_lines_are_json_with_the_request_id(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    client.get("/healthz", headers={"X-Request-ID": "trace-1"})
    access = [
        line for line in log_lines(capsys.readouterr().err) if line["logger"] == "assistant.access"
    ]
    assert access[-1]["request_id"] == "trace-1"
    assert (access[-1]["route"], access[-1]["status"]) == ("/healthz", 200)


def test_logs_hold_no_bearer_tokens_or_card_numbers(
    app: FastAPI, client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    app.dependency_overrides[get_agent] = LeakyAgent
    shopper = Shopper(client)
    capsys.readouterr()
    response = client.post(
        "/v1/stores/shop/chat/messages",
        json={"message": f"my card is {CARD}, token {shopper.token}"},
        headers={**shopper.headers, "X-Request-ID": "leak-check"},
    )
    assert response.status_code == 500
    output = capsys.readouterr().err
    lines = log_lines(output)
    assert {line["request_id"] for line in lines} == {"leak-check"}
    failure = next(line for line in lines if line["message"] == "unhandled error")
    assert "[card ****1111]" in failure["exception"]
    assert CARD not in output and CARD.replace(" ", "") not in output
    assert shopper.token not in output


def test_metrics_count_turns_tool_calls_and_requests(
    client: TestClient, shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("check_stock", sku="BOOT-TRAIL-42"), reply("3 left."))
    shopper.send("trail boot stock?")
    text = client.get("/metrics").text
    assert 'sales_assistant_chat_turns_total{outcome="answered"} 1.0' in text
    assert 'sales_assistant_tool_calls_total{ok="true",tool="check_stock"} 1.0' in text
    assert (
        'sales_assistant_http_requests_total{method="POST",'
        'route="/v1/stores/{store_id}/chat/messages",status="200"} 1.0'
    ) in text
    assert "sales_assistant_http_request_duration_seconds_bucket" in text


def test_metrics_count_handoffs_and_errors(
    client: TestClient, shopper: Shopper, model: ScriptedChatModel
) -> None:
    model.add(tool_call("request_human", reason="asked_for_human"))
    shopper.send("a person please")
    shopper.send("x" * 5_000)
    text = client.get("/metrics").text
    assert 'sales_assistant_handoffs_total{reason="asked_for_human"} 1.0' in text
    assert 'sales_assistant_errors_total{code="invalid_input",status="422"} 1.0' in text


def test_readyz_checks_the_database_chroma_and_the_offline_engine(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "chroma": "ok",
        "model_provider": "ok",
    }


def openai_settings(settings: Settings, base_url: str) -> Settings:
    return settings.model_copy(update={"llm_provider": "openai", "llm_base_url": base_url})


def test_readyz_is_503_when_the_model_provider_is_unreachable(
    settings: Settings, database: Database
) -> None:
    app = create_app(openai_settings(settings, "http://127.0.0.1:9/v1"), database)
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["model_provider"].startswith("error: unreachable")


def test_readyz_reaches_an_openai_compatible_server(settings: Settings, database: Database) -> None:
    with ScriptedOpenAIServer([]).running() as server:
        app = create_app(openai_settings(settings, server.base_url), database)
        with TestClient(app) as client:
            response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["model_provider"] == "ok"


def test_readyz_is_503_when_the_chroma_server_is_unreachable(
    settings: Settings, database: Database
) -> None:
    unreachable = settings.model_copy(update={"chroma_url": "http://127.0.0.1:9"})
    with TestClient(create_app(unreachable, database)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["chroma"].startswith("error")


def test_a_tool_bug_is_logged_with_the_request_id_and_the_shopper_gets_a_reply(
    settings: Settings,
    database: Database,
    stores: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    tools = list(commerce_tools(settings, database))
    broken = raising_tool("check_stock", tools)
    model = ScriptedChatModel(
        script=[tool_call("check_stock", sku="BOOT-TRAIL-42"), reply("Sorry, I couldn't check.")]
    )
    agent = ChatAgent(
        settings,
        database,
        model,
        [broken if tool.name == "check_stock" else tool for tool in tools],
        model_name="scripted",
    )
    with TestClient(create_app(settings, database, agent=agent)) as client:
        shopper = Shopper(client)
        capsys.readouterr()
        response = client.post(
            "/v1/stores/shop/chat/messages",
            json={"message": "is the trail boot in stock?"},
            headers={**shopper.headers, "X-Request-ID": "tool-bug-1"},
        )
    assert response.status_code == 200, response.text
    assert response.json()["reply"]
    logged = [
        line
        for line in log_lines(capsys.readouterr().err)
        if line["logger"] == "assistant.agent.tools"
    ]
    assert logged and logged[0]["request_id"] == "tool-bug-1"
    assert "KeyError" in logged[0]["message"] or "KeyError" in logged[0].get("exception", "")
