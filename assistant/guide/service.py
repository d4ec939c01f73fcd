"""The guide end to end: store a batch of shopper events, see which rule fires, and post a
grounded opener into the shopper's conversation when the caps allow.

Two short transactions: the events are stored first (they count whatever happens next); the
facts are gathered outside any transaction (tools and retrieval open their own reads); then
the opener is written with the shopper's session row locked and every cap checked again, so
two instances receiving one shopper's events at once cannot both post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from assistant.conversations import NewMessage, append_messages, current_conversation
from assistant.db import Database
from assistant.domain import GuideOpener, GuideOptOut, ShopperSession
from assistant.domain.store_settings import ProactiveSettings, settings_of
from assistant.guide.caps import QuietReason, quiet_reason, shopper_sessions, used_subjects
from assistant.guide.events import EventBatch, PageKind, StoredBatch, store_events
from assistant.guide.facts import FaqFinder, gather_facts, known_size
from assistant.guide.language import GuideLanguage, shopper_language
from assistant.guide.openers import compose_opener
from assistant.guide.rules import Moment, fired_moments
from assistant.shopper_sessions import ShopperIdentity
from assistant.stores import get_store
from tools.services import ToolServices

GUIDE_MODEL = "guide"


@dataclass(frozen=True)
class PostedOpener:
    """An opener now in the shopper's conversation."""

    id: int
    conversation_id: str
    message_id: int
    rule: str
    product_id: int | None
    language: GuideLanguage
    text: str
    created_at: datetime


@dataclass(frozen=True)
class IngestOutcome:
    """What a batch led to: how many events were stored, and the opener if one was posted."""

    accepted: int
    opener: PostedOpener | None = None
    quiet: QuietReason | None = None


@dataclass(frozen=True)
class _Plan:
    moment: Moment
    proactive: ProactiveSettings
    language: GuideLanguage
    size: str | None


class ShopperGuide:
    """Takes shopper events for every store of the process."""

    def __init__(
        self, database: Database, tools: ToolServices, faq_finder: FaqFinder | None = None
    ) -> None:
        self.database = database
        self.tools = tools
        self.faq_finder = faq_finder

    def ingest(self, shopper: ShopperIdentity, batch: EventBatch) -> IngestOutcome:
        """Store the batch; post an opener when a rule fires and nothing keeps the guide quiet.

        Raises:
            InvalidInputError: an event names a product or SKU the store does not have.
        """
        now = self.tools.now()
        with self.database.transaction() as session:
            stored = store_events(session, shopper, batch, now)
            proactive = settings_of(get_store(session, shopper.store_id)).proactive
            sessions = shopper_sessions(session, shopper)
            quiet = quiet_reason(
                session,
                shopper,
                proactive,
                stored.page,
                now,
                sessions=sessions,
                checkout=stored.checkout,
            )
            if quiet is not None:
                return IngestOutcome(stored.count, quiet=quiet)
            plan = self._plan(session, shopper, proactive, stored, now, sessions)
        if plan is None:
            return IngestOutcome(stored.count)
        facts = gather_facts(
            self.tools.for_shopper(
                shopper.store_id, shopper.session_id, customer_id=shopper.customer_id
            ),
            plan.moment,
            size=plan.size,
            faq_finder=self.faq_finder,
        )
        if facts is None:
            return IngestOutcome(stored.count)
        text = compose_opener(facts, plan.language)
        citations = [facts.faq.citation.model_dump(mode="json")] if facts.faq else []
        with self.database.transaction() as session:
            posted = self._post(session, shopper, plan, text, citations, stored.page)
        return IngestOutcome(stored.count, opener=posted, quiet=None if posted else "daily_cap")

    def _plan(
        self,
        session: Session,
        shopper: ShopperIdentity,
        proactive: ProactiveSettings,
        stored: StoredBatch,
        now: datetime,
        sessions: list[str],
    ) -> _Plan | None:
        used = used_subjects(session, shopper, sessions)
        moments = [
            moment
            for moment in fired_moments(session, shopper, proactive, stored, now)
            if moment.subject not in used
        ]
        if not moments:
            return None
        moment = moments[0]
        language = shopper_language(session, shopper.store_id, sessions)
        size = known_size(session, shopper, moment.cart)
        return _Plan(moment, proactive, language, size)

    def _post(
        self,
        session: Session,
        shopper: ShopperIdentity,
        plan: _Plan,
        text: str,
        citations: list[dict[str, object]],
        page: PageKind,
    ) -> PostedOpener | None:
        now = self.tools.now()
        session.scalar(
            select(ShopperSession.id)
            .where(ShopperSession.id == shopper.session_id)
            .with_for_update()
        )
        sessions = shopper_sessions(session, shopper)
        if quiet_reason(session, shopper, plan.proactive, page, now, sessions=sessions):
            return None
        if plan.moment.subject in used_subjects(session, shopper, sessions):
            return None
        conversation = current_conversation(session, shopper.store_id, shopper.session_id)
        [message] = append_messages(
            session,
            conversation,
            [NewMessage(role="assistant", content=text, citations=citations, model=GUIDE_MODEL)],
        )
        opener = GuideOpener(
            store_id=shopper.store_id,
            session_id=shopper.session_id,
            customer_id=shopper.customer_id,
            conversation_id=conversation.id,
            message_id=message.id,
            rule=plan.moment.rule,
            subject=plan.moment.subject,
            product_id=plan.moment.product_id,
            language=plan.language,
            text=text,
            created_at=now,
        )
        session.add(opener)
        session.flush()
        return PostedOpener(
            id=opener.id,
            conversation_id=conversation.id,
            message_id=message.id,
            rule=opener.rule,
            product_id=opener.product_id,
            language=plan.language,
            text=text,
            created_at=now,
        )

    def switch_off(self, shopper: ShopperIdentity) -> None:
        """No more openers for this session (and this customer, when identified); asking again,
        or twice at once from two tabs, changes nothing."""
        row = {
            "store_id": shopper.store_id,
            "session_id": shopper.session_id,
            "customer_id": shopper.customer_id,
            "created_at": self.tools.now(),
        }
        with self.database.transaction() as session:
            # A read-then-insert lets two concurrent calls both insert; the database settles it.
            dialect = session.get_bind().dialect.name
            upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
            session.execute(
                upsert(GuideOptOut)
                .values(row)
                .on_conflict_do_nothing(index_elements=["session_id"])
            )
