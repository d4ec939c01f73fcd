"""Money as integer minor units with a currency: parsing, formatting, percentages. No floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pydantic import BaseModel, ConfigDict, Field

# ISO 4217 exponents that differ from 2; everything else has two decimals.
_EXPONENTS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "JOD": 3}
_SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "AUD": "A$"}


def exponent(currency: str) -> int:
    """Digits after the decimal point for a currency."""
    return _EXPONENTS.get(currency.upper(), 2)


def to_minor(amount: str | int | Decimal, currency: str) -> int:
    """Parse a decimal amount ("249.00", 249, Decimal) into minor units; refuses sub-unit digits."""
    try:
        value = Decimal(str(amount).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount of money: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount of money: {amount!r}")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount!r} has more decimals than {currency} allows")
    return int(scaled)


def to_decimal(minor: int, currency: str) -> Decimal:
    """Minor units back to a Decimal amount."""
    return Decimal(minor).scaleb(-exponent(currency))


def format_money(minor: int, currency: str) -> str:
    """Human-readable amount, e.g. `$249.00` or `CN¥12.50`."""
    digits = exponent(currency)
    amount = to_decimal(minor, currency)
    text = f"{amount:,.{digits}f}"
    symbol = _SYMBOLS.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"


def percent_of(minor: int, percent: int | Decimal) -> int:
    """`percent`% of an amount, rounded half up to a whole minor unit."""
    share = (Decimal(minor) * Decimal(percent) / Decimal(100)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(share)


class Money(BaseModel):
    """An amount as the tools and the API return it."""

    model_config = ConfigDict(frozen=True)

    amount_minor: int = Field(description="Amount in minor units (cents for USD).")
    currency: str = Field(description="ISO 4217 code.")
    display: str = Field(description="Formatted for a shopper, e.g. '$249.00'.")

    @classmethod
    def of(cls, minor: int, currency: str) -> Money:
        """Build from minor units."""
        return cls(amount_minor=minor, currency=currency, display=format_money(minor, currency))
