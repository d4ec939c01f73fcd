"""What the service tells a shopper when no person can take the conversation, in their language."""

from __future__ import annotations

from typing import Literal

Why = Literal["closed", "busy"]

_NOTICES: dict[Why, dict[str, str]] = {
    "closed": {
        "en": (
            "Our team is away right now, outside our opening hours. Leave a message and your "
            "email address here and we'll reply by email as soon as we're back."
        ),
        "zh": (
            "我们的工作人员现在不在线（非营业时间）。"
            "请在这里留言并留下您的电子邮箱，我们上班后会尽快通过邮件回复您。"
        ),
    },
    "busy": {
        "en": (
            "Sorry, no one from our team is free to take this chat right now. Leave a message "
            "and your email address here and we'll reply by email; you can also keep waiting."
        ),
        "zh": (
            "抱歉，我们的工作人员暂时都在忙。"
            "请在这里留言并留下您的电子邮箱，我们会通过邮件回复您；您也可以继续等待。"
        ),
    },
}

_TICKET_THANKS = {
    "en": "Thank you. Your message is with our team and we'll reply to {email}.",
    "zh": "谢谢！您的留言已转交给我们的团队，我们会回复到 {email}。",
}


def unavailable_notice(why: Why, language: str | None) -> str:
    """Why no one is coming, and how to leave a message instead."""
    table = _NOTICES[why]
    return table.get(language or "en", table["en"])


def ticket_thanks(email: str, language: str | None) -> str:
    """The confirmation after the shopper left a message."""
    return _TICKET_THANKS.get(language or "en", _TICKET_THANKS["en"]).format(email=email)
