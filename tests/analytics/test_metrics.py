"""Every analytics figure against the hand-counted shop (tests/analytics/hand_counted.py).

The expected numbers were worked out by hand from the definitions in the README; each comment
says which rows make the figure.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.analytics.period import Period
from assistant.analytics.report import analytics_report, report_csv
from assistant.analytics.schemas import AnalyticsReport
from assistant.db import Database
from assistant.errors import InvalidInputError
from tests.analytics.hand_counted import STORE, build_hand_counted_shop


@pytest.fixture
def report(database: Database) -> AnalyticsReport:
    with database.transaction() as session:
        build_hand_counted_shop(session)
    with database.session() as session:
        return analytics_report(session, Period.of(STORE, date(2026, 11, 1), date(2026, 11, 2)))


def test_resolution_handoff_and_reopen_rates(report: AnalyticsReport) -> None:
    figures = report.resolution
    assert figures.conversations == 6  # A C D E G H; Z, B, F fall outside
    assert figures.resolved == 4  # A C D E
    assert figures.handed_off == 3  # D E G
    assert figures.handoff_rate == 0.5
    assert figures.automated_resolutions == 1  # A and C ended by the bot; A was reopened by B
    assert figures.automated_resolution_rate == round(1 / 6, 4)
    assert figures.reopened == 2  # A (B two days later), E (F 6 days 23h20m later)
    assert figures.reopen_rate == 0.5


def test_handoff_reasons_count_handoffs_not_conversations(report: AnalyticsReport) -> None:
    assert [(r.reason, r.count) for r in report.handoff_reasons] == [
        ("asked_for_human", 1),
        ("complaint", 1),
        ("low_confidence", 1),
        ("no_answer", 1),
    ]


def test_time_to_first_human_reply(report: AnalyticsReport) -> None:
    reply = report.first_human_reply
    assert (reply.replied, reply.not_replied) == (2, 1)  # D, E replied; G never
    assert reply.median_seconds == 180.0  # D: 12:01 -> 12:04
    assert reply.p90_seconds == 600.0  # E: 08:05 -> 08:15 (the 08:10 note is not a reply)


def test_csat_bot_against_person(report: AnalyticsReport) -> None:
    bot, person = report.csat
    assert (bot.resolver, bot.ratings, bot.average, bot.satisfied_share) == ("bot", 1, 5.0, 1.0)
    assert (person.resolver, person.ratings, person.average, person.satisfied_share) == (
        "person",
        2,
        3.0,  # D 2, E 4
        0.5,
    )


def test_assisted_conversion_and_revenue(report: AnalyticsReport) -> None:
    assisted = report.assisted
    assert assisted.assisted_conversations == 3  # A C G showed cards or changed the cart
    # A: O1 1h50m after its end. G: O2 by the same customer 22h59m after. C: O3 24h40m, late.
    assert assisted.converted_conversations == 2
    assert assisted.conversion_rate == round(2 / 3, 4)
    assert assisted.orders == 2
    assert assisted.revenue.amount_minor == 13000  # O1 5000 + O2 8000 (O4 was cancelled)


def test_recovered_carts(report: AnalyticsReport) -> None:
    recovery = report.recovery
    assert recovery.carts_reminded == 2  # K1, K2; K3 was first reminded in October
    assert recovery.carts_recovered == 1  # K1 by O3
    assert recovery.recovery_rate == 0.5
    assert recovery.revenue.amount_minor == 3000


def test_proactive_openers_and_what_followed(report: AnalyticsReport) -> None:
    assert [o.model_dump() for o in report.openers] == [
        {"rule": "cart_idle", "shown": 1, "replied": 0, "carted": 0, "ordered": 0},
        # A replied, carted and ordered (O1); C replied, its order O3 came 25h later.
        {"rule": "hesitation", "shown": 2, "replied": 2, "carted": 1, "ordered": 1},
    ]


def test_discount_cost_of_the_assistants_coupons(report: AnalyticsReport) -> None:
    bargain, recovery = report.discounts
    assert (bargain.origin, bargain.coupons_issued, bargain.orders) == ("bargain", 1, 1)
    assert bargain.discount.amount_minor == 500  # O1 with BARG-1
    assert (recovery.origin, recovery.coupons_issued, recovery.orders) == ("recovery", 2, 1)
    assert recovery.discount.amount_minor == 300  # O3 with RECOV-1; WELCOME is the merchant's


def test_top_products_by_conversations_that_showed_them(report: AnalyticsReport) -> None:
    assert [(p.title, p.conversations) for p in report.top_products] == [
        ("P2", 2),  # C, G
        ("P1", 1),  # A
        ("P3", 1),  # G
    ]


def test_conversations_per_day(report: AnalyticsReport) -> None:
    assert [(d.day.isoformat(), d.conversations, d.handed_off) for d in report.per_day] == [
        ("2026-11-01", 3, 1),  # A C D; D
        ("2026-11-02", 3, 2),  # E G H; E G
    ]


def test_the_csv_has_one_row_per_figure(report: AnalyticsReport) -> None:
    lines = report_csv(report).splitlines()
    assert lines[0] == "store_id,from,to,currency,section,metric,value"
    assert "shop,2026-11-01,2026-11-02,USD,resolution,conversations,6" in lines
    assert "shop,2026-11-01,2026-11-02,USD,assisted,revenue_minor,13000" in lines
    assert "shop,2026-11-01,2026-11-02,USD,csat,person.average,3.0" in lines


def test_a_reversed_period_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        Period.of(STORE, date(2026, 11, 2), date(2026, 11, 1))


def test_another_store_sees_none_of_it(database: Database) -> None:
    from tests.factories import make_store

    with database.transaction() as session:
        build_hand_counted_shop(session)
        make_store(session, "other")
    with database.session() as session:
        other = analytics_report(session, Period.of("other", date(2026, 11, 1), date(2026, 11, 2)))
    assert other.resolution.conversations == 0
    assert other.assisted.revenue.amount_minor == 0
    assert other.top_products == []
