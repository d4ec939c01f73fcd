"""What log redaction masks and what it leaves alone."""

from __future__ import annotations

import pytest

from assistant.api.middleware.redaction import luhn_valid, redact


@pytest.mark.parametrize(
    "card",
    ["4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"],
)
def test_card_numbers_keep_only_their_last_four_digits(card: str) -> None:
    masked = redact(f"paid with {card} today")
    assert masked == f"paid with [card ****{card[-4:]}] today"


def test_digit_runs_that_fail_the_luhn_check_are_kept() -> None:
    assert redact("order 4111111111111112 shipped") == "order 4111111111111112 shipped"


def test_short_numbers_are_kept() -> None:
    assert redact("call 555 0100 or order #10042") == "call 555 0100 or order #10042"


def test_bearer_credentials_are_masked() -> None:
    assert redact("Authorization: Bearer abc.def-ghi") == "Authorization: Bearer [redacted]"


def test_api_keys_keep_only_their_lookup_prefix() -> None:
    assert redact("key sak_0a1b2c_S3cr3t-Value") == "key sak_0a1b2c_[redacted]"


def test_signed_tokens_are_masked() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2lnbmF0dXJl"
    assert redact(f"token={token}") == "token=[token redacted]"


def test_luhn() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
