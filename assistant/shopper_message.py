"""The rule for a shopper's chat message, in one place: the agent loop and the chat endpoints
both apply it, so the two can never disagree about what is too long."""

from __future__ import annotations

from assistant.config import Settings
from assistant.errors import InvalidInputError


def checked_message(text: str, settings: Settings) -> str:
    """The message without surrounding whitespace; `InvalidInputError` (422 at the API) when it
    is empty or longer than `settings.max_message_chars`."""
    text = text.strip()
    if not text:
        raise InvalidInputError("the message is empty")
    limit = settings.max_message_chars
    if len(text) > limit:
        raise InvalidInputError(
            f"messages are limited to {limit} characters",
            details={"limit": limit, "length": len(text)},
        )
    return text
