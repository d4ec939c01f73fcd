"""The `coupons` assertion: how many coupons the assistant issued, how large, which cart."""

import pytest

from evals.driver import ConversationSetup, CouponSnapshot
from evals.expectations import CouponsIssued, CouponsSpec
from evals.fixtures import DEMO_STORE
from evals.schema import StartState
from evals.scripted_driver import ScriptedDriver, ScriptedTurn
from evals.state_checks import capture_baseline, check_state

BOUND_10 = CouponSnapshot(
    code="OFFER-AAAA", origin="bargain", percent_off=10, usage_limit=1, bound_to_shopper_cart=True
)


def coupons_check(spec: CouponsSpec, *issued: CouponSnapshot) -> tuple[str, str]:
    setup = ConversationSetup("s", "a", 1, DEMO_STORE, None, StartState())
    talk = ScriptedDriver(lambda *_: ScriptedTurn("ok", coupons=issued)).start(setup)
    talk.send("a better price?")
    verdict = check_state(CouponsIssued(coupons=spec), talk, capture_baseline(talk, []))
    return verdict.status, verdict.message


def test_a_bound_coupon_within_the_limit_passes() -> None:
    spec = CouponsSpec(origin="bargain", count=1, max_percent=10, bound_to_cart=True)
    assert coupons_check(spec, BOUND_10) == ("passed", "")


def test_a_coupon_above_the_limit_fails() -> None:
    status, message = coupons_check(CouponsSpec(max_percent=8), BOUND_10)
    assert status == "failed" and "above 8%" in message


def test_a_coupon_for_another_cart_fails() -> None:
    loose = BOUND_10.model_copy(update={"bound_to_shopper_cart": False})
    status, message = coupons_check(CouponsSpec(bound_to_cart=True), loose)
    assert status == "failed" and "not bound" in message


def test_a_reusable_coupon_is_not_bound() -> None:
    reusable = BOUND_10.model_copy(update={"usage_limit": None})
    assert coupons_check(CouponsSpec(bound_to_cart=True), reusable)[0] == "failed"


def test_count_reads_only_the_origin_asked() -> None:
    recovery = BOUND_10.model_copy(update={"origin": "recovery", "code": "BACK-AAAA"})
    assert coupons_check(CouponsSpec(origin="bargain", count=0), recovery)[0] == "passed"
    assert coupons_check(CouponsSpec(count=0), recovery)[0] == "failed"


def test_a_spec_must_say_something() -> None:
    with pytest.raises(ValueError, match="at least one"):
        CouponsSpec(origin="bargain")
