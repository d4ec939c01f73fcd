"""Store fixtures: a small store (catalog, pricing, customers, documents) built fresh for a run.

A suite names `store: demo` or `store: {fixture: path}`; the fixture file (YAML or JSON) holds:

    name: Test Outfitters
    currency: USD
    settings: {handoff_threshold: 0.35, discount_cap_percent: 15}
    catalog: {categories: [...], products: [...]}      # the catalog file schema
    pricing: {price_rules: [...], coupons: [...]}     # optional, the pricing file schema
    customers: {customers: [...]}                      # optional, the customers file schema
    documents:
      - {source: policies/returns.md, title: Returns, doc_type: policy, text: "..."}
      - {source: pages/notes.md, title: Notes, doc_type: auto, text: "..."}   # typed by content

The relational part is applied with `apply_fixture_tables`; indexing the documents for retrieval
is the driver's job, through the same ingestion the merchant uses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from assistant.catalog.customers import CustomersIn, apply_customers
from assistant.catalog.pricing import PricingIn, apply_pricing
from assistant.catalog.schema import CatalogIn
from assistant.catalog.upsert import apply_catalog
from assistant.domain import Store
from assistant.stores import create_store

DocType = Literal["product", "faq", "policy", "other"]
# "auto": typed by its content, as an upload without a type is.
FixtureDocType = Literal[DocType, "auto"]


class FixtureDocument(BaseModel):
    """A document of the fixture store, as a merchant would upload it."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, max_length=300, description="e.g. policies/returns.md")
    title: str = Field(min_length=1, max_length=300)
    doc_type: FixtureDocType = "policy"
    text: str = Field(min_length=1)


class StoreFixture(BaseModel):
    """A whole store for one suite, loaded into a fresh database for every scenario."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="Eval Store", min_length=1, max_length=200)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    locale: str = "en-US"
    timezone: str = "UTC"
    settings: dict[str, Any] = Field(
        default_factory=dict,
        description="Store settings such as handoff_threshold and discount_cap_percent.",
    )
    catalog: CatalogIn = Field(default_factory=CatalogIn)
    pricing: PricingIn | None = None
    customers: CustomersIn | None = None
    documents: list[FixtureDocument] = Field(default_factory=list)


@dataclass(frozen=True)
class ResolvedStore:
    """The store a suite runs on: the demo store, or a parsed fixture file."""

    kind: Literal["demo", "fixture"]
    fixture_path: Path | None = None
    fixture: StoreFixture | None = None
    fixture_sha256: str | None = None

    @property
    def label(self) -> str:
        """'demo' or the fixture file's path, for reports."""
        return "demo" if self.fixture_path is None else str(self.fixture_path)


DEMO_STORE = ResolvedStore(kind="demo")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def apply_fixture_tables(session: Session, store_id: str, fixture: StoreFixture) -> Store:
    """Create the store and load its catalog, pricing and customers (not its documents)."""
    store = create_store(
        session,
        store_id,
        fixture.name,
        currency=fixture.currency,
        locale=fixture.locale,
        timezone=fixture.timezone,
        settings=dict(fixture.settings),
    )
    apply_catalog(session, store_id, fixture.catalog)
    if fixture.pricing is not None:
        apply_pricing(session, store_id, fixture.pricing)
    if fixture.customers is not None:
        apply_customers(session, store_id, fixture.customers)
    return store
