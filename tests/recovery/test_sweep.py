"""The recovery job: who gets which reminder on which channel, with which offer, and when."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.db import Database
from assistant.domain import Cart, Coupon, Customer
from assistant.recovery.consent import record_consent
from assistant.recovery.sweep import run_cart_recovery
from tests.recovery.conftest import (
    HOUR,
    Shop,
    cart_of,
    configure,
    deliveries,
    messages,
    set_cap,
)
from tests.tools.conftest import NOW, key
from tests.tools.helpers import fill, ok
from tools.checkout import start_checkout


def test_nothing_is_sent_before_the_cart_counts_as_left(recovery_shop: Shop) -> None:
    recovery_shop.leave_cart(recovery_shop.shopper(customer="c1", consented=True))
    report = recovery_shop.run(timedelta(minutes=59))
    assert report.widget == 0 and messages(recovery_shop.database) == []


def test_an_anonymous_shopper_gets_a_widget_reminder_and_no_webhook(recovery_shop: Shop) -> None:
    recovery_shop.leave_cart(recovery_shop.shopper())
    report = recovery_shop.run(2 * HOUR)
    assert (report.widget, report.webhook) == (1, 0)
    assert [m.channel for m in messages(recovery_shop.database)] == ["widget"]
    assert deliveries(recovery_shop.database) == []


def test_a_customer_without_consent_gets_no_webhook_at_any_step(recovery_shop: Shop) -> None:
    recovery_shop.leave_cart(recovery_shop.shopper(customer="c1", consented=False))
    for hours in (2, 26, 80):
        recovery_shop.run(hours * HOUR)
    assert len(messages(recovery_shop.database, "widget")) == 3
    assert messages(recovery_shop.database, "webhook") == []
    assert deliveries(recovery_shop.database) == []


def test_a_consented_customer_gets_the_cart_abandoned_webhook(recovery_shop: Shop) -> None:
    deps = recovery_shop.shopper(customer="c1", consented=True)
    cart = recovery_shop.leave_cart(deps, ("BOOT-TRAIL-42", 2))
    recovery_shop.run(26 * HOUR)
    [delivery] = deliveries(recovery_shop.database)
    payload = delivery.payload
    assert payload["cart_id"] == cart.id and payload["step"] == 1
    assert payload["cart"]["total"]["amount_minor"] == 20_000  # two boots at $100, live price
    assert payload["customer"]["external_id"] == "c1"
    assert payload["offer"]["percent_off"] == 5
    assert payload["offer"]["coupon_code"].startswith("BACK-")
    assert f"sa_resume={cart.id}." in payload["resume_url"]
    assert "/v1/stores/shop/unsubscribe/" in payload["unsubscribe_url"]
    [webhook] = messages(recovery_shop.database, "webhook")
    assert webhook.webhook_delivery_id == delivery.id and webhook.coupon_code


def test_the_ladder_is_sent_in_order_each_step_once(recovery_shop: Shop) -> None:
    recovery_shop.leave_cart(recovery_shop.shopper(customer="c1", consented=True))
    for hours in (2, 3, 26, 27, 74, 75, 200):
        recovery_shop.run(hours * HOUR)
    sent = messages(recovery_shop.database, "webhook")
    assert [(m.step, m.percent_off) for m in sent] == [(0, 0), (1, 5), (2, 10)]
    assert [m.step for m in messages(recovery_shop.database, "widget")] == [0, 1, 2]
    assert sent[0].coupon_code is None


def test_steps_that_fell_due_together_send_only_the_latest(recovery_shop: Shop) -> None:
    recovery_shop.leave_cart(recovery_shop.shopper(customer="c1", consented=True))
    recovery_shop.run(100 * HOUR)
    assert [(m.step, m.percent_off) for m in messages(recovery_shop.database, "widget")] == [
        (2, 10)
    ]


def test_no_coupon_is_ever_above_the_cap_in_force(recovery_shop: Shop) -> None:
    database = recovery_shop.database
    recovery_shop.leave_cart(recovery_shop.shopper(customer="c1", consented=True))
    recovery_shop.run(2 * HOUR)
    set_cap(database, 3)  # lowered after the ladder was set: every later offer follows it
    recovery_shop.run(26 * HOUR)
    set_cap(database, 0)
    recovery_shop.run(80 * HOUR)
    with database.session() as session:
        coupons = session.scalars(select(Coupon).where(Coupon.origin == "recovery")).all()
    assert [coupon.percent_off for coupon in coupons] == [3]
    assert [(m.step, m.percent_off) for m in messages(database, "widget")] == [
        (0, 0),
        (1, 3),
        (2, 0),
    ]


def test_a_recovery_coupon_is_single_use_and_bound_to_the_cart(recovery_shop: Shop) -> None:
    deps = recovery_shop.shopper()
    cart = recovery_shop.leave_cart(deps)
    recovery_shop.run(26 * HOUR)
    with recovery_shop.database.session() as session:
        coupon = session.scalars(select(Coupon).where(Coupon.origin == "recovery")).one()
    assert (coupon.cart_id, coupon.usage_limit, coupon.listed) == (cart.id, 1, False)


def test_a_customer_who_bought_since_gets_nothing(recovery_shop: Shop) -> None:
    database = recovery_shop.database
    customer = "buyer"
    first = recovery_shop.shopper(customer=customer, consented=True)
    recovery_shop.leave_cart(first)
    # The same customer orders in another session before the reminder is due.
    with database.session() as session:
        customer_id = session.scalars(select(Customer.id)).one()
    second = recovery_shop.new_deps("shop", customer_id=customer_id, now=NOW + HOUR / 2)
    fill(second, ("SOCK-WOOL-M", 1))
    ok(start_checkout(second, idempotency_key=key()))
    report = recovery_shop.run(30 * HOUR)
    assert report.stopped_bought == 1
    assert messages(database) == [] and deliveries(database) == []
    assert cart_of(database, first).recovery_stopped == "bought"
    recovery_shop.run(100 * HOUR)
    assert messages(database) == []


def test_nothing_is_sent_after_the_customer_unsubscribes(recovery_shop: Shop) -> None:
    database = recovery_shop.database
    recovery_shop.leave_cart(recovery_shop.shopper(customer="c1", consented=True))
    recovery_shop.run(2 * HOUR)
    recovery_shop.run(26 * HOUR)
    with database.transaction() as session:
        customer = session.scalars(select(Customer)).one()
        record_consent(session, customer, granted=False, source="unsubscribe_link", at=NOW)
    recovery_shop.run(80 * HOUR)
    assert [m.step for m in messages(database, "webhook")] == [0, 1]
    assert [m.step for m in messages(database, "widget")] == [0, 1, 2]
    # What was queued and not yet sent is stopped too.
    assert {d.status for d in deliveries(database)} == {"failed"}


def test_the_per_customer_limit_holds_across_carts(recovery_shop: Shop) -> None:
    database = recovery_shop.database
    configure(database, max_messages_per_customer=2, period_days=30)
    first = recovery_shop.shopper(customer="c1", consented=True)
    recovery_shop.leave_cart(first)
    with database.session() as session:
        customer_id = session.scalars(select(Customer.id)).one()
    second = recovery_shop.new_deps("shop", customer_id=customer_id)
    recovery_shop.leave_cart(second, ("SOCK-WOOL-M", 1))
    for hours in (2, 26, 80):
        recovery_shop.run(hours * HOUR)
    assert len(messages(database, "widget")) == 2
    assert len(messages(database, "webhook")) == 2


def test_a_store_with_recovery_off_sends_nothing(recovery_shop: Shop) -> None:
    configure(recovery_shop.database, enabled=False)
    recovery_shop.leave_cart(recovery_shop.shopper(customer="c1", consented=True))
    assert recovery_shop.run(80 * HOUR).widget == 0
    assert messages(recovery_shop.database) == []


def test_a_reminder_does_not_count_as_a_change_to_the_cart(recovery_shop: Shop) -> None:
    deps = recovery_shop.shopper()
    before = recovery_shop.leave_cart(deps).updated_at
    recovery_shop.run(2 * HOUR)
    after = cart_of(recovery_shop.database, deps)
    assert after.updated_at == before and after.recovery_step == 1


def test_two_runners_at_once_send_each_step_once(
    recovery_shop: Shop, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    for index in range(6):
        recovery_shop.leave_cart(recovery_shop.shopper(customer=f"c{index}", consented=True))
    for hours in (2, 26, 80):
        tools = recovery_shop.tools(NOW + hours * HOUR)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def runner(tools=tools, at=NOW + hours * HOUR, barrier=barrier, errors=errors) -> None:  # type: ignore[no-untyped-def]
            try:
                barrier.wait()
                run_cart_recovery(tools, now=at)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=runner) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
    widget = [(m.cart_id, m.step) for m in messages(database, "widget")]
    webhook = [(m.cart_id, m.step) for m in messages(database, "webhook")]
    assert len(widget) == len(set(widget)) == 18
    assert sorted(webhook) == sorted(widget)
    assert len(deliveries(database)) == 18
    with database.session() as session:
        coupons = session.scalars(select(Coupon).where(Coupon.origin == "recovery")).all()
        carts = session.scalars(select(Cart)).all()
    assert len(coupons) == 12  # steps 1 and 2 of six carts
    assert {cart.recovery_step for cart in carts} == {3}
    # Each lost race was a claim that matched nothing, not a duplicate the database refused.
    assert "cart recovery failed" not in caplog.text
