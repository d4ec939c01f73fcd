"""How a catalog attribute reads to a shopper: its label and the unit its key ends in.

Catalogs name measured attributes with a unit suffix (`weight_g`, `burn_time_h`, `screen_in`):
the label is the rest of the key ("Weight", "Burn time") and the value is shown with the unit
("480 g", "80 h", "-5 °C").
"""

from __future__ import annotations

# Key suffixes that are units, and how the unit is written after a value.
UNIT_SUFFIXES: dict[str, str] = {
    "g": "g",
    "kg": "kg",
    "mg": "mg",
    "mm": "mm",
    "cm": "cm",
    "m": "m",
    "km": "km",
    "in": "in",
    "l": "L",
    "ml": "ml",
    "c": "°C",
    "f": "°F",
    "h": "h",
    "min": "min",
    "s": "s",
    "lm": "lm",
    "lumens": "lm",
    "mah": "mAh",
    "w": "W",
    "v": "V",
    "m2": "m²",
    "gb": "GB",
    "persons": "persons",
    "micron": "µm",
    "mmhg": "mmHg",
}


def attribute_label(key: str) -> tuple[str, str]:
    """("Weight", "g") for `weight_g`, ("Lumens", "") for `lumens`, ("R value", "") for
    `r_value`."""
    head, _, tail = key.rpartition("_")
    unit = UNIT_SUFFIXES.get(tail.lower()) if head else None
    words = head if unit is not None else key
    label = words.replace("_", " ").strip()
    return label[:1].upper() + label[1:], unit or ""


def with_unit(value: str | bool | int | float, unit: str) -> str:
    """A value as written for a shopper: "480 g", "yes", "3-season"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return f"{text} {unit}" if unit else text
