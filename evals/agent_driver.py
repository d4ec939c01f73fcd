"""The real driver: scenarios talk to the agent loop with the configured brain.

A store's state is built once per driver into a template (the SQLite file with the catalog,
pricing, customers and indexed documents, plus the vector index); every scenario trial then
starts from its own copy of the database file, so scenarios cannot affect each other while the
expensive embedding happens once per run.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from assistant.agent.factory import build_agent, tool_services
from assistant.agent.loop import ChatAgent
from assistant.agent.turn import TurnResult
from assistant.catalog.customers import (
    CustomerIn,
    CustomersIn,
    OrderIn,
    OrderLineIn,
    apply_customers,
)
from assistant.config import Settings
from assistant.db import Database, migrate
from assistant.demo import DEMO_STORE_ID, load_demo_documents, load_demo_tables
from assistant.domain import Cart, Coupon, Customer, Order, ShopperSession, Variant
from assistant.domain.base import utcnow
from assistant.errors import NotFoundError
from evals.driver import (
    CartLineSnapshot,
    CartSnapshot,
    ConversationSetup,
    CouponSnapshot,
    OrderLineSnapshot,
    OrderSnapshot,
    StockSnapshot,
)
from evals.fixtures import FixtureDocument, ResolvedStore, apply_fixture_tables
from evals.registry import ModelSpec, register_driver
from retrieval.content_typing import guess_type
from retrieval.knowledge import KnowledgeBase
from retrieval.sources import SourceFile
from tools.cart import add_to_cart, apply_coupon, view_cart
from tools.deps import ToolDeps
from tools.services import ToolServices

FIXTURE_STORE_ID = "eval"


class _Template:
    """A built store: a database file to copy and the vector index all copies share."""

    def __init__(self, root: Path, store_id: str, settings: Settings) -> None:
        self.root = root
        self.store_id = store_id
        self.settings = settings
        self.database_file = root / "template.db"


class AgentDriver:
    """Runs scenarios against `build_agent` with one model spec."""

    def __init__(self, spec: ModelSpec, settings: Settings) -> None:
        self.spec = spec
        overrides: dict[str, object] = {}
        if spec.provider == "openai":
            overrides = {"llm_provider": "openai", "llm_model": spec.model or settings.llm_model}
        self.base_settings = settings.model_copy(update=overrides)
        self._root = Path(tempfile.mkdtemp(prefix="sales-assistant-evals-"))
        self._templates: dict[str, _Template] = {}
        self._knowledge: dict[str, KnowledgeBase] = {}
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        """The model spec this driver runs."""
        return str(self.spec)

    def start(self, setup: ConversationSetup) -> AgentConversation:
        """A new conversation on its own copy of the store."""
        template = self._template(setup.store)
        workdir = self._root / f"run-{uuid.uuid4().hex}"
        workdir.mkdir()
        database_file = workdir / "store.db"
        shutil.copy(template.database_file, database_file)
        settings = template.settings.model_copy(
            update={"database_url": f"sqlite:///{database_file}"}
        )
        database = Database(settings)
        shared = self._knowledge[template.store_id + str(template.root)]
        knowledge = KnowledgeBase(
            settings, database, embedder=shared.embedder, vectors=shared.vectors
        )
        tools = tool_services(settings, database, knowledge)
        agent = build_agent(settings, database, knowledge, tools=tools)
        return AgentConversation(agent, tools, template.store_id, workdir, setup)

    def _template(self, store: ResolvedStore) -> _Template:
        key = store.fixture_sha256 or "demo"
        with self._lock:
            template = self._templates.get(key)
            if template is None:
                template = self._build(store, key)
                self._templates[key] = template
            return template

    def _build(self, store: ResolvedStore, key: str) -> _Template:
        root = self._root / f"template-{key[:16]}"
        root.mkdir()
        settings = self.base_settings.model_copy(
            update={"data_dir": root, "database_url": f"sqlite:///{root / 'template.db'}"}
        )
        migrate(settings.resolved_database_url)
        database = Database(settings)
        knowledge = KnowledgeBase(settings, database)
        if store.fixture is None:
            store_id = DEMO_STORE_ID
            with database.transaction() as session:
                load_demo_tables(session)
            load_demo_documents(knowledge)
        else:
            store_id = FIXTURE_STORE_ID
            with database.transaction() as session:
                apply_fixture_tables(session, store_id, store.fixture)
            files = [fixture_file(doc) for doc in store.fixture.documents]
            if files:
                knowledge.ingest(store_id, files)
        database.dispose()
        template = _Template(root, store_id, settings)
        self._knowledge[store_id + str(root)] = knowledge
        return template


def _md(source: str) -> str:
    return source if "." in Path(source).name else f"{source}.md"


def fixture_file(doc: FixtureDocument) -> SourceFile:
    """A fixture document as the merchant uploads it; "auto" is typed by its content."""
    data, filename = doc.text.encode(), _md(doc.source)
    if doc.doc_type != "auto":
        return SourceFile(doc.source, data, doc.doc_type, filename=filename)
    guess = guess_type(filename, data)
    return SourceFile(
        doc.source, data, guess.doc_type, filename=filename, doc_type_reason=guess.reason
    )


class AgentConversation:
    """One scenario trial's conversation and its private database copy."""

    def __init__(
        self,
        agent: ChatAgent,
        tools: ToolServices,
        store_id: str,
        workdir: Path,
        setup: ConversationSetup,
    ) -> None:
        self.agent = agent
        self.tools = tools
        self.database = tools.database
        self.settings = tools.settings
        self.store_id = store_id
        self.workdir = workdir
        self.customer_id = self._identify(setup)
        with self.database.transaction() as session:
            shopper = ShopperSession(
                store_id=store_id,
                customer_id=self.customer_id,
                expires_at=utcnow() + timedelta(hours=2),
            )
            session.add(shopper)
            session.flush()
            self.session_id = shopper.id
        self._apply_start(setup)

    def _deps(self) -> ToolDeps:
        return self.tools.for_shopper(self.store_id, self.session_id, customer_id=self.customer_id)

    def _identify(self, setup: ConversationSetup) -> int | None:
        if setup.identity is None:
            return None
        with self.database.session() as session:
            customer = session.scalar(
                select(Customer).where(
                    Customer.store_id == self.store_id,
                    Customer.external_id == setup.identity.customer,
                )
            )
            if customer is None:
                raise NotFoundError(f"no customer {setup.identity.customer!r} in the store")
            return customer.id

    def _apply_start(self, setup: ConversationSetup) -> None:
        start = setup.start
        for index, item in enumerate(start.cart):
            add_to_cart(self._deps(), item.sku, item.quantity, idempotency_key=f"start-{index}")
        if start.coupon:
            apply_coupon(self._deps(), start.coupon, idempotency_key="start-coupon")
        if start.orders and setup.identity is not None:
            orders = [
                OrderIn(
                    number=order.number or f"EV-{uuid.uuid4().hex[:8].upper()}",
                    placed_at=utcnow(),
                    status=order.status,
                    lines=[
                        OrderLineIn(sku=line.sku, quantity=line.quantity) for line in order.lines
                    ],
                )
                for order in start.orders
            ]
            with self.database.transaction() as session:
                customer = session.get(Customer, self.customer_id)
                assert customer is not None
                apply_customers(
                    session,
                    self.store_id,
                    CustomersIn(
                        customers=[
                            CustomerIn(
                                external_id=customer.external_id,
                                email=customer.email,
                                first_name=customer.first_name,
                                last_name=customer.last_name,
                                tags=list(customer.tags),
                                profile=dict(customer.profile),
                                orders=orders,
                            )
                        ]
                    ),
                )

    def send(self, text: str) -> TurnResult:
        """One shopper message through the whole loop."""
        return asyncio.run(
            self.agent.run_turn(self.store_id, self.session_id, text, customer_id=self.customer_id)
        )

    def cart(self) -> CartSnapshot:
        """The open cart as the pricing code totals it."""
        cart = view_cart(self._deps())
        return CartSnapshot(
            currency=cart.currency,
            lines=[
                CartLineSnapshot(
                    sku=line.sku,
                    quantity=line.quantity,
                    unit_price_minor=line.unit_price.amount_minor,
                    line_total_minor=line.line_total.amount_minor,
                )
                for line in cart.lines
            ],
            subtotal_minor=cart.subtotal.amount_minor,
            discount_minor=cart.discount.amount_minor,
            total_minor=cart.total.amount_minor,
            coupon=cart.coupon.code if cart.coupon else None,
        )

    def orders(self) -> list[OrderSnapshot]:
        """The identified customer's orders, or those this session placed."""
        with self.database.session() as session:
            query = select(Order).where(Order.store_id == self.store_id)
            if self.customer_id is not None:
                query = query.where(Order.customer_id == self.customer_id)
            else:
                query = query.where(Order.session_id == self.session_id)
            return [
                OrderSnapshot(
                    number=order.number,
                    status=order.status,
                    currency=order.currency,
                    lines=[
                        OrderLineSnapshot(
                            sku=line.sku,
                            quantity=line.quantity,
                            line_total_minor=line.line_total_minor,
                        )
                        for line in order.lines
                    ],
                    total_minor=order.total_minor,
                )
                for order in session.scalars(query.order_by(Order.id))
            ]

    def stock(self, sku: str) -> StockSnapshot:
        """A variant's stock now."""
        with self.database.session() as session:
            variant = session.scalar(
                select(Variant).where(Variant.store_id == self.store_id, Variant.sku == sku)
            )
            if variant is None:
                raise NotFoundError(f"no SKU {sku!r}")
            return StockSnapshot(
                sku=sku, on_hand=variant.stock_on_hand, reserved=variant.stock_reserved
            )

    def issued_coupons(self) -> list[CouponSnapshot]:
        """The coupons the assistant issued in this store copy, and whether each is bound to
        one of this shopper's carts."""
        with self.database.session() as session:
            own_carts = set(
                session.scalars(
                    select(Cart.id).where(
                        Cart.store_id == self.store_id, Cart.session_id == self.session_id
                    )
                )
            )
            coupons = session.scalars(
                select(Coupon)
                .where(Coupon.store_id == self.store_id, Coupon.origin != "merchant")
                .order_by(Coupon.id)
            )
            return [
                CouponSnapshot(
                    code=coupon.code,
                    origin=coupon.origin,
                    percent_off=coupon.percent_off,
                    amount_off_minor=coupon.amount_off_minor,
                    usage_limit=coupon.usage_limit,
                    bound_to_shopper_cart=coupon.cart_id is not None
                    and coupon.cart_id in own_carts,
                )
                for coupon in coupons
            ]

    def close(self) -> None:
        """Drop the conversation's database copy."""
        self.database.dispose()
        shutil.rmtree(self.workdir, ignore_errors=True)


register_driver("offline", AgentDriver)
register_driver("openai", AgentDriver)
