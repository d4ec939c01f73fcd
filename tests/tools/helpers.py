"""Small helpers shared by the tool tests."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import select

from assistant.db import Database
from assistant.domain import Variant
from tests.tools.conftest import key
from tools.cart import add_to_cart
from tools.cart_view import CartView
from tools.deps import ToolDeps
from tools.results import ToolError

ModelT = TypeVar("ModelT", bound=BaseModel)


def ok(result: ModelT | ToolError) -> ModelT:
    assert not isinstance(result, ToolError), result
    return result


def failed(result: BaseModel | ToolError) -> ToolError:
    assert isinstance(result, ToolError), result
    return result


def fill(deps: ToolDeps, *items: tuple[str, int]) -> CartView:
    view: CartView | None = None
    for sku, quantity in items:
        view = ok(add_to_cart(deps, sku, quantity, idempotency_key=key()))
    assert view is not None
    return view


def stock(database: Database, sku: str) -> tuple[int, int]:
    with database.session() as session:
        variant = session.scalars(select(Variant).where(Variant.sku == sku)).one()
        return variant.stock_on_hand, variant.stock_reserved
