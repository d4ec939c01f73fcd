"""The demo store: data shipped in `assistant/demo_store/`, loaded as the store `demo`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from sqlalchemy.orm import Session

from assistant.bargaining_rules import RuleTarget, set_rule, set_store_limits
from assistant.catalog.customers import CustomersIn, apply_customers
from assistant.catalog.pricing import PricingIn, apply_pricing
from assistant.catalog.schema import CatalogIn
from assistant.catalog.upsert import CatalogChanges, apply_catalog
from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo_history import demo_order_history
from assistant.domain import Store
from assistant.domain.bargaining_limits import BargainingLimits, LimitOverride
from assistant.stores import create_store
from retrieval.ingest import IngestOutcome, SourceFile
from retrieval.knowledge import KnowledgeBase

DEMO_STORE_ID = "demo"


def demo_files() -> Traversable:
    """The folder of demo data inside the installed package."""
    return resources.files("assistant").joinpath("demo_store")


def read_json(name: str) -> Any:
    """One demo JSON file, parsed."""
    return json.loads(demo_files().joinpath(name).read_text(encoding="utf-8"))


@dataclass
class DemoLoad:
    """What loading the demo store did."""

    created_store: bool
    catalog: CatalogChanges


def _apply_bargaining(session: Session, store: Store, store_data: dict[str, Any]) -> None:
    """The demo's store-wide bargaining limits and its category and product rules."""
    set_store_limits(store, BargainingLimits.model_validate(store_data.get("bargaining", {})))
    for rule in store_data.get("bargaining_overrides", []):
        target: RuleTarget = "category" if "category" in rule else "product"
        limits = LimitOverride.model_validate({k: v for k, v in rule.items() if k != target})
        set_rule(session, store, target, rule[target], limits)


def load_demo_tables(session: Session) -> DemoLoad:
    """Create or refresh the demo store's relational data. Running it again adds nothing."""
    store_data = read_json("store.json")
    store = session.get(Store, DEMO_STORE_ID)
    settings = {
        key: store_data[key]
        for key in (
            "business_hours",
            "support_email",
            "handoff_threshold",
            "discount_cap_percent",
            "allowed_origins",
            "proactive",
        )
    }
    created = store is None
    if store is None:
        store = create_store(
            session,
            DEMO_STORE_ID,
            store_data["name"],
            currency=store_data["currency"],
            locale=store_data["locale"],
            timezone=store_data["timezone"],
            settings=settings,
        )
    else:
        store.name = store_data["name"]
        store.settings = {**store.settings, **settings}
    catalog = read_json("catalog.json")
    changes = apply_catalog(session, DEMO_STORE_ID, CatalogIn.model_validate(catalog))
    apply_pricing(session, DEMO_STORE_ID, PricingIn.model_validate(read_json("pricing.json")))
    named = CustomersIn.model_validate(read_json("customers.json"))
    returning = demo_order_history(catalog)
    apply_customers(
        session, DEMO_STORE_ID, CustomersIn(customers=[*named.customers, *returning.customers])
    )
    _apply_bargaining(session, store, store_data)
    return DemoLoad(created_store=created, catalog=changes)


def demo_document_files() -> list[SourceFile]:
    """The demo's documents, each named by its path inside the demo folder."""
    root = demo_files()
    files = []
    if root.joinpath("catalog.json").is_file():
        files.append(
            SourceFile("catalog.json", root.joinpath("catalog.json").read_bytes(), "product")
        )
    files.append(SourceFile("faq.json", root.joinpath("faq.json").read_bytes(), "faq"))
    policies = root.joinpath("policies")
    for policy in sorted(policies.iterdir(), key=lambda entry: entry.name):
        if policy.name.endswith(".md"):
            files.append(SourceFile(f"policies/{policy.name}", policy.read_bytes(), "policy"))
    return files


def load_demo_documents(knowledge: KnowledgeBase) -> list[IngestOutcome]:
    """Index the demo's catalog, FAQ and policies; unchanged files are left as they are."""
    return knowledge.ingest(DEMO_STORE_ID, demo_document_files())


@dataclass(frozen=True)
class DemoStore:
    """A demo store built from scratch under some Settings (tests, benchmarks)."""

    settings: Settings
    database: Database
    knowledge: KnowledgeBase
    indexed: list[IngestOutcome]


@contextmanager
def open_demo_store(settings: Settings, *, documents: bool = True) -> Iterator[DemoStore]:
    """Migrate the Settings' database, load the demo tables and (unless `documents` is False)
    index the demo documents; the database is disposed of on leaving."""
    migrate(settings.resolved_database_url)
    database = Database(settings)
    try:
        with database.transaction() as session:
            load_demo_tables(session)
        knowledge = KnowledgeBase(settings, database)
        indexed = load_demo_documents(knowledge) if documents else []
        yield DemoStore(settings, database, knowledge, indexed)
    finally:
        database.dispose()
