"""Attribute filters for search: product attributes and variant options, matched leniently.

Keys ignore case, spaces and hyphens ('Colour', 'color' and 'colour' are one key). A boolean
matches booleans and yes/no words; a number matches numerically; text matches when every word of
the wanted value appears in the actual one ('green' matches 'Forest Green', '42' matches
'M (39-42)'). A key that is a product attribute filters products; a key that is a variant option
filters variants; a key the product has neither way excludes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import Field

from assistant.domain import Product
from text.tokenise import tokens
from tools.catalog_view import VariantInfo

FilterKey = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[A-Za-z][A-Za-z0-9 _-]*$")]
FilterValue = bool | int | Annotated[str, Field(max_length=100)]
AttributeFilters = dict[FilterKey, FilterValue]

_SYNONYMS = {"color": "colour"}
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def normal_key(key: str) -> str:
    """'Colour', 'color', 'Colour ' -> 'colour'; 'Weight G' -> 'weight_g'."""
    key = key.strip().lower().replace(" ", "_").replace("-", "_")
    return _SYNONYMS.get(key, key)


def _as_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _as_number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def value_matches(actual: object, wanted: object) -> bool:
    """Whether an attribute or option value satisfies the wanted value."""
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return _as_bool(actual) is not None and _as_bool(actual) == _as_bool(wanted)
    if isinstance(actual, int | float):
        number = _as_number(wanted)
        return number is not None and Decimal(str(actual)) == number
    wanted_tokens = set(tokens(str(wanted)))
    return bool(wanted_tokens) and wanted_tokens <= set(tokens(str(actual)))


def _attributes(product: Product) -> dict[str, object]:
    return {normal_key(key): value for key, value in product.attributes.items()}


def product_matches(product: Product, filters: AttributeFilters) -> bool:
    """Product-level filters pass; keys that are variant options are left to the variants."""
    attributes = _attributes(product)
    option_keys = {normal_key(key) for variant in product.variants for key in variant.options}
    for key, wanted in filters.items():
        name = normal_key(key)
        if name in attributes:
            if not value_matches(attributes[name], wanted):
                return False
        elif name not in option_keys:
            return False
    return True


def matching_variants(
    product: Product, infos: Sequence[VariantInfo], filters: AttributeFilters
) -> list[VariantInfo]:
    """The variants whose options satisfy the option-level filters."""
    attributes = _attributes(product)
    option_filters = {
        normal_key(key): wanted
        for key, wanted in filters.items()
        if normal_key(key) not in attributes
    }
    if not option_filters:
        return list(infos)
    matched = []
    for info in infos:
        options = {normal_key(key): value for key, value in info.options.items()}
        if all(
            name in options and value_matches(options[name], wanted)
            for name, wanted in option_filters.items()
        ):
            matched.append(info)
    return matched
