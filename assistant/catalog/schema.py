"""The documented catalog schema (JSON form; CSV and JSON Lines map onto the same fields)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Slug = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
AttributeValue = str | int | float | bool


class CategoryIn(BaseModel):
    """A category; `parent` names another category's slug."""

    model_config = ConfigDict(extra="forbid")

    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    parent: Slug | None = None


class VariantIn(BaseModel):
    """A purchasable variant. `price` is a decimal string in the store currency."""

    model_config = ConfigDict(extra="forbid")

    sku: Annotated[str, Field(min_length=1, max_length=100)]
    options: dict[str, str] = Field(default_factory=dict)
    price: Decimal = Field(ge=0)
    compare_at_price: Decimal | None = Field(default=None, ge=0)
    stock: int = Field(ge=0)
    cost: Decimal | None = Field(
        default=None, ge=0, description="What one unit costs the merchant (bargaining's margin)."
    )

    @field_validator("price", "compare_at_price", "cost", mode="before")
    @classmethod
    def _no_float_money(cls, value: object) -> object:
        # Floats lose cents; accept them only through their shortest repr.
        if isinstance(value, float):
            return Decimal(repr(value))
        return value


class ProductIn(BaseModel):
    """A product with at least one variant."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    title: str = Field(min_length=1, max_length=300)
    brand: str | None = None
    category: Slug | None = None
    description: str = ""
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    variants: list[VariantIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_skus(self) -> ProductIn:
        skus = [variant.sku for variant in self.variants]
        if len(skus) != len(set(skus)):
            raise ValueError(f"product {self.id!r} repeats a SKU")
        return self


class CatalogIn(BaseModel):
    """A whole catalog file: categories and products."""

    model_config = ConfigDict(extra="forbid")

    categories: list[CategoryIn] = Field(default_factory=list)
    products: list[ProductIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> CatalogIn:
        slugs = {category.slug for category in self.categories}
        for category in self.categories:
            if category.parent is not None and category.parent not in slugs:
                raise ValueError(
                    f"category {category.slug!r} has unknown parent {category.parent!r}"
                )
        skus: set[str] = set()
        for product in self.products:
            for variant in product.variants:
                if variant.sku in skus:
                    raise ValueError(f"SKU {variant.sku!r} appears twice")
                skus.add(variant.sku)
        return self
