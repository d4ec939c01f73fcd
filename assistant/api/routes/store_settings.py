"""Merchant endpoints for a store's own configuration, all behind an admin key of that store:
settings (handoff threshold, discount cap, business hours, allowed origins, webhook URL), the
secret that signs customer tokens, the secret that signs webhooks (shown once), and API keys
(created with scopes, listed, revoked; a secret is shown once)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Path, Response, status
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from sqlalchemy import select

from assistant.api.deps import AdminOfStore, DatabaseDep, SettingsDep, StoreOriginsDep
from assistant.domain import ApiKey, Store
from assistant.domain.base import utcnow
from assistant.domain.recovery_settings import CartRecoverySettings, LadderStep
from assistant.domain.store_settings import (
    DEFAULT_DISCOUNT_CAP_PERCENT,
    DEFAULT_HANDOFF_THRESHOLD,
    INJECTION_HANDOFF_AFTER_TEXT,
    MAX_PAYMENT_TIMEOUT_MINUTES,
    MIN_PAYMENT_TIMEOUT_MINUTES,
    BusinessHours,
    CheckoutUrlTemplate,
    DiscountCapPercent,
    HandoffThreshold,
    HandoffWaitSeconds,
    InjectionHandoffAfter,
    PaymentTimeoutMinutes,
    ProactiveSettings,
    SiteSyncSettings,
    StoreSettings,
    settings_of,
)
from assistant.domain.stores import DEFAULT_TIMEZONE
from assistant.errors import ConflictError, InvalidInputError, NotFoundError
from assistant.security import Scope, new_store_secret
from assistant.stores import create_api_key, get_store
from assistant.webhooks import (
    SIGNATURE_HEADER,
    check_webhook_destination,
    check_webhook_url,
    new_webhook_secret,
)
from retrieval.site_sync.runs import reschedule_site_sync

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["store settings"])

Origin = Annotated[
    str,
    Field(
        max_length=300,
        pattern=r"^(\*|https?://[A-Za-z0-9.-]+(:\d{1,5})?/?)$",
        description="scheme://host[:port] of a page that embeds the widget, or '*' for any.",
    ),
]
Domain = Annotated[
    str,
    Field(
        max_length=253,
        pattern=r"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$",
        description="A host name such as shop.example.",
    ),
]
KeyIdPath = Annotated[int, Path(ge=1, le=2**62)]
_FIELDS = StoreSettings.model_fields


class StoreSettingsPublic(BaseModel):
    """The store's configuration as the merchant sees it."""

    store_id: str
    name: str
    currency: str
    timezone: str
    handoff_threshold: float = Field(description=_FIELDS["handoff_threshold"].description)
    discount_cap_percent: int = Field(description=_FIELDS["discount_cap_percent"].description)
    handoff_wait_s: int | None = Field(description=_FIELDS["handoff_wait_s"].description)
    business_hours: dict[str, list[str] | None] = Field(
        description="Per weekday ['HH:MM' open, 'HH:MM' close] in the store's time zone, or null "
        "(closed); {} is always staffed."
    )
    allowed_origins: list[str] = Field(description=_FIELDS["allowed_origins"].description)
    own_domains: list[str] = Field(description=_FIELDS["own_domains"].description)
    injection_handoff_after: int = Field(description=_FIELDS["injection_handoff_after"].description)
    checkout_url_template: str | None = Field(
        description=_FIELDS["checkout_url_template"].description
    )
    webhook_url: str | None = Field(
        description="Where signed webhooks go (a conversation queued for a person, a ticket)."
    )
    webhook_secret_set: bool = Field(
        description="Whether a webhook signing secret exists (it is never shown again)."
    )
    payment_timeout_minutes: int | None = Field(
        description=_FIELDS["payment_timeout_minutes"].description
    )
    payment_webhook_secret_set: bool = Field(
        description="Whether a payment webhook secret exists (it is never shown again)."
    )
    proactive: ProactiveSettings = Field(description=_FIELDS["proactive"].description)
    cart_recovery: CartRecoverySettings = Field(description=_FIELDS["cart_recovery"].description)
    site_sync: SiteSyncSettings | None = Field(description=_FIELDS["site_sync"].description)


