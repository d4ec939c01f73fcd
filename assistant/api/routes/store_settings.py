"""Merchant endpoints for a store's own configuration, all behind an admin key of that store:
settings (handoff threshold, discount cap, business hours, allowed origins, webhook URL), the
secret that signs customer tokens, the secret that signs webhooks (shown once), and API keys
(created with scopes, listed, revoked; a secret is shown once)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Path, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select

from assistant.api.deps import AdminOfStore, DatabaseDep
from assistant.domain import ApiKey, Store
from assistant.domain.base import utcnow
from assistant.errors import ConflictError, NotFoundError
from assistant.security import Scope, new_store_secret
from assistant.stores import create_api_key, get_store
from assistant.webhooks import SIGNATURE_HEADER, check_webhook_url, new_webhook_secret

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["store settings"])

DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["09:00"])]
Origin = Annotated[
    str,
    Field(
        max_length=300,
        pattern=r"^(\*|https?://[A-Za-z0-9.-]+(:\d{1,5})?/?)$",
        description="scheme://host[:port] of a page that embeds the widget, or '*' for any.",
    ),
]
BusinessHours = dict[DayName, tuple[ClockTime, ClockTime] | None]
KeyIdPath = Annotated[int, Path(ge=1, le=2**62)]


class StoreSettingsPublic(BaseModel):
    """The store's configuration as the merchant sees it."""

    store_id: str
    name: str
    currency: str
    timezone: str
    handoff_threshold: float = Field(
        description="Below this retrieval confidence the assistant hands over to a person."
    )
    discount_cap_percent: int = Field(description="The largest discount the assistant may give.")
    handoff_wait_s: int | None = Field(
        description="Seconds a handoff may wait unclaimed before the shopper is offered to leave "
        "a message; null uses the service default (120)."
    )
    business_hours: dict[str, list[str] | None] = Field(
        description="Per weekday ['HH:MM' open, 'HH:MM' close] in the store's time zone, or null."
    )
    allowed_origins: list[str] = Field(description="Origins whose pages may embed the widget.")
    webhook_url: str | None = Field(
        description="Where signed webhooks go (a conversation queued for a person, a ticket)."
    )
    webhook_secret_set: bool = Field(
        description="Whether a webhook signing secret exists (it is never shown again)."
    )


class StoreSettingsUpdate(BaseModel):
    """Fields to change; the ones left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    handoff_threshold: float | None = Field(default=None, ge=0, le=1)
    discount_cap_percent: int | None = Field(default=None, ge=0, le=100)
    handoff_wait_s: int | None = Field(default=None, ge=10, le=86_400)
    business_hours: BusinessHours | None = Field(
        default=None,
        description="Days left out are closed; {} means no hours (always staffed).",
        examples=[{"mon": ["09:00", "18:00"]}],
    )
    allowed_origins: list[Origin] | None = Field(default=None, max_length=50)
    timezone: str | None = Field(default=None, max_length=64, examples=["Europe/Berlin"])
    webhook_url: str | None = Field(
        default=None,
        max_length=500,
        description="https URL (http only to localhost); null stops webhooks.",
        examples=["https://shop.example/hooks/sales-assistant"],
    )

    @field_validator("business_hours")
    @classmethod
    def _opening_before_closing(cls, hours: BusinessHours | None) -> BusinessHours | None:
        for day, span in (hours or {}).items():
            if span is not None and span[0] >= span[1]:
                raise ValueError(f"{day}: opening time must be before closing time")
        return hours

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str | None) -> str | None:
        if name is None:
            return None
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {name!r}") from None
        return name

    @field_validator("webhook_url")
    @classmethod
    def _deliverable_webhook_url(cls, url: str | None) -> str | None:
        return None if url is None else check_webhook_url(url)

    @model_validator(mode="after")
    def _something_to_change(self) -> StoreSettingsUpdate:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self


class CustomerTokenSecret(BaseModel):
    """How the merchant's backend signs customer tokens for this store."""

    algorithm: Literal["HS256"] = "HS256"
    secret: str
    required_claims: list[str] = Field(default=["sub", "exp"])
    optional_claims: list[str] = Field(default=["email", "given_name", "family_name"])


class WebhookSecret(BaseModel):
    """How this store's webhooks are signed; `secret` is shown this once."""

    secret: str
    algorithm: Literal["HMAC-SHA256"] = "HMAC-SHA256"
    signature_header: str = SIGNATURE_HEADER
    signed_content: str = Field(
        default="{t}.{raw body}",
        description="What is signed; the header reads `t=<unix seconds>,v1=<hex digest>`.",
    )


class ApiKeyCreate(BaseModel):
    """A new key's label and scopes (`admin` implies `agent`)."""

    name: str = Field(min_length=1, max_length=200)
    scopes: list[Scope] = Field(min_length=1, max_length=2)


class ApiKeyPublic(BaseModel):
    """A key as listed: never its secret."""

    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    """A key just created: `secret` is shown this once and never stored."""

    secret: str


