import pytest

from assistant.config import Settings
from assistant.errors import InvalidInputError
from assistant.shopper_message import checked_message


@pytest.fixture
def short() -> Settings:
    return Settings(_env_file=None, max_message_chars=10)


def test_a_message_is_stripped_of_surrounding_whitespace(short: Settings) -> None:
    assert checked_message("  boots?\n", short) == "boots?"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_message_is_refused(short: Settings, text: str) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        checked_message(text, short)


def test_a_message_over_the_limit_is_refused_with_the_limit(short: Settings) -> None:
    with pytest.raises(InvalidInputError) as raised:
        checked_message("x" * 11, short)
    assert raised.value.details == {"limit": 10, "length": 11}


def test_the_limit_counts_the_stripped_message(short: Settings) -> None:
    assert checked_message(f"  {'x' * 10}  ", short) == "x" * 10
