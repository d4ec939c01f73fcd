"""How a store's catalog exports were last read, per export layout, for the next import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.domain.base import Base, StoreScoped, Timestamped


class CatalogImportMapping(StoreScoped, Timestamped, Base):
    """The import profile and rules used for one header layout (`column_key`) of a store.

    `rules` holds what the merchant chose (profile, column map, option patterns, exclusions,
    in-stock quantity); an import of the same layout without any choice reuses them.
    """

    __tablename__ = "catalog_import_mappings"
    __table_args__ = (UniqueConstraint("store_id", "column_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    column_key: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(500))
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
