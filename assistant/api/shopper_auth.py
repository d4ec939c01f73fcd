"""Shopper authentication at the edge: issuing session tokens and checking them per request.

`POST /v1/stores/{store_id}/sessions` is public (the widget calls it first). Every other shopper
endpoint reads `Authorization: Bearer <session token>` and refuses a token of another store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from assistant.api.deps import DatabaseDep, SettingsDep, ToolServicesDep
from assistant.api.errors import ErrorBody
from assistant.errors import AuthenticationError, PermissionDeniedError
from assistant.shopper_sessions import (
    ShopperIdentity,
    identify_session,
    resolve_session,
    start_session,
)
from tools.deps import ToolDeps

_bearer = HTTPBearer(auto_error=False, description="The session token from POST .../sessions.")


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an endpoint can return."""
    meaning = {
        401: "Missing, invalid or expired session token.",
        403: "The token belongs to another store, or the action needs an identified customer.",
        404: "Unknown SKU, product, cart line, coupon or order.",
        409: "Out of stock, empty cart, or an idempotency key reused for another request.",
        422: "Invalid input: a bad quantity, a limit exceeded, or a coupon that does not apply.",
    }
    return {code: {"model": ErrorBody, "description": meaning[code]} for code in codes}


def current_shopper(
    store_id: str,
    database: DatabaseDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ShopperIdentity:
    """The shopper session named by the bearer token, which must belong to `store_id`."""
    if credentials is None:
        raise AuthenticationError("send the session token as 'Authorization: Bearer <token>'")
    # A short session of its own: holding one open through the handler would block the
    # tool's write transaction on SQLite.
    with database.session() as session:
        identity = resolve_session(session, settings, credentials.credentials)
    if identity.store_id != store_id:
        raise PermissionDeniedError("this session belongs to another store")
    return identity


ShopperDep = Annotated[ShopperIdentity, Depends(current_shopper)]


def tool_deps(shopper: ShopperDep, tools: ToolServicesDep) -> ToolDeps:
    """The tools' dependencies for this shopper."""
    return tools.for_shopper(shopper.store_id, shopper.session_id, customer_id=shopper.customer_id)


ToolDepsDep = Annotated[ToolDeps, Depends(tool_deps)]
IdempotencyKeyDep = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="A fresh key per intended change; a retry with the same key changes nothing "
        "more and gets the same response.",
    ),
]

ChatIdempotencyKeyDep = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Optional: a fresh key per message; a resend with the same key replays the "
        "first answer instead of asking again.",
    ),
]

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["shopper sessions"])


class SessionCreate(BaseModel):
    """Start a session; pass the merchant-signed customer token to identify the shopper."""

    customer_token: str | None = Field(default=None, max_length=4096)
    locale: str | None = Field(
        default=None, max_length=16, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
    )
    previous_token: str | None = Field(
        default=None,
        max_length=4096,
        description="This browser's expired session token, if it kept one: the new session "
        "takes that one over (a reminder of a cart left in it shows here). Ignored when it is "
        "not genuine, too old, already taken over, or of another customer.",
    )


class CustomerIdentify(BaseModel):
    """A merchant-signed customer token."""

    customer_token: str = Field(min_length=1, max_length=4096)


class SessionPublic(BaseModel):
    """A shopper session and its bearer token."""

    store_id: str
    session_id: str
    token: str | None = Field(default=None, description="Send as 'Authorization: Bearer'.")
    expires_at: datetime | None = None
    identified: bool = Field(description="True when the shopper is an identified customer.")


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    summary="Start a shopper session",
    responses=error_responses(401, 404, 422),
)
def create_session(
    store_id: str, body: SessionCreate, database: DatabaseDep, settings: SettingsDep
) -> SessionPublic:
    """Public: returns a signed, expiring token for the cart, checkout and order endpoints."""
    with database.transaction() as session:
        issued = start_session(
            session,
            settings,
            store_id,
            customer_token=body.customer_token,
            locale=body.locale,
            previous_token=body.previous_token,
        )
    return SessionPublic(
        store_id=store_id,
        session_id=issued.identity.session_id,
        token=issued.token,
        expires_at=issued.expires_at,
        identified=issued.identity.customer_id is not None,
    )


@router.post(
    "/sessions/identify",
    summary="Identify the shopper of this session",
    responses=error_responses(401, 403, 422),
)
def identify(body: CustomerIdentify, shopper: ShopperDep, database: DatabaseDep) -> SessionPublic:
    """Attach the customer named by a merchant-signed token; unlocks order lookup."""
    with database.transaction() as session:
        identity = identify_session(session, shopper, body.customer_token)
    return SessionPublic(
        store_id=identity.store_id, session_id=identity.session_id, identified=True
    )
