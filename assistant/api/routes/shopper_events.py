"""Shopper events and the proactive guide, for the widget and for a store's own front end.

`POST events` stores a batch of what the shopper did (product viewed, time on a product page,
cart updated, checkout started, about to leave) under the session token, and answers with the
opener the store's rules and caps allow, if any: it is already in the shopper's conversation,
so a reply continues there. `POST guide/switch-off` stops openers for the session (and the
identified customer). Batches are rate-limited per session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ServicesDep
from assistant.api.errors import ErrorBody
from assistant.api.shopper_auth import ShopperDep
from assistant.guide.events import EventBatch
from assistant.guide.service import ShopperGuide

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["shopper events"])

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "Missing, invalid or expired session token."},
    403: {"model": ErrorBody, "description": "The token belongs to another store."},
    422: {
        "model": ErrorBody,
        "description": "An unknown event kind, a bad payload, more than 50 events, or a "
        "product or SKU the store does not have.",
    },
    429: {
        "model": ErrorBody,
        "description": "Too many batches from this session; see Retry-After.",
    },
}


def get_guide(services: ServicesDep) -> ShopperGuide:
    """The process's guide."""
    return services.guide


GuideDep = Annotated[ShopperGuide, Depends(get_guide)]


class OpenerPublic(BaseModel):
    """An opener the guide posted into the shopper's conversation."""

    conversation_id: str
    message_id: int = Field(description="The opener's id in the conversation's transcript.")
    rule: str = Field(description="The rule that fired: repeat_views, dwell, cart_idle, ...")
    product_id: int | None
    language: Literal["en", "zh"]
    text: str
    created_at: datetime


class EventsAccepted(BaseModel):
    """How many events were stored, and the opener they led to, if any."""

    accepted: int
    opener: OpenerPublic | None = None


@router.post(
    "/events",
    summary="Report what the shopper did (batched)",
    responses=_ERRORS,
)
async def post_events(body: EventBatch, shopper: ShopperDep, guide: GuideDep) -> EventsAccepted:
    """Store up to 50 events of one page; when one of the store's proactive rules fires and
    the caps allow it, the opener (already in the conversation) comes back with the answer."""
    outcome = await run_in_threadpool(guide.ingest, shopper, body)
    opener = outcome.opener
    return EventsAccepted(
        accepted=outcome.accepted,
        opener=OpenerPublic(
            conversation_id=opener.conversation_id,
            message_id=opener.message_id,
            rule=opener.rule,
            product_id=opener.product_id,
            language=opener.language,
            text=opener.text,
            created_at=opener.created_at,
        )
        if opener is not None
        else None,
    )


@router.post(
    "/guide/switch-off",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Stop the guide's openers for this shopper",
    responses={code: _ERRORS[code] for code in (401, 403)},
)
async def switch_off(shopper: ShopperDep, guide: GuideDep) -> Response:
    """No more openers for this session, and for the customer when the session is identified;
    asking again changes nothing."""
    await run_in_threadpool(guide.switch_off, shopper)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
