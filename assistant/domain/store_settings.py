"""A store's own settings, typed: the one place their defaults are declared.

They are stored as JSON in `stores.settings`; every reader goes through `settings_of`, and the
merchant API validates changes against the same model, so a default never drifts between
callers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import Formatter
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from assistant.domain.bargaining_limits import BargainingLimits
from assistant.domain.recovery_settings import CartRecoverySettings
from assistant.domain.stores import Store

DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["09:00"])]
BusinessHours = dict[DayName, tuple[ClockTime, ClockTime] | None]

DEFAULT_HANDOFF_THRESHOLD = 0.35
DEFAULT_DISCOUNT_CAP_PERCENT = 15
# What a store's own checkout URL template may contain; one of the first two names the order.
STORE_CHECKOUT_PLACEHOLDERS = frozenset({"order_number", "token", "store_id"})
MIN_PAYMENT_TIMEOUT_MINUTES = 1
MAX_PAYMENT_TIMEOUT_MINUTES = 7 * 24 * 60


def check_store_checkout_template(template: str) -> str:
    """The template when it is an https URL whose placeholders are known and name the order.

    Raises:
        ValueError: what is wrong with it (pydantic reports it as invalid input).
    """
    try:
        fields = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ValueError(f"not a URL template: {exc}") from None
    unknown = fields - STORE_CHECKOUT_PLACEHOLDERS
    if unknown:
        raise ValueError(
            f"unknown placeholder(s) {sorted(unknown)}; use {{order_number}}, {{token}} and "
            "{store_id}"
        )
    if not fields & {"order_number", "token"}:
        raise ValueError("the template must contain {order_number} or {token}")
    parts = urlsplit(template)
    if parts.scheme != "https" or not parts.hostname or "{" in parts.netloc:
        raise ValueError("the checkout URL must start with https:// and a fixed host name")
    return template


# The bounds of each setting, declared once: the stored model and the merchant API's PATCH body
# (where every field is optional) both use these.
HandoffThreshold = Annotated[float, Field(ge=0, le=1)]
DiscountCapPercent = Annotated[int, Field(ge=0, le=100)]
HandoffWaitSeconds = Annotated[int, Field(ge=10, le=86_400)]
InjectionHandoffAfter = Annotated[int, Field(ge=0, le=100)]
CheckoutUrlTemplate = Annotated[
    str, Field(max_length=500), AfterValidator(check_store_checkout_template)
]
PaymentTimeoutMinutes = Annotated[
    int, Field(ge=MIN_PAYMENT_TIMEOUT_MINUTES, le=MAX_PAYMENT_TIMEOUT_MINUTES)
]
INJECTION_HANDOFF_AFTER_TEXT = (
    "Attempts to override the assistant in one conversation before a person is asked to look; "
    "0 never hands off for that."
)


class RepeatViewsRule(BaseModel):
    """Fires on the nth view of the same product within some minutes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["repeat_views"] = "repeat_views"
    views: int = Field(default=3, ge=2, le=20, description="Views of one product that fire it.")
    within_minutes: int = Field(default=15, ge=1, le=1440, description="Window of those views.")


class DwellRule(BaseModel):
    """Fires when a shopper stays on a product page longer than some seconds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["dwell"] = "dwell"
    seconds: int = Field(default=60, ge=5, le=3600, description="Seconds on one product page.")


class CartIdleRule(BaseModel):
    """Fires when a non-empty cart has not changed for some minutes while the shopper browses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["cart_idle"] = "cart_idle"
    minutes: int = Field(default=10, ge=1, le=1440, description="Minutes the cart is unchanged.")


class LeavingWithCartRule(BaseModel):
    """Fires when a shopper with a non-empty cart is about to leave the page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["leaving_with_cart"] = "leaving_with_cart"


ProactiveRule = Annotated[
    RepeatViewsRule | DwellRule | CartIdleRule | LeavingWithCartRule, Field(discriminator="kind")
]


def default_proactive_rules() -> list[ProactiveRule]:
    """The rules a store starts with (they apply once `enabled` is set)."""
    return [RepeatViewsRule(), DwellRule(), CartIdleRule(), LeavingWithCartRule()]


class ProactiveSettings(BaseModel):
    """When the assistant opens a conversation by itself (off until the merchant turns it on)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(default=False, description="Whether the guide opens conversations.")
    rules: list[ProactiveRule] = Field(
        default_factory=default_proactive_rules,
        max_length=4,
        description="Which moments open a conversation, tried in this order (one per kind).",
    )
    max_openers_per_day: int = Field(
        default=2, ge=0, le=20, description="Most openers one shopper gets in 24 hours."
    )

    @field_validator("rules")
    @classmethod
    def _one_rule_per_kind(cls, rules: list[ProactiveRule]) -> list[ProactiveRule]:
        kinds = [rule.kind for rule in rules]
        repeated = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if repeated:
            raise ValueError(f"one rule per kind; repeated: {', '.join(repeated)}")
        return rules


