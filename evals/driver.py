"""The boundary between the harness and the assistant under test.

A `ChatDriver` starts one conversation per scenario trial, each on a fresh store state (a fresh
store, so scenarios cannot affect each other), sends the shopper's turns and answers the state
questions end assertions ask (cart, orders, stock). `start` may be called from several threads
at once (`--jobs`); a conversation is used by one thread only.

The real driver, over the agent loop, registers itself in `evals/registry.py`; the scripted one
in `evals/scripted_driver.py` plays canned turns for the harness's own tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from assistant.agent.turn import TurnResult
from evals.fixtures import ResolvedStore
from evals.schema import Identity, StartState


class _Snapshot(BaseModel):
    model_config = ConfigDict(frozen=True)


class CartLineSnapshot(_Snapshot):
    """One cart line as the shop prices it now."""

    sku: str
    quantity: int
    unit_price_minor: int = 0
    line_total_minor: int = 0


class CartSnapshot(_Snapshot):
    """The shopper's open cart (empty when there is none)."""

    currency: str = "USD"
    lines: list[CartLineSnapshot] = Field(default_factory=list)
    subtotal_minor: int = 0
    discount_minor: int = 0
    total_minor: int = 0
    coupon: str | None = None


class OrderLineSnapshot(_Snapshot):
    """One line of an order."""

    sku: str
    quantity: int
    line_total_minor: int = 0


class OrderSnapshot(_Snapshot):
    """An order the shopper (or the identified customer) can see."""

    number: str
    status: str
    currency: str = "USD"
    lines: list[OrderLineSnapshot] = Field(default_factory=list)
    total_minor: int = 0


class StockSnapshot(_Snapshot):
    """A variant's stock: units on hand and units reserved by pending orders."""

    sku: str
    on_hand: int
    reserved: int = 0

    @property
    def available(self) -> int:
        """Units that can still be sold."""
        return self.on_hand - self.reserved


class CouponSnapshot(_Snapshot):
    """A coupon the assistant issued itself (origin other than the merchant)."""

    code: str
    origin: str
    percent_off: int | None = None
    amount_off_minor: int | None = None
    usage_limit: int | None = None
    # True when the coupon is bound to the shopper's own cart; False for another cart or none.
    bound_to_shopper_cart: bool = False


@dataclass(frozen=True)
class ConversationSetup:
    """Everything a driver needs to start one scenario trial."""

    suite: str
    scenario_id: str
    trial: int
    store: ResolvedStore
    identity: Identity | None
    start: StartState


class DriverConversation(Protocol):
    """One conversation with the assistant, on its own fresh store state."""

    def send(self, text: str) -> TurnResult:
        """Send one shopper message; the assistant's full answer to it."""
        ...

    def cart(self) -> CartSnapshot:
        """The shopper's cart right now."""
        ...

    def orders(self) -> list[OrderSnapshot]:
        """The orders this shopper can see now (the identified customer's, or the session's)."""
        ...

    def stock(self, sku: str) -> StockSnapshot:
        """A variant's stock right now; raises NotFoundError for an unknown SKU."""
        ...

    def issued_coupons(self) -> list[CouponSnapshot]:
        """Every coupon the assistant issued itself in the conversation's store copy."""
        ...

    def close(self) -> None:
        """Release what the conversation holds (databases, temporary folders)."""
        ...


class ChatDriver(Protocol):
    """Starts conversations with one configured assistant (one model, one prompt)."""

    @property
    def model(self) -> str:
        """The model spec this driver runs, e.g. 'offline' or 'openai:gpt-4o-mini'."""
        ...

    def start(self, setup: ConversationSetup) -> DriverConversation:
        """A new conversation on a fresh store state with the setup's identity and start state."""
        ...