class CartRecoveryUpdate(BaseModel):
    """Cart-recovery fields to change; the ones left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    abandoned_after_minutes: int | None = Field(default=None, ge=5, le=7 * 24 * 60)
    ladder: list[LadderStep] | None = Field(
        default=None,
        min_length=1,
        max_length=10,
        description="Steps with strictly increasing after_hours; no percent above the cap.",
        examples=[[{"after_hours": 0, "percent": 0}, {"after_hours": 24, "percent": 5}]],
    )
    max_messages_per_customer: int | None = Field(default=None, ge=0, le=100)
    period_days: int | None = Field(default=None, ge=1, le=365)
    recovered_window_hours: int | None = Field(default=None, ge=1, le=90 * 24)
    coupon_valid_hours: int | None = Field(default=None, ge=1, le=90 * 24)
    resume_url: str | None = Field(default=None, max_length=500)


class StoreSettingsUpdate(BaseModel):
    """Fields to change; the ones left out keep their value, and null puts one back to its
    default."""

    model_config = ConfigDict(extra="forbid")

    handoff_threshold: HandoffThreshold | None = Field(
        default=None,
        description=f"Between 0 and 1; null is the default ({DEFAULT_HANDOFF_THRESHOLD}).",
    )
    discount_cap_percent: DiscountCapPercent | None = Field(
        default=None,
        description=f"0 to 100; null is the default ({DEFAULT_DISCOUNT_CAP_PERCENT}).",
    )
    handoff_wait_s: HandoffWaitSeconds | None = Field(
        default=None, description="Seconds; null uses the service default."
    )
    business_hours: BusinessHours | None = Field(
        default=None,
        description="Days left out are closed; {} or null means no hours (always staffed).",
        examples=[{"mon": ["09:00", "18:00"]}],
    )
    allowed_origins: list[Origin] | None = Field(
        default=None, max_length=50, description="null or [] allows only the service's own pages."
    )
    own_domains: list[Domain] | None = Field(
        default=None,
        max_length=20,
        description="Domains (subdomains included) whose links and e-mail addresses may be shown "
        "to shoppers; null or [] allows only the support address's domain and the service's.",
        examples=[["shop.example"]],
    )
    injection_handoff_after: InjectionHandoffAfter | None = Field(
        default=None,
        description=f"{INJECTION_HANDOFF_AFTER_TEXT} null is the default "
        f"({StoreSettings.model_fields['injection_handoff_after'].default}).",
    )
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description=f"An IANA time zone; null is {DEFAULT_TIMEZONE}.",
        examples=["Europe/Berlin"],
    )
    checkout_url_template: CheckoutUrlTemplate | None = Field(
        default=None,
        description="The store's own checkout page as an https URL template with "
        "{order_number}, {token} and {store_id}; null uses the built-in checkout page.",
        examples=["https://shop.example/pay?order={order_number}&t={token}"],
    )
    webhook_url: str | None = Field(
        default=None,
        max_length=500,
        description="https URL (http only to localhost); null stops webhooks.",
        examples=["https://shop.example/hooks/sales-assistant"],
    )
    proactive: ProactiveSettings | None = Field(
        default=None,
        description="The whole guide setting (enabled, rules, max_openers_per_day); null turns "
        "it back to the default (off).",
        examples=[
            {
                "enabled": True,
                "rules": [{"kind": "repeat_views", "views": 3, "within_minutes": 15}],
                "max_openers_per_day": 2,
            }
        ],
    )

    payment_timeout_minutes: PaymentTimeoutMinutes | None = Field(
        default=None,
        description=f"Minutes a new order holds its stock awaiting payment "
        f"({MIN_PAYMENT_TIMEOUT_MINUTES} to {MAX_PAYMENT_TIMEOUT_MINUTES}); null uses the "
        "service default.",
    )
    cart_recovery: CartRecoveryUpdate | None = Field(
        default=None,
        description="Reminders about left carts; fields left out keep their value, null puts "
        "all of them back to the defaults (off).",
    )
    site_sync: SiteSyncSettings | None = Field(
        default=None,
        description="The whole site sync setting (sitemap_url or start_urls, hosts, "
        "interval_hours, max_pages, max_depth); null turns site sync off.",
        examples=[{"sitemap_url": "https://shop.example/sitemap.xml", "interval_hours": 24}],
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

    @field_validator("site_sync")
    @classmethod
    def _site_sync_reads_something(cls, sync: SiteSyncSettings | None) -> SiteSyncSettings | None:
        if sync is not None and not sync.sitemap_url and not sync.start_urls:
            raise ValueError("give a sitemap_url or start_urls to read")
        return sync

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


# The public fields that are stored settings, read back as they are; the others are the
# store's own columns and whether each secret is set (a secret is never shown again).
_AS_STORED = tuple(name for name in StoreSettingsPublic.model_fields if name in _FIELDS)


def _public_settings(store: Store) -> StoreSettingsPublic:
    values = settings_of(store)
    return StoreSettingsPublic.model_validate(
        {
            **{name: getattr(values, name) for name in _AS_STORED},
            "store_id": store.id,
            "name": store.name,
            "currency": store.currency,
            "timezone": store.timezone,
            "business_hours": {
                str(day): list(span) if span else None
                for day, span in values.business_hours.items()
            },
            "webhook_url": values.webhook_url or None,
            "webhook_secret_set": bool(values.webhook_secret),
            "payment_webhook_secret_set": bool(values.payment_webhook_secret),
        }
    )


def _merged_settings(current: dict[str, Any], body: StoreSettingsUpdate) -> dict[str, Any]:
    """The stored settings after the change: a field sent as null is removed, so it reads as
    its default (read through `settings_of`)."""
    changes = body.model_dump(exclude_unset=True, exclude={"timezone"})
    if changes.get("own_domains") is not None:
        changes["own_domains"] = sorted({domain.lower() for domain in changes["own_domains"]})
    if changes.get("allowed_origins") is not None:
        changes["allowed_origins"] = sorted(
            {re.sub(r"/+$", "", origin.lower()) for origin in changes["allowed_origins"]}
        )
    if changes.get("business_hours") is not None:
        changes["business_hours"] = {
            day: list(span) if span else None for day, span in changes["business_hours"].items()
        }
    if changes.get("proactive") is not None:
        changes["proactive"] = body.proactive.model_dump(mode="json") if body.proactive else None
    if changes.get("cart_recovery") is not None:
        changes["cart_recovery"] = {**current.get("cart_recovery", {}), **changes["cart_recovery"]}
    merged = {**current, **changes}
    for name, value in changes.items():
        if value is None:
            del merged[name]
    _check_cart_recovery(merged)
    return merged


def _check_cart_recovery(merged: dict[str, Any]) -> None:
    """Refuse a recovery ladder that breaks its own rules or offers more than the cap."""
    try:
        values = StoreSettings.model_validate(merged)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(part) for part in error["loc"]), "problem": error["msg"]}
            for error in exc.errors(include_url=False, include_context=False, include_input=False)
        ]
        raise InvalidInputError(
            "the settings are not valid together", details={"problems": problems}
        ) from None
    cap = values.discount_cap_percent
    above = values.cart_recovery.steps_above(cap)
    if above:
        raise InvalidInputError(
            f"cart_recovery.ladder offers more than the store's discount cap ({cap}%)",
            details={"steps": above, "discount_cap_percent": cap},
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


def _interval(sync: SiteSyncSettings | None) -> float | None:
    return sync.interval_hours if sync is not None else None


@router.get("/settings", summary="Read the store's settings")
def read_settings(store_id: str, _key: AdminOfStore, database: DatabaseDep) -> StoreSettingsPublic:
    """Handoff threshold, discount cap, business hours, allowed origins and the basics."""
    with database.session() as session:
        return _public_settings(get_store(session, store_id))


@router.patch("/settings", summary="Change the store's settings")
def update_settings(
    store_id: str,
    body: StoreSettingsUpdate,
    _key: AdminOfStore,
    database: DatabaseDep,
    settings: SettingsDep,
    origins: StoreOriginsDep,
) -> StoreSettingsPublic:
    """Change some settings (null puts one back to its default); the widget's allowed origins
    apply to new requests at once."""
    if body.webhook_url:
        allowed = settings.webhook_allowed_hosts
        check_webhook_destination(body.webhook_url, allowed)
    with database.transaction() as session:
        store = get_store(session, store_id)
        sync_before = settings_of(store).site_sync
        store.settings = _merged_settings(store.settings or {}, body)
        if "timezone" in body.model_fields_set:
            store.timezone = body.timezone or DEFAULT_TIMEZONE
        if _interval(settings_of(store).site_sync) != _interval(sync_before):
            reschedule_site_sync(session, store_id)
        public = _public_settings(store)
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
    responses={409: {"description": "The key sent is the one to revoke."}},
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
