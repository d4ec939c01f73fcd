"""`payments sign-event` prints a curl command whose body and signature verify."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.config import get_settings
from assistant.webhooks import verify_signature


def test_sign_event_prints_a_request_whose_signature_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SALES_ASSISTANT_PUBLIC_BASE_URL", raising=False)
    get_settings.cache_clear()
    arguments = ["payments", "sign-event", "--store", "demo", "--secret", "pwhsec_test"]
    arguments += ["--order", "SA-ABCDEFGH", "--amount", "10000", "--id", "evt_1"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    words = shlex.split(result.output)
    assert words[4] == "http://127.0.0.1:8000/v1/stores/demo/payments/webhook"
    signature = words[words.index("--data-binary") - 1].removeprefix("Payment-Signature: ")
    body = words[words.index("--data-binary") + 1]
    assert '"order_number":"SA-ABCDEFGH"' in body
    assert verify_signature("pwhsec_test", signature, body)
    assert not verify_signature("pwhsec_other", signature, body)
    get_settings.cache_clear()


def test_sign_event_refuses_an_unknown_event_type(tmp_path: Path) -> None:
    arguments = ["payments", "sign-event", "--store", "demo", "--secret", "s", "--order", "SA-1"]
    result = CliRunner().invoke(app, [*arguments, "--amount", "1", "--type", "payment.won"])
    assert result.exit_code != 0
