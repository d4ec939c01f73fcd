import pytest
from sqlalchemy import func, select, update

from assistant.db import Database
from assistant.domain import IdempotencyRecord, Order, Variant
from assistant.errors import IdempotencyConflictError, InvalidInputError
from tests.tools.conftest import DepsFactory
from tests.tools.helpers import failed, fill, ok
from tools.cart import add_to_cart, remove_from_cart, view_cart
from tools.checkout import start_checkout
from tools.deps import ToolDeps


def test_a_replayed_add_returns_the_same_cart_and_adds_nothing(deps: ToolDeps) -> None:
    first = ok(add_to_cart(deps, "SOCK-WOOL-M", 2, idempotency_key="k-1"))
    again = ok(add_to_cart(deps, "SOCK-WOOL-M", 2, idempotency_key="k-1"))
    assert again == first
    assert view_cart(deps).lines[0].quantity == 2


def test_a_replayed_remove_does_not_remove_a_later_add(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    ok(remove_from_cart(deps, "SOCK-WOOL-M", idempotency_key="rm-1"))
    fill(deps, ("SOCK-WOOL-M", 1))
    replay = ok(remove_from_cart(deps, "SOCK-WOOL-M", idempotency_key="rm-1"))
    assert replay.lines == []
    assert [line.sku for line in view_cart(deps).lines] == ["SOCK-WOOL-M"]


def test_a_key_reused_for_another_request_is_a_conflict(deps: ToolDeps) -> None:
    ok(add_to_cart(deps, "SOCK-WOOL-M", 1, idempotency_key="k-1"))
    with pytest.raises(IdempotencyConflictError):
        add_to_cart(deps, "SOCK-WOOL-M", 2, idempotency_key="k-1")


def test_a_key_reused_for_another_operation_is_a_conflict(deps: ToolDeps) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    ok(start_checkout(deps, idempotency_key="k-2"))
    with pytest.raises(IdempotencyConflictError):
        add_to_cart(deps, "SOCK-WOOL-M", 1, idempotency_key="k-2")


def test_keys_are_scoped_to_the_shopper_session(shop: str, new_deps: DepsFactory) -> None:
    first, second = new_deps(shop), new_deps(shop)
    ok(add_to_cart(first, "SOCK-WOOL-M", 1, idempotency_key="same"))
    ok(add_to_cart(second, "SOCK-WOOL-M", 1, idempotency_key="same"))
    assert view_cart(second).lines[0].quantity == 1


def test_a_failed_write_is_not_stored_so_a_retry_runs_again(
    deps: ToolDeps, database: Database
) -> None:
    assert failed(add_to_cart(deps, "BOOT-TRAIL-43", 1, idempotency_key="k-3")).code == (
        "out_of_stock"
    )
    with database.transaction() as session:  # restocked
        session.execute(
            update(Variant).where(Variant.sku == "BOOT-TRAIL-43").values(stock_on_hand=2)
        )
    assert ok(add_to_cart(deps, "BOOT-TRAIL-43", 1, idempotency_key="k-3")).item_count == 1


def test_a_replayed_checkout_returns_the_same_order(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("SOCK-WOOL-M", 1))
    first = ok(start_checkout(deps, idempotency_key="co-1"))
    again = ok(start_checkout(deps, idempotency_key="co-1"))
    assert again == first
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == 1


def test_each_write_stores_one_record(deps: ToolDeps, database: Database) -> None:
    fill(deps, ("SOCK-WOOL-M", 1), ("BOOT-TRAIL-42", 1))
    with database.session() as session:
        operations = session.scalars(select(IdempotencyRecord.operation)).all()
    assert operations == ["add_to_cart", "add_to_cart"]


def test_an_empty_key_is_invalid_input(deps: ToolDeps) -> None:
    with pytest.raises(InvalidInputError):
        add_to_cart(deps, "SOCK-WOOL-M", 1, idempotency_key="  ")