def check_site_url(url: str) -> str:
    """A page or sitemap URL of the store's site: http(s), a host, no credentials."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise ValueError("put no credentials in a site URL")
    return url


class SiteSyncSettings(BaseModel):
    """Which pages of the store's own site are read into the knowledge base, and how often."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sitemap_url: str | None = Field(
        default=None,
        max_length=500,
        description="The site's sitemap (or sitemap index, .xml or .xml.gz); its pages are read.",
        examples=["https://shop.example/sitemap.xml"],
    )
    start_urls: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list,
        max_length=20,
        description="Pages to start from when there is no sitemap; their links are followed.",
    )
    hosts: list[Annotated[str, Field(max_length=253)]] = Field(
        default_factory=list,
        max_length=20,
        description="Host names pages may come from; [] is the hosts of the URLs above (the "
        "store's own_domains count too).",
    )
    interval_hours: float | None = Field(
        default=None,
        ge=1,
        le=24 * 31,
        description="Hours between scheduled syncs; null syncs only when asked.",
    )
    max_pages: int = Field(default=200, ge=1, le=5_000, description="Most pages read per sync.")
    max_depth: int = Field(
        default=3, ge=0, le=20, description="Links followed from a start URL, at most."
    )

    @field_validator("sitemap_url")
    @classmethod
    def _sitemap(cls, url: str | None) -> str | None:
        return None if url is None else check_site_url(url)

    @field_validator("start_urls")
    @classmethod
    def _starts(cls, urls: list[str]) -> list[str]:
        return [check_site_url(url) for url in urls]

    @field_validator("hosts")
    @classmethod
    def _hosts(cls, hosts: list[str]) -> list[str]:
        cleaned = [host.strip().lower().rstrip(".") for host in hosts]
        for host in cleaned:
            if not re.fullmatch(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?", host):
                raise ValueError(f"a host is a name such as shop.example, got {host!r}")
        return cleaned


class StoreSettings(BaseModel):
    """What a merchant configures about how the assistant behaves in their store."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    handoff_threshold: HandoffThreshold = Field(
        default=DEFAULT_HANDOFF_THRESHOLD,
        description="Below this retrieval confidence the assistant hands over to a person.",
    )
    discount_cap_percent: DiscountCapPercent = Field(
        default=DEFAULT_DISCOUNT_CAP_PERCENT,
        description="The largest discount the assistant may give.",
    )
    handoff_wait_s: HandoffWaitSeconds | None = Field(
        default=None,
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
    injection_handoff_after: InjectionHandoffAfter = Field(
        default=3, description=INJECTION_HANDOFF_AFTER_TEXT
    )
    checkout_url_template: CheckoutUrlTemplate | None = Field(
        default=None,
        description="The store's own checkout page, e.g. "
        "'https://shop.example/pay?order={order_number}&t={token}' (https only; placeholders "
        "{order_number}, {token}, {store_id}); null uses the built-in checkout page.",
    )
    support_email: str | None = None
    bargaining: BargainingLimits = Field(
        default_factory=BargainingLimits,
        description="Store-wide limits for offers made while bargaining (off by default); "
        "categories and products may override them.",
    )
    webhook_url: str | None = None
    webhook_secret: str | None = Field(default=None, repr=False)
    payment_timeout_minutes: PaymentTimeoutMinutes | None = Field(
        default=None,
        description="Minutes a new order holds its stock awaiting payment before the hold is "
        "released; null uses the service default (SALES_ASSISTANT_RESERVATION_TTL_S).",
    )
    payment_webhook_secret: str | None = Field(default=None, repr=False)
    proactive: ProactiveSettings = Field(
        default_factory=ProactiveSettings,
        description="The proactive guide: rules that open a conversation, and its caps.",
    )
    cart_recovery: CartRecoverySettings = Field(
        default_factory=CartRecoverySettings,
        description="Reminders about carts shoppers left, with a discount ladder inside the cap.",
    )
    site_sync: SiteSyncSettings | None = Field(
        default=None, description="Syncing the store's own site; null: no site sync."
    )


def settings_of(store: Store | None) -> StoreSettings:
    """The store's settings with every default filled in (defaults only for a missing store)."""
    return parse_settings(store.settings if store is not None else None)


def parse_settings(raw: Mapping[str, Any] | None) -> StoreSettings:
    """Settings from their stored JSON (a row read without its `Store`)."""
    return StoreSettings.model_validate(dict(raw or {}))
