"""A small shop whose every analytics figure was counted by hand (see test_metrics.py).

The period is 1-2 November 2026. Conversations started in it: A, C, D (1 Nov) and E, G, H
(2 Nov). Outside it: Z (31 Oct), B and F (the shoppers of A and E coming back).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from assistant.conversations import mark_reopened
from assistant.domain import (
    BargainOffer,
    Cart,
    Conversation,
    ConversationProduct,
    Coupon,
    Customer,
    Feedback,
    GuideOpener,
    Handoff,
    Message,
    Order,
    Product,
    RecoveryMessage,
    ShopperSession,
)
from tests.factories import load_catalog, make_product, make_store

STORE = "shop"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


class Builder:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.products: dict[str, int] = {}

    def add(self, row: object) -> None:
        self.session.add(row)
        self.session.flush()

    def shopper(self, session_id: str, customer_id: int | None = None) -> None:
        self.add(
            ShopperSession(
                id=session_id,
                store_id=STORE,
                customer_id=customer_id,
                created_at=at(20, 0, month=10),
                expires_at=at(20, 0, month=12),
            )
        )

    def conversation(
        self,
        conversation_id: str,
        session_id: str,
        created: datetime,
        *,
        updated: datetime | None = None,
        resolved: datetime | None = None,
        customer_id: int | None = None,
        products: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.add(
            Conversation(
                id=conversation_id,
                store_id=STORE,
                session_id=session_id,
                customer_id=customer_id,
                state="resolved" if resolved else "bot",
                created_at=created,
                updated_at=updated or resolved or created,
                resolved_at=resolved,
                assisted_at=created if products else None,
            )
        )
        mark_reopened(self.session, self.session.get_one(Conversation, conversation_id))
        self.message(conversation_id, "user", created)
        for kind, handles in (products or {}).items():
            for handle in handles:
                self.add(
                    ConversationProduct(
                        store_id=STORE,
                        conversation_id=conversation_id,
                        product_id=self.products[handle],
                        kind=kind,
                        created_at=created,
                    )
                )

    def message(self, conversation_id: str, role: str, when: datetime) -> None:
        conversation = self.session.get_one(Conversation, conversation_id)
        if role == "agent" and conversation.first_agent_reply_at is None:
            conversation.first_agent_reply_at = when  # as the console records it
        self.add(
            Message(
                store_id=STORE,
                conversation_id=conversation_id,
                role=role,
                content=role,
                created_at=when,
            )
        )

    def handoff(self, conversation_id: str, reason: str, when: datetime) -> None:
        conversation = self.session.get_one(Conversation, conversation_id)
        if conversation.handed_off_at is None:
            conversation.handed_off_at = when  # as request_handoff records it
        self.add(
            Handoff(
                store_id=STORE, conversation_id=conversation_id, reason=reason, requested_at=when
            )
        )

    def rating(self, conversation_id: str, rating: int, resolver: str) -> None:
        actor = "assistant" if resolver == "bot" else "ana"
        self.add(
            Feedback(
                store_id=STORE,
                conversation_id=conversation_id,
                rating=rating,
                resolved_by=actor,
                resolver=resolver,
            )
        )

    def order(
        self,
        number: str,
        when: datetime,
        total: int,
        *,
        session_id: str | None = None,
        customer_id: int | None = None,
        status: str = "paid",
        cart_id: str | None = None,
        coupon: str | None = None,
        discount: int = 0,
    ) -> None:
        self.add(
            Order(
                store_id=STORE,
                number=number,
                session_id=session_id,
                customer_id=customer_id,
                cart_id=cart_id,
                status=status,
                currency="USD",
                subtotal_minor=total + discount,
                discount_minor=discount,
                total_minor=total,
                coupon_code=coupon,
                placed_at=when,
            )
        )

    def cart(self, cart_id: str, session_id: str) -> None:
        self.add(Cart(id=cart_id, store_id=STORE, session_id=session_id, currency="USD"))

    def reminder(self, cart_id: str, step: int, when: datetime, coupon: str | None = None) -> None:
        self.add(
            RecoveryMessage(
                store_id=STORE,
                cart_id=cart_id,
                channel="widget",
                step=step,
                coupon_code=coupon,
                at=when,
            )
        )

    def coupon(self, code: str, origin: str) -> None:
        self.add(Coupon(store_id=STORE, code=code, currency="USD", percent_off=10, origin=origin))

    def opener(
        self, session_id: str, conversation_id: str, rule: str, when: datetime, subject: str
    ) -> None:
        self.add(
            GuideOpener(
                store_id=STORE,
                session_id=session_id,
                conversation_id=conversation_id,
                rule=rule,
                subject=subject,
                language="en",
                text="hello",
                created_at=when,
            )
        )


def build_hand_counted_shop(session: Session) -> dict[str, int]:
    """The shop; returns the product ids by handle."""
    make_store(session, STORE)
    load_catalog(session, STORE, make_product("p1"), make_product("p2"), make_product("p3"))
    b = Builder(session)
    b.products = {p.handle: p.id for p in session.query(Product).filter_by(store_id=STORE)}
    customer = Customer(store_id=STORE, external_id="c1")
    b.add(customer)
    for session_id in ("s1", "s2", "s3", "s4"):
        b.shopper(session_id)
    b.shopper("s5", customer.id)
    b.shopper("s6", customer.id)

    b.conversation("Z", "s2", at(31, 9, month=10), resolved=at(31, 9, 30, month=10))
    # A: ended by the bot, but its shopper came back (B) two days later: reopened.
    b.conversation(
        "A", "s1", at(1, 10), resolved=at(1, 10, 10), products={"card": ("p1",), "cart": ("p1",)}
    )
    b.conversation("B", "s1", at(3, 9))
    # C: ended by the bot, never reopened: the one automated resolution.
    b.conversation("C", "s2", at(1, 11), resolved=at(1, 11, 20), products={"card": ("p2",)})
    b.rating("C", 5, "bot")
    # D: two handoffs; a person replied 3 minutes after the first and resolved it.
    b.conversation("D", "s3", at(1, 12), resolved=at(1, 12, 30))
    b.handoff("D", "no_answer", at(1, 12, 1))
    b.message("D", "agent", at(1, 12, 4))
    b.handoff("D", "complaint", at(1, 12, 20))
    b.rating("D", 2, "person")
    # E: a note is not a reply; the person replied after 10 minutes. Reopened by F.
    b.conversation("E", "s4", at(2, 8), resolved=at(2, 8, 40))
    b.handoff("E", "asked_for_human", at(2, 8, 5))
    b.message("E", "note", at(2, 8, 10))
    b.message("E", "agent", at(2, 8, 15))
    b.rating("E", 4, "person")
    b.conversation("F", "s4", at(9, 8))
    # G: waiting, nobody replied; the customer ordered from another session 22h59m later.
    b.conversation(
        "G",
        "s5",
        at(2, 9),
        updated=at(2, 9, 1),
        customer_id=customer.id,
        products={"card": ("p2", "p3")},
    )
    b.handoff("G", "low_confidence", at(2, 9, 1))
    # H: open with the bot, no products shown.
    b.conversation("H", "s6", at(2, 10), customer_id=customer.id)

    b.coupon("BARG-1", "bargain")
    b.coupon("RECOV-1", "recovery")
    b.coupon("RECOV-2", "recovery")
    b.coupon("WELCOME", "merchant")
    for cart_id, session_id in (("K1", "s2"), ("K2", "s3"), ("K3", "s4")):
        b.cart(cart_id, session_id)
    b.reminder("K1", 1, at(1, 20))
    b.reminder("K1", 2, at(2, 6), coupon="RECOV-1")
    b.reminder("K2", 1, at(2, 9), coupon="RECOV-2")
    b.reminder("K3", 1, at(30, 9, month=10))  # first reminded before the period
    b.reminder("K3", 2, at(1, 9))

    b.order("O1", at(1, 12), 5000, session_id="s1", coupon="BARG-1", discount=500)
    b.order(
        "O2",
        at(3, 8),
        8000,
        session_id="s6",
        customer_id=customer.id,
        status="shipped",
        coupon="WELCOME",
        discount=1000,
    )
    b.order(
        "O3",
        at(2, 12),
        3000,
        session_id="s2",
        status="delivered",
        cart_id="K1",
        coupon="RECOV-1",
        discount=300,
    )
    b.order("O4", at(1, 11), 9900, session_id="s1", status="cancelled")
    b.order("O5", at(1, 15), 2000, session_id="s4", cart_id="K3")

    b.add(
        BargainOffer(
            store_id=STORE,
            conversation_id="A",
            product_id=b.products["p1"],
            outcome="offered",
            offered=True,
            reason="asked",
            percent_off=10,
            coupon_code="BARG-1",
            created_at=at(1, 10, 5),
        )
    )
    b.add(
        BargainOffer(
            store_id=STORE,
            conversation_id="C",
            product_id=b.products["p2"],
            outcome="declined",
            offered=None,
            reason="asked",
            created_at=at(1, 11, 5),
        )
    )

    b.opener("s1", "A", "hesitation", at(1, 9, 59), "product:1")
    b.opener("s2", "C", "hesitation", at(1, 10, 59), "product:2")
    b.opener("s3", "D", "cart_idle", at(2, 7), "cart:K2")
    return b.products
