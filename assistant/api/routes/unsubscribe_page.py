"""The unsubscribe link of a cart reminder: no sign-in, consent withdrawn at once.

`GET` (a person following the link) and `POST` (a mail client's one-click unsubscribe) both
withdraw the customer's marketing consent, recorded with the source "unsubscribe_link", and
answer a small page in English or Chinese (`lang`). A second visit changes nothing more. The
token signs the store and the customer; any other token is "not found".
"""

from __future__ import annotations

import html
from string import Template
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from assistant.api.deps import ToolServicesDep
from assistant.api.web_files import WEB_DIR
from assistant.domain import Customer, Store
from assistant.errors import NotFoundError
from assistant.recovery.consent import record_consent
from assistant.recovery.links import read_link

router = APIRouter(include_in_schema=False)
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
Language = Literal["en", "zh"]
_TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "title": "Unsubscribed",
        "heading": "You are unsubscribed",
        "message": "You will get no more e-mails about carts or offers from this shop. If you "
        "change your mind, tick the box in the shop's chat.",
    },
    "zh": {
        "title": "已退订",
        "heading": "您已退订",
        "message": "您将不再收到本店关于购物车或优惠的邮件。"
        "如果改变主意，可以在商店的聊天窗口中重新勾选。",
    },
}


def _withdraw(tools: ToolServicesDep, store_id: str, token: str) -> str:
    subject = read_link(tools.settings, "unsubscribe", store_id, token)
    if subject is None or not subject.isdigit():
        raise NotFoundError("this unsubscribe link is not valid")
    with tools.database.transaction() as session:
        customer = session.get(Customer, int(subject))
        store = session.get(Store, store_id)
        if customer is None or store is None or customer.store_id != store_id:
            raise NotFoundError("this unsubscribe link is not valid")
        if customer.marketing_consent:
            record_consent(
                session, customer, granted=False, source="unsubscribe_link", at=tools.now()
            )
        return str(store.name)


def _page(store_name: str, language: Language) -> HTMLResponse:
    text = _TEXT[language]
    template = Template((WEB_DIR / "unsubscribe.html").read_text(encoding="utf-8"))
    page = template.substitute(
        lang="zh-CN" if language == "zh" else "en",
        title=text["title"],
        heading=text["heading"],
        message=text["message"],
        store_name=html.escape(store_name),
    )
    return HTMLResponse(page, headers=PAGE_HEADERS)


@router.get("/v1/stores/{store_id}/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(
    store_id: str,
    token: Annotated[str, PathParam(max_length=200)],
    tools: ToolServicesDep,
    lang: Annotated[Language, Query()] = "en",
) -> HTMLResponse:
    """Withdraw consent and say so."""
    return _page(_withdraw(tools, store_id, token), lang)


@router.post("/v1/stores/{store_id}/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_one_click(
    store_id: str,
    token: Annotated[str, PathParam(max_length=200)],
    tools: ToolServicesDep,
    lang: Annotated[Language, Query()] = "en",
) -> HTMLResponse:
    """The same, for `List-Unsubscribe-Post: List-Unsubscribe=One-Click`."""
    return _page(_withdraw(tools, store_id, token), lang)
