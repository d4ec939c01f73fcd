"""Units of measure in English and Chinese, reduced to one base unit per dimension.

"1 L", "1l", "1 litre", "1000 ml" and "1升" are the same amount; option values and attribute
keys are compared with what the shopper wrote in base units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Unit:
    """A unit: its dimension, the base unit of that dimension, and how many base units it is."""

    dimension: str
    base: str
    factor: Decimal


def _unit(dimension: str, base: str, factor: str) -> Unit:
    return Unit(dimension, base, Decimal(factor))


_ML = _unit("volume", "ml", "1")
_L = _unit("volume", "ml", "1000")
_G = _unit("mass", "g", "1")
_KG = _unit("mass", "g", "1000")
_MM = _unit("length", "mm", "1")
_CM = _unit("length", "mm", "10")
_M = _unit("length", "mm", "1000")
_PERSON = _unit("persons", "persons", "1")

UNITS: dict[str, Unit] = {
    "ml": _ML,
    "millilitre": _ML,
    "milliliter": _ML,
    "millilitres": _ML,
    "milliliters": _ML,
    "毫升": _ML,
    "l": _L,
    "ltr": _L,
    "litre": _L,
    "liter": _L,
    "litres": _L,
    "liters": _L,
    "升": _L,
    "公升": _L,
    "g": _G,
    "gr": _G,
    "gram": _G,
    "grams": _G,
    "gramme": _G,
    "克": _G,
    "kg": _KG,
    "kgs": _KG,
    "kilo": _KG,
    "kilos": _KG,
    "kilogram": _KG,
    "kilograms": _KG,
    "公斤": _KG,
    "千克": _KG,
    "mm": _MM,
    "毫米": _MM,
    "cm": _CM,
    "centimetre": _CM,
    "centimeter": _CM,
    "centimetres": _CM,
    "centimeters": _CM,
    "厘米": _CM,
    "公分": _CM,
    "m": _M,
    "metre": _M,
    "meter": _M,
    "metres": _M,
    "meters": _M,
    "米": _M,
    "inch": _unit("length", "mm", "25.4"),
    "inches": _unit("length", "mm", "25.4"),
    "英寸": _unit("length", "mm", "25.4"),
    "oz": _unit("mass", "g", "28.3495"),
    "ounce": _unit("mass", "g", "28.3495"),
    "ounces": _unit("mass", "g", "28.3495"),
    "lb": _unit("mass", "g", "453.592"),
    "lbs": _unit("mass", "g", "453.592"),
    "pound": _unit("mass", "g", "453.592"),
    "pounds": _unit("mass", "g", "453.592"),
    "gb": _unit("storage", "gb", "1"),
    "tb": _unit("storage", "gb", "1024"),
    "w": _unit("power", "w", "1"),
    "watt": _unit("power", "w", "1"),
    "watts": _unit("power", "w", "1"),
    "h": _unit("time", "h", "1"),
    "hr": _unit("time", "h", "1"),
    "hrs": _unit("time", "h", "1"),
    "hour": _unit("time", "h", "1"),
    "hours": _unit("time", "h", "1"),
    "小时": _unit("time", "h", "1"),
    "min": _unit("time", "h", "0.0166666667"),
    "minutes": _unit("time", "h", "0.0166666667"),
    "lumen": _unit("light", "lm", "1"),
    "lumens": _unit("light", "lm", "1"),
    "lm": _unit("light", "lm", "1"),
    "mah": _unit("charge", "mah", "1"),
    "person": _PERSON,
    "persons": _PERSON,
    "people": _PERSON,
    "man": _PERSON,
    "p": _PERSON,
    "人": _PERSON,
    "人用": _PERSON,
    "tablet": _unit("count", "count", "1"),
    "tablets": _unit("count", "count", "1"),
    "片": _unit("count", "count", "1"),
    "pack": _unit("count", "count", "1"),
    "pcs": _unit("count", "count", "1"),
    "pieces": _unit("count", "count", "1"),
    "c": _unit("temperature", "c", "1"),
    "°c": _unit("temperature", "c", "1"),
    "℃": _unit("temperature", "c", "1"),
    "度": _unit("temperature", "c", "1"),
    "degrees": _unit("temperature", "c", "1"),
    "degree": _unit("temperature", "c", "1"),
    "l/min": _unit("flow", "l/min", "1"),
    "m2": _unit("area", "m2", "1"),
    "m²": _unit("area", "m2", "1"),
    "w/m": _unit("other", "w/m", "1"),
}

# Attribute-key suffixes (`weight_g`, `capacity_l`, `capacity_persons`) read as units.
KEY_SUFFIX_UNITS: dict[str, Unit] = {
    "g": _G,
    "kg": _KG,
    "l": _L,
    "ml": _ML,
    "mm": _MM,
    "cm": _CM,
    "m": _M,
    "persons": _PERSON,
    "people": _PERSON,
    "h": UNITS["h"],
    "w": UNITS["w"],
    "lm": UNITS["lm"],
    "lumens": UNITS["lumens"],
    "mah": UNITS["mah"],
    "c": UNITS["c"],
    "gb": UNITS["gb"],
    "m2": UNITS["m2"],
}

_ASCII_UNITS = sorted((u for u in UNITS if u.isascii()), key=len, reverse=True)
_CJK_UNITS = sorted((u for u in UNITS if not u.isascii()), key=len, reverse=True)
_UNIT_ALTERNATION = "|".join(
    [re.escape(u) + r"(?![a-z])" for u in _ASCII_UNITS] + [re.escape(u) for u in _CJK_UNITS]
)
# "-5°c", "1.5 l", "2-person", "2p", "40L"; the unit must not run into a longer word.
AMOUNT_WITH_UNIT = re.compile(
    rf"(?<![a-z0-9.])(?P<number>-?\d+(?:\.\d+)?)\s*-?\s*(?P<unit>{_UNIT_ALTERNATION})"
)


@dataclass(frozen=True)
class Quantity:
    """An amount in a dimension's base unit."""

    dimension: str
    base: str
    amount: Decimal


def to_base(number: str | Decimal, unit: str) -> Quantity | None:
    """The amount in base units, or None when the unit is unknown or the number unreadable."""
    known = UNITS.get(unit.lower())
    if known is None:
        return None
    try:
        amount = Decimal(number) * known.factor
    except InvalidOperation:
        return None
    return Quantity(known.dimension, known.base, amount.normalize())


def parse_measure(value: str) -> Quantity | None:
    """A whole option value such as "1 L" or "500 ml" as a quantity; None for anything else."""
    match = AMOUNT_WITH_UNIT.fullmatch(value.strip().lower())
    if match is None:
        return None
    return to_base(match.group("number"), match.group("unit"))
