"""The failover audit: what was sent, matched in order against the stored conversation."""

from __future__ import annotations

from typing import Any

from benchmarks.scale_out.failover import audit, exchanges


def _messages(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"role": role, "content": content} for role, content in pairs]


def test_every_message_stored_and_answered_is_no_loss() -> None:
    stored = exchanges(
        _messages(("user", "hi"), ("assistant", "hello"), ("user", "hi"), ("agent", "me again"))
    )

    result = audit(["hi", "hi"], stored)

    assert result.lost == []
    assert result.stored_and_answered == 2
    assert result.duplicates == 0


def test_a_copy_stored_by_a_killed_instance_is_a_duplicate_not_a_loss() -> None:
    stored = exchanges(
        _messages(
            ("user", "hi"),
            ("assistant", "hello"),
            ("user", "what is your return policy?"),
            ("user", "what is your return policy?"),
            ("assistant", "30 days"),
        )
    )

    result = audit(["hi", "what is your return policy?"], stored)

    assert result.lost == []
    assert result.duplicates == 1


def test_a_message_missing_or_left_unanswered_is_lost() -> None:
    stored = exchanges(
        _messages(("user", "hi"), ("assistant", "hello"), ("user", "checkout please"))
    )

    result = audit(["hi", "add two of them to my cart", "checkout please"], stored)

    assert result.lost == ["add two of them to my cart", "checkout please"]
    assert result.stored_and_answered == 1


def test_messages_are_matched_in_the_order_they_were_sent() -> None:
    stored = exchanges(
        _messages(("user", "b"), ("assistant", "1"), ("user", "a"), ("assistant", "2"))
    )

    assert audit(["a", "b"], stored).lost == ["b"]
