from decimal import Decimal

from evals.driver import (
    CartLineSnapshot,
    CartSnapshot,
    ConversationSetup,
    DriverConversation,
    OrderLineSnapshot,
    OrderSnapshot,
    StockSnapshot,
)
from evals.expectations import (
    CartSpec,
    CartState,
    ItemSpec,
    OrderCreated,
    OrderSpec,
    StockSpec,
    StockState,
)
from evals.fixtures import DEMO_STORE
from evals.schema import StartOrder, StartState
from evals.scripted_driver import ScriptedDriver, ScriptedTurn
from evals.state_checks import capture_baseline, check_state

CART = CartSnapshot(
    lines=[
        CartLineSnapshot(sku="SOCK-MHC-CHR-M", quantity=2, line_total_minor=4590),
        CartLineSnapshot(sku="LAMP-B300-BLK", quantity=1, line_total_minor=3495),
    ],
    total_minor=8085,
    coupon="WELCOME10",
)
ORDER = OrderSnapshot(
    number="TO-20001",
    status="pending_payment",
    lines=[OrderLineSnapshot(sku="BOOT-1-42", quantity=1)],
    total_minor=10900,
)


def conversation(
    turn: ScriptedTurn | None = None,
    *,
    start: StartState | None = None,
    stock: dict[str, StockSnapshot] | None = None,
) -> DriverConversation:
    """A conversation whose every turn answers `turn` (and applies its state changes)."""
    setup = ConversationSetup("s", "a", 1, DEMO_STORE, None, start or StartState())
    return ScriptedDriver(lambda *_: turn or ScriptedTurn("ok"), stock=stock).start(setup)


def cart_check(spec: CartSpec, cart: CartSnapshot = CART) -> str:
    talk = conversation(ScriptedTurn("ok", cart=cart))
    talk.send("fill the cart")
    return check_state(CartState(cart=spec), talk, capture_baseline(talk, [])).status


def test_cart_lines_count() -> None:
    assert cart_check(CartSpec(lines=2)) == "passed"
    assert cart_check(CartSpec(lines=1)) == "failed"


def test_cart_items_need_the_quantities_but_not_exactness() -> None:
    assert cart_check(CartSpec(items=[ItemSpec(sku="sock-mhc-chr-m", quantity=2)])) == "passed"


def test_exact_cart_items_refuse_extra_lines() -> None:
    spec = CartSpec(items=[ItemSpec(sku="SOCK-MHC-CHR-M", quantity=2)], exact=True)
    assert cart_check(spec) == "failed"


def test_cart_total_is_compared_in_minor_units() -> None:
    assert cart_check(CartSpec(total=Decimal("80.85"))) == "passed"
    assert cart_check(CartSpec(total=Decimal("80.80"))) == "failed"


def test_cart_total_accepts_a_yaml_float() -> None:
    assert CartSpec.model_validate({"total": 80.85}).total == Decimal("80.85")


def test_cart_coupon() -> None:
    assert cart_check(CartSpec(coupon="welcome10")) == "passed"
    assert cart_check(CartSpec(coupon="TRAIL20")) == "failed"


def test_the_starting_cart_is_the_drivers_first_state() -> None:
    start = StartState(cart=[ItemSpec(sku="TENT-RL2-GRN", quantity=1)])
    talk = conversation(start=start)
    spec = CartState(cart=CartSpec(items=[ItemSpec(sku="TENT-RL2-GRN", quantity=1)], exact=True))
    assert check_state(spec, talk, capture_baseline(talk, [])).status == "passed"


def test_orders_present_at_the_start_are_not_created_ones() -> None:
    start = StartState(orders=[StartOrder(number="TO-1", lines=[ItemSpec(sku="X", quantity=1)])])
    talk = conversation(start=start)
    baseline = capture_baseline(talk, [])
    assert check_state(OrderCreated(order_created=False), talk, baseline).status == "passed"
    assert check_state(OrderCreated(order_created=True), talk, baseline).status == "failed"


def created(spec: OrderSpec | bool, order: OrderSnapshot = ORDER) -> str:
    talk = conversation(ScriptedTurn("ok", new_orders=[order]))
    baseline = capture_baseline(talk, [])
    talk.send("check out")
    return check_state(OrderCreated(order_created=spec), talk, baseline).status


def test_an_order_created_during_the_conversation_is_found() -> None:
    assert created(True) == "passed"
    assert created(False) == "failed"


def test_order_lines_status_and_total_must_all_match() -> None:
    lines = [ItemSpec(sku="BOOT-1-42", quantity=1)]
    assert created(OrderSpec(lines=lines, status="pending_payment", total=Decimal(109))) == "passed"
    assert created(OrderSpec(lines=lines, status="paid")) == "failed"
    assert created(OrderSpec(lines=[ItemSpec(sku="BOOT-1-42", quantity=2)])) == "failed"


def test_stock_figures_and_changes_since_the_start() -> None:
    reserved = {"BOOT-1-42": StockSnapshot(sku="BOOT-1-42", on_hand=11, reserved=1)}
    talk = conversation(
        ScriptedTurn("ok", stock=reserved),
        stock={"BOOT-1-42": StockSnapshot(sku="BOOT-1-42", on_hand=11)},
    )
    baseline = capture_baseline(talk, ["BOOT-1-42"])
    talk.send("check out")
    good = StockSpec(sku="BOOT-1-42", available=10, reserved_change=1, available_change=-1)
    bad = StockSpec(sku="BOOT-1-42", on_hand=10)
    assert check_state(StockState(stock=good), talk, baseline).status == "passed"
    assert check_state(StockState(stock=bad), talk, baseline).status == "failed"


def test_an_unknown_sku_fails_the_check_rather_than_crashing() -> None:
    talk = conversation()
    verdict = check_state(
        StockState(stock=StockSpec(sku="NOPE", available=1)), talk, capture_baseline(talk, ["NOPE"])
    )
    assert verdict.status == "failed"
    assert "unknown SKU" in verdict.message
