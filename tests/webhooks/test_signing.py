"""The signature scheme, as a merchant's receiver checks it."""

import hashlib
import hmac

import pytest

from assistant.webhooks import sign, signature_header, verify_signature

BODY = b'{"event":"conversation.queued","delivery_id":7}'
NOW = 1_900_000_000


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    expected = hmac.new(b"s3cret", b"1900000000." + BODY, hashlib.sha256).hexdigest()
    assert sign("s3cret", NOW, BODY) == expected
    assert sign("s3cret", NOW, BODY.decode()) == expected


def test_a_fresh_untouched_body_verifies() -> None:
    header = signature_header("s3cret", NOW, BODY)
    assert header.startswith(f"t={NOW},v1=")
    assert verify_signature("s3cret", header, BODY, now=NOW + 299)


@pytest.mark.parametrize(
    ("secret", "body", "now"),
    [
        ("other", BODY, NOW),  # wrong secret
        ("s3cret", BODY.replace(b"7", b"8"), NOW),  # altered body
        ("s3cret", BODY, NOW + 301),  # replayed too late
        ("s3cret", BODY, NOW - 301),  # from the future
    ],
)
def test_anything_else_fails(secret: str, body: bytes, now: int) -> None:
    assert not verify_signature(secret, signature_header("s3cret", NOW, BODY), body, now=now)


@pytest.mark.parametrize(
    "header",
    [None, "", "v1=abc", f"t={NOW}", f"t=soon,v1={sign('s3cret', NOW, BODY)}", "garbage"],
)
def test_a_malformed_header_fails(header: str | None) -> None:
    assert not verify_signature("s3cret", header, BODY, now=NOW)


def test_the_tolerance_is_adjustable() -> None:
    header = signature_header("s3cret", NOW, BODY)
    assert not verify_signature("s3cret", header, BODY, tolerance_s=10, now=NOW + 11)
    assert verify_signature("s3cret", header, BODY, tolerance_s=10, now=NOW + 10)
