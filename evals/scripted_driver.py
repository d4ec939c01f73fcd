"""A driver that replays canned turns and states: the harness tested without the agent.

driver = ScriptedDriver.from_scripts({
    "add-socks": [
        ScriptedTurn(
            TurnResult(conversation_id="c", reply="Added 2 pairs.", tool_calls=[...]),
            cart=CartSnapshot(lines=[CartLineSnapshot(sku="SOCK-1", quantity=2)]),
        ),
    ],
})
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.agent.turn import TurnResult
from assistant.errors import NotFoundError
from evals.driver import (
    CartLineSnapshot,
    CartSnapshot,
    ConversationSetup,
    CouponSnapshot,
    DriverConversation,
    OrderLineSnapshot,
    OrderSnapshot,
    StockSnapshot,
)


@dataclass(frozen=True)
class ScriptedTurn:
    """What the assistant answers to one message, and how the shop's state changes with it."""

    result: TurnResult | str
    cart: CartSnapshot | None = None
    new_orders: Sequence[OrderSnapshot] = ()
    stock: Mapping[str, StockSnapshot] = field(default_factory=dict)
    raises: Exception | None = None
    coupons: Sequence[CouponSnapshot] = ()


Responder = Callable[[ConversationSetup, int, str], ScriptedTurn]


class ScriptMissingError(LookupError):
    """The scenario sent a message the script has no answer for."""


class ScriptedDriver:
    """Plays `responder(setup, turn_index, text)` for every message; each start is a fresh state."""

    def __init__(
        self,
        responder: Responder,
        *,
        stock: Mapping[str, StockSnapshot] | None = None,
        orders: Sequence[OrderSnapshot] = (),
        model: str = "scripted",
    ) -> None:
        self._responder = responder
        self._stock = dict(stock or {})
        self._orders = list(orders)
        self._model = model
        self._lock = threading.Lock()
        self.conversations: list[ScriptedConversation] = []

    @classmethod
    def from_scripts(
        cls,
        scripts: Mapping[str, Sequence[ScriptedTurn]],
        *,
        stock: Mapping[str, StockSnapshot] | None = None,
        orders: Sequence[OrderSnapshot] = (),
        model: str = "scripted",
    ) -> ScriptedDriver:
        """Answer turn i of scenario S with `scripts[S][i]`, whatever the trial."""

        def respond(setup: ConversationSetup, index: int, text: str) -> ScriptedTurn:
            turns = scripts.get(setup.scenario_id, ())
            if index >= len(turns):
                raise ScriptMissingError(f"no scripted turn {index + 1} for {setup.scenario_id}")
            return turns[index]

        return cls(respond, stock=stock, orders=orders, model=model)

    @property
    def model(self) -> str:
        """The model label reported in results."""
        return self._model

    def start(self, setup: ConversationSetup) -> DriverConversation:
        """A new conversation with the starting cart and orders of the setup."""
        cart = CartSnapshot(
            lines=[CartLineSnapshot(sku=i.sku, quantity=i.quantity) for i in setup.start.cart],
            coupon=setup.start.coupon,
        )
        orders = [
            *self._orders,
            *(
                OrderSnapshot(
                    number=order.number or f"START-{index + 1}",
                    status=order.status,
                    lines=[OrderLineSnapshot(sku=i.sku, quantity=i.quantity) for i in order.lines],
                )
                for index, order in enumerate(setup.start.orders)
            ),
        ]
        conversation = ScriptedConversation(setup, self._responder, cart, orders, dict(self._stock))
        with self._lock:
            self.conversations.append(conversation)
        return conversation


class ScriptedConversation:
    """One scripted conversation; its state starts from the driver's and changes per turn."""

    def __init__(
        self,
        setup: ConversationSetup,
        responder: Responder,
        cart: CartSnapshot,
        orders: list[OrderSnapshot],
        stock: dict[str, StockSnapshot],
    ) -> None:
        self.setup = setup
        self._responder = responder
        self._cart = cart
        self._orders = orders
        self._stock = stock
        self._turns = 0
        self._coupons: list[CouponSnapshot] = []
        self.closed = False
        self.conversation_id = f"scripted-{setup.suite}-{setup.scenario_id}-{setup.trial}"

    def send(self, text: str) -> TurnResult:
        """The scripted answer; the turn's state changes apply before it returns."""
        scripted = self._responder(self.setup, self._turns, text)
        self._turns += 1
        if scripted.raises is not None:
            raise scripted.raises
        if scripted.cart is not None:
            self._cart = scripted.cart
        self._orders.extend(scripted.new_orders)
        self._stock.update(scripted.stock)
        self._coupons.extend(scripted.coupons)
        if isinstance(scripted.result, str):
            return TurnResult(conversation_id=self.conversation_id, reply=scripted.result)
        return scripted.result.model_copy(update={"conversation_id": self.conversation_id})

    def cart(self) -> CartSnapshot:
        """The cart as the script left it."""
        return self._cart

    def orders(self) -> list[OrderSnapshot]:
        """The starting orders plus those the script created."""
        return list(self._orders)

    def stock(self, sku: str) -> StockSnapshot:
        """The scripted stock of a SKU."""
        if sku not in self._stock:
            raise NotFoundError(f"unknown SKU {sku!r}")
        return self._stock[sku]

    def issued_coupons(self) -> list[CouponSnapshot]:
        """The coupons the script issued so far."""
        return list(self._coupons)

    def close(self) -> None:
        """Mark the conversation closed (tests check the runner always closes)."""
        self.closed = True
