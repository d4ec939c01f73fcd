"""A store's own settings, typed: the one place their defaults are declared.

They are stored as JSON in `stores.settings`; every reader goes through `settings_of`, and the
merchant API validates changes against the same model, so a default never drifts between
callers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.stores import Store

DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["09:00"])]
BusinessHours = dict[DayName, tuple[ClockTime, ClockTime] | None]

DEFAULT_HANDOFF_THRESHOLD = 0.35
DEFAULT_DISCOUNT_CAP_PERCENT = 15


class StoreSettings(BaseModel):
    """What a merchant configures about how the assistant behaves in their store."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    handoff_threshold: float = Field(
        default=DEFAULT_HANDOFF_THRESHOLD,
        ge=0,
        le=1,
        description="Below this retrieval confidence the assistant hands over to a person.",
    )
    discount_cap_percent: int = Field(
        default=DEFAULT_DISCOUNT_CAP_PERCENT,
        ge=0,
        le=100,
        description="The largest discount the assistant may give.",
    )
    handoff_wait_s: int | None = Field(
        default=None,
        ge=10,
        le=86_400,
        description="Seconds a handoff may wait unclaimed before the shopper is offered to leave "
        "a message; null uses the service default.",
    )
    business_hours: BusinessHours = Field(
        default_factory=dict,
        description="Per weekday (open, close) in the store's time zone; {} is always staffed.",
    )
    allowed_origins: list[str] = Field(
        default_factory=list, description="Origins whose pages may embed the widget."
    )
    own_domains: list[str] = Field(
        default_factory=list,
        description="Domains whose links and e-mail addresses may be shown to shoppers "
        "(subdomains included); links to any other domain are removed from quoted passages.",
    )
    injection_handoff_after: int = Field(
        default=3,
        ge=0,
        le=100,
        description="Attempts to override the assistant in one conversation before a person is "
        "asked to look; 0 never hands off for that.",
    )
    support_email: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = Field(default=None, repr=False)


def settings_of(store: Store | None) -> StoreSettings:
    """The store's settings with every default filled in (defaults only for a missing store)."""
    return parse_settings(store.settings if store is not None else None)


def parse_settings(raw: Mapping[str, Any] | None) -> StoreSettings:
    """Settings from their stored JSON (a row read without its `Store`)."""
    return StoreSettings.model_validate(dict(raw or {}))
