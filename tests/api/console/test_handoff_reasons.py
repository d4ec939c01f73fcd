from fastapi.testclient import TestClient

from assistant.db import Database
from assistant.domain.handoff_reasons import HandoffReason
from tests.api.conftest import RIVAL
from tests.api.console.conftest import Console, agent_key


def test_the_console_reads_every_reason_with_its_label_and_priority(ana: Console) -> None:
    response = ana.get("/handoff-reasons")
    assert response.status_code == 200
    assert response.json() == [
        {"reason": reason.value, "label": reason.label, "priority": reason.priority}
        for reason in HandoffReason
    ]


def test_the_reasons_need_an_agent_key_of_the_store(
    client: TestClient, database: Database, ana: Console
) -> None:
    assert client.get(ana.url("/handoff-reasons")).status_code == 401
    rival = Console(client, agent_key(database, "Rita", store=RIVAL))
    assert client.get(ana.url("/handoff-reasons"), headers=rival.headers).status_code == 404
