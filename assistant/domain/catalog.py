"""Catalog: categories, attribute definitions, products, variants and product relations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.domain.base import Base, StoreScoped, Timestamped


class Category(StoreScoped, Base):
    """A category in a tree (parent may be null)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("store_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), default=None
    )


class AttributeDefinition(StoreScoped, Base):
    """An attribute key seen in the catalog, with its value type, so filters can be typed."""

    __tablename__ = "attribute_definitions"
    __table_args__ = (UniqueConstraint("store_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(200))
    value_type: Mapped[str] = mapped_column(String(16))  # "bool" | "number" | "text"


class Product(StoreScoped, Timestamped, Base):
    """A product; what a shopper buys is one of its variants."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("store_id", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    brand: Mapped[str | None] = mapped_column(String(200), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True, default=None
    )
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="active")

    variants: Mapped[list[Variant]] = relationship(
        back_populates="product", order_by="Variant.id", cascade="all, delete-orphan"
    )
    category: Mapped[Category | None] = relationship()


class Variant(StoreScoped, Timestamped, Base):
    """A purchasable SKU. Money in minor units; available = on hand - reserved."""

    __tablename__ = "variants"
    __table_args__ = (
        UniqueConstraint("store_id", "sku"),
        CheckConstraint("stock_on_hand >= 0", name="stock_on_hand_non_negative"),
        CheckConstraint("stock_reserved >= 0", name="stock_reserved_non_negative"),
        CheckConstraint("stock_reserved <= stock_on_hand", name="reserved_within_on_hand"),
        CheckConstraint("price_minor >= 0", name="price_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(String(100))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    price_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    compare_at_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # What the merchant pays for one unit, when the catalog says: bargaining's margin floor.
    cost_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    stock_on_hand: Mapped[int] = mapped_column(Integer, default=0)
    stock_reserved: Mapped[int] = mapped_column(Integer, default=0)

    product: Mapped[Product] = relationship(back_populates="variants")

    @property
    def available(self) -> int:
        """Units that can be sold now."""
        return self.stock_on_hand - self.stock_reserved


class ProductRelation(StoreScoped, Base):
    """A merchant-declared link between products ("complement" or "upgrade")."""

    __tablename__ = "product_relations"
    __table_args__ = (UniqueConstraint("product_id", "related_product_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    related_product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default="complement")