def _public_settings(store: Store) -> StoreSettingsPublic:
    values = store.settings or {}
    return StoreSettingsPublic(
        store_id=store.id,
        name=store.name,
        currency=store.currency,
        timezone=store.timezone,
        handoff_threshold=float(values.get("handoff_threshold", 0.35)),
        discount_cap_percent=int(values.get("discount_cap_percent", 0)),
        handoff_wait_s=values.get("handoff_wait_s"),
        business_hours={
            str(day): list(span) if span else None
            for day, span in (values.get("business_hours") or {}).items()
        },
        allowed_origins=[str(origin) for origin in values.get("allowed_origins") or []],
        webhook_url=values.get("webhook_url") or None,
        webhook_secret_set=bool(values.get("webhook_secret")),
    )


def _public_key(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "scopes": list(key.scopes),
        "created_at": key.created_at,
        "last_used_at": key.last_used_at,
        "revoked_at": key.revoked_at,
    }


@router.get("/settings", summary="Read the store's settings")
def read_settings(store_id: str, _key: AdminOfStore, database: DatabaseDep) -> StoreSettingsPublic:
    """Handoff threshold, discount cap, business hours, allowed origins and the basics."""
    with database.session() as session:
        return _public_settings(get_store(session, store_id))


@router.patch("/settings", summary="Change the store's settings")
def update_settings(
    store_id: str,
    body: StoreSettingsUpdate,
    request: Request,
    _key: AdminOfStore,
    database: DatabaseDep,
) -> StoreSettingsPublic:
    """Change some settings; the widget's allowed origins apply to new requests at once."""
    changes = body.model_dump(exclude_unset=True, exclude={"timezone"})
    if "allowed_origins" in changes:
        changes["allowed_origins"] = sorted(
            {re.sub(r"/+$", "", origin.lower()) for origin in changes["allowed_origins"]}
        )
    if "business_hours" in changes:
        changes["business_hours"] = {
            day: list(span) if span else None for day, span in changes["business_hours"].items()
        }
    with database.transaction() as session:
        store = get_store(session, store_id)
        store.settings = {**(store.settings or {}), **changes}
        if body.timezone is not None:
            store.timezone = body.timezone
        public = _public_settings(store)
    origins = getattr(request.app.state, "store_origins", None)
    if origins is not None:
        origins.invalidate(store_id)
    return public


@router.get("/customer-token-secret", summary="Read the customer-token signing secret")
def read_customer_token_secret(
    store_id: str, _key: AdminOfStore, database: DatabaseDep
) -> CustomerTokenSecret:
    """The HS256 secret the merchant's backend signs customer tokens with. Keep it server-side."""
    with database.session() as session:
        return CustomerTokenSecret(secret=get_store(session, store_id).customer_token_secret)


@router.post("/customer-token-secret/rotate", summary="Replace the customer-token secret")
def rotate_customer_token_secret(
    store_id: str, _key: AdminOfStore, database: DatabaseDep
) -> CustomerTokenSecret:
    """A new secret; customer tokens signed with the old one stop verifying at once."""
    with database.transaction() as session:
        store = get_store(session, store_id)
        store.customer_token_secret = new_store_secret()
        return CustomerTokenSecret(secret=store.customer_token_secret)


@router.post("/settings/webhook-secret", summary="Create or rotate the webhook signing secret")
def rotate_webhook_secret(
    store_id: str, _key: AdminOfStore, database: DatabaseDep
) -> WebhookSecret:
    """A new secret for signing webhooks, shown this once; retries use it too from now on."""
    with database.transaction() as session:
        store = get_store(session, store_id)
        secret = new_webhook_secret()
        store.settings = {**(store.settings or {}), "webhook_secret": secret}
    return WebhookSecret(secret=secret)


@router.post(
    "/api-keys",
    status_code=status.HTTP_201_CREATED,
    summary="Create an API key",
)
def create_key(
    store_id: str, body: ApiKeyCreate, key: AdminOfStore, database: DatabaseDep
) -> ApiKeyCreated:
    """A new key with the given scopes; its secret is in this response only."""
    with database.transaction() as session:
        created, secret = create_api_key(session, store_id, body.name, body.scopes)
        created.created_by_key_id = key.id
        session.flush()
        return ApiKeyCreated(**_public_key(created), secret=secret)


@router.get("/api-keys", summary="List API keys")
def list_keys(store_id: str, _key: AdminOfStore, database: DatabaseDep) -> list[ApiKeyPublic]:
    """Every key of the store, revoked ones included, without secrets."""
    with database.session() as session:
        keys = session.scalars(
            select(ApiKey).where(ApiKey.store_id == store_id).order_by(ApiKey.id)
        )
        return [ApiKeyPublic(**_public_key(row)) for row in keys]


@router.delete(
    "/api-keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an API key",
)
def revoke_key(
    store_id: str, key_id: KeyIdPath, key: AdminOfStore, database: DatabaseDep
) -> Response:
    """Revoke a key of this store (revoking twice changes nothing); a key cannot revoke itself."""
    if key_id == key.id:
        raise ConflictError("a key cannot revoke itself; use another admin key")
    with database.transaction() as session:
        row = session.get(ApiKey, key_id)
        if row is None or row.store_id != store_id:
            raise NotFoundError("no such API key")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
