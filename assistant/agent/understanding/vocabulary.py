"""What one store calls things: the plain data the understanding layer reads a message against.

Everything store-specific (category names, option names and values, attribute keys, brands,
product titles, order-number and coupon formats) lives here, built from the store's own catalog.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from assistant.catalog.schema import CatalogIn, VariantIn
from assistant.errors import InvalidInputError

if TYPE_CHECKING:
    from assistant.agent.understanding.catalog_index import CatalogIndex
    from assistant.agent.understanding.store_kinds import StoreKinds
    from text.spelling import Speller

AttributeKind = Literal["bool", "number", "text"]

DEFAULT_ORDER_NUMBER_PATTERN = r"[A-Z]{2,5}-\d{4,}"
DEFAULT_COUPON_PATTERN = r"[A-Z0-9][A-Z0-9_-]{2,30}[A-Z0-9]"
# Text attribute values longer than this are descriptions, not something a shopper types.
_MAX_TEXT_VALUE_CHARS = 40


@dataclass(frozen=True)
class CategoryEntry:
    """A store category."""

    slug: str
    name: str
    parent: str | None = None


@dataclass(frozen=True)
class AttributeEntry:
    """An attribute key the catalog uses, its value type and (for text) the values seen."""

    key: str
    kind: AttributeKind
    values: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ProductEntry:
    """A product a shopper may name."""

    handle: str
    title: str
    category: str | None = None
    brand: str | None = None
    # The product's own option values, as (option name, values) pairs: what its variants offer.
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Words the merchant files the product under; not part of what names it.
    tags: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CatalogVocabulary:
    """The store's words. Build it with `from_catalog`, or directly from plain data."""

    categories: tuple[CategoryEntry, ...] = ()
    options: Mapping[str, frozenset[str]] = field(default_factory=dict)
    attributes: Mapping[str, AttributeEntry] = field(default_factory=dict)
    brands: frozenset[str] = frozenset()
    products: tuple[ProductEntry, ...] = ()
    tags: frozenset[str] = frozenset()
    currency: str = "USD"
    order_number_pattern: str = DEFAULT_ORDER_NUMBER_PATTERN
    coupon_pattern: str = DEFAULT_COUPON_PATTERN
    coupon_codes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for pattern in (self.order_number_pattern, self.coupon_pattern):
            try:
                re.compile(pattern)  # fail at construction, not on the first message
            except re.error as exc:
                raise InvalidInputError(f"not a valid pattern: {pattern!r} ({exc})") from exc

    @classmethod
    def from_catalog(
        cls,
        catalog: CatalogIn,
        *,
        currency: str = "USD",
        order_number_pattern: str = DEFAULT_ORDER_NUMBER_PATTERN,
        coupon_pattern: str = DEFAULT_COUPON_PATTERN,
        coupon_codes: Iterable[str] = (),
    ) -> CatalogVocabulary:
        """Collect the vocabulary of a catalog file (`CatalogIn`)."""
        options: dict[str, set[str]] = defaultdict(set)
        attribute_values: dict[str, list[object]] = defaultdict(list)
        for product in catalog.products:
            for variant in product.variants:
                for name, option_value in variant.options.items():
                    options[name].add(option_value)
            for key, attribute_value in product.attributes.items():
                attribute_values[key].append(attribute_value)
        return cls(
            categories=tuple(
                CategoryEntry(slug=c.slug, name=c.name, parent=c.parent) for c in catalog.categories
            ),
            options={name: frozenset(values) for name, values in options.items()},
            attributes={
                key: _attribute_entry(key, values) for key, values in attribute_values.items()
            },
            brands=frozenset(p.brand for p in catalog.products if p.brand),
            products=tuple(
                ProductEntry(
                    handle=p.id,
                    title=p.title,
                    category=p.category,
                    brand=p.brand,
                    options=_product_options(p.variants),
                    tags=tuple(p.tags),
                )
                for p in catalog.products
            ),
            tags=frozenset(tag for p in catalog.products for tag in p.tags),
            currency=currency,
            order_number_pattern=order_number_pattern,
            coupon_pattern=coupon_pattern,
            coupon_codes=frozenset(code.upper() for code in coupon_codes),
        )

    @classmethod
    def from_catalog_data(cls, data: Mapping[str, Any], **settings: Any) -> CatalogVocabulary:
        """Collect the vocabulary of a catalog in its JSON structure (validated first)."""
        return cls.from_catalog(CatalogIn.model_validate(data), **settings)

    @cached_property
    def index(self) -> CatalogIndex:
        """Matchers compiled from this vocabulary, built once on first use."""
        from assistant.agent.understanding.catalog_index import CatalogIndex

        return CatalogIndex(self)

    @cached_property
    def kinds(self) -> StoreKinds:
        """The kinds of product the store sells, read from its products, built on first use."""
        from assistant.agent.understanding.store_kinds import StoreKinds

        return StoreKinds(self)

    @cached_property
    def speller(self) -> Speller:
        """Typo correction towards this vocabulary, built once on first use."""
        from assistant.agent.understanding.shop_speller import shop_speller

        return shop_speller(self)


def _product_options(variants: Iterable[VariantIn]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    values: dict[str, list[str]] = defaultdict(list)
    for variant in variants:
        for name, value in variant.options.items():
            if value not in values[name]:
                values[name].append(value)
    return tuple((name, tuple(found)) for name, found in values.items())


def _attribute_entry(key: str, values: list[object]) -> AttributeEntry:
    if all(isinstance(value, bool) for value in values):
        return AttributeEntry(key=key, kind="bool")
    if all(isinstance(value, int | float) and not isinstance(value, bool) for value in values):
        return AttributeEntry(key=key, kind="number")
    texts = frozenset(str(value) for value in values if len(str(value)) <= _MAX_TEXT_VALUE_CHARS)
    return AttributeEntry(key=key, kind="text", values=texts)
