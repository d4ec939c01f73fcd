"""Which language the guide speaks to a shopper, and how it names a FAQ question written in
another one.

The shopper's own words come first: the language of their latest conversation, which every
chat turn sets from what they wrote (a reply like "42" keeps the one before). Then the
browser's language the widget reported when the session started, then the store's locale.
A FAQ question the store wrote in another language is not quoted as it is: its topic is named
in the shopper's language (`faq_topics.yaml`), or, when no topic fits, the opener just invites
a question. The FAQ entry is cited either way.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain import Conversation, ShopperSession
from assistant.stores import get_store
from text import tokenise
from text.cjk import has_cjk

GuideLanguage = Literal["en", "zh"]


class FaqTopic(BaseModel):
    """One topic: the words that name it in a question, and its name in Chinese."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: frozenset[str] = Field(min_length=1)
    zh: str = Field(min_length=1)


class FaqTopics(BaseModel):
    """The topics, tried in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topics: tuple[FaqTopic, ...]


@cache
def faq_topics() -> FaqTopics:
    """The topics file, checked when first read."""
    raw = yaml.safe_load(
        resources.files("assistant.guide").joinpath("faq_topics.yaml").read_text(encoding="utf-8")
    )
    return FaqTopics.model_validate(raw)


def guide_language(locale: str | None) -> GuideLanguage:
    """The language of openers for a locale tag."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def shopper_language(session: Session, store_id: str, sessions: list[str]) -> GuideLanguage:
    """The language to open in for the shopper of `sessions` (newest first)."""
    spoken = session.scalar(
        select(Conversation.language)
        .where(
            Conversation.store_id == store_id,
            Conversation.session_id.in_(sessions),
            Conversation.language.in_(("en", "zh")),
        )
        .order_by(Conversation.created_at.desc(), Conversation.id.desc())
        .limit(1)
    )
    if spoken is not None:
        return guide_language(spoken)
    record = session.get(ShopperSession, sessions[0])
    return guide_language(
        (record.locale if record else None) or get_store(session, store_id).locale
    )


def written_in(question: str, language: GuideLanguage) -> bool:
    """Whether a FAQ question reads as written in `language`."""
    return has_cjk(question) == (language == "zh")


def topic_in(question: str, language: GuideLanguage) -> str | None:
    """The topic of a FAQ question, named in `language`; None when no topic fits."""
    if language != "zh":
        return None
    words = set(tokenise.terms(question))
    for topic in faq_topics().topics:
        if words & topic.terms:
            return topic.zh
    return None
