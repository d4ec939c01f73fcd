"""A store's cart-recovery settings: when a cart counts as left, the discount ladder, limits.

Part of `StoreSettings` (`cart_recovery`). The ladder's percentages are checked against the
store's `discount_cap_percent` when the merchant changes them, and clipped by the cap in force
whenever an offer is made, so lowering the cap later lowers every offer with it.
"""

from __future__ import annotations

from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, field_validator


class LadderStep(BaseModel):
    """One reminder: sent `after_hours` after the cart counts as left, with a discount."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    after_hours: int = Field(ge=0, le=24 * 60, description="Hours after the cart counts as left.")
    percent: int = Field(
        ge=0,
        le=100,
        description="Percent off, as a single-use coupon for that cart; 0 is a "
        "reminder only. Never above the store's discount_cap_percent.",
    )


DEFAULT_LADDER = (
    LadderStep(after_hours=0, percent=0),
    LadderStep(after_hours=24, percent=5),
    LadderStep(after_hours=72, percent=10),
)


class CartRecoverySettings(BaseModel):
    """How the store reminds shoppers of carts they left (off until the merchant turns it on)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(default=False, description="Send reminders about left carts.")
    abandoned_after_minutes: int = Field(
        default=60,
        ge=5,
        le=7 * 24 * 60,
        description="Minutes without a change after which an open cart counts as left.",
    )
    ladder: tuple[LadderStep, ...] = Field(
        default=DEFAULT_LADDER,
        min_length=1,
        max_length=10,
        description="Reminder steps in order of after_hours (strictly increasing).",
    )
    max_messages_per_customer: int = Field(
        default=3,
        ge=0,
        le=100,
        description="Reminders one customer (or anonymous session) may get per period.",
    )
    period_days: int = Field(
        default=30, ge=1, le=365, description="The period max_messages_per_customer counts over."
    )
    recovered_window_hours: int = Field(
        default=72,
        ge=1,
        le=90 * 24,
        description="An order within this many hours of a reminder counts the cart as recovered.",
    )
    coupon_valid_hours: int = Field(
        default=72, ge=1, le=90 * 24, description="How long a recovery coupon stays valid."
    )
    resume_url: str | None = Field(
        default=None,
        max_length=500,
        description="The shop page (embedding the widget) a reminder links back to, with "
        "sa_resume=<token> added; null links to the built-in storefront.",
    )

    @field_validator("ladder")
    @classmethod
    def _steps_in_order(cls, ladder: tuple[LadderStep, ...]) -> tuple[LadderStep, ...]:
        hours = [step.after_hours for step in ladder]
        if any(later <= earlier for earlier, later in pairwise(hours)):
            raise ValueError("ladder steps must have strictly increasing after_hours")
        return ladder

    @field_validator("resume_url")
    @classmethod
    def _https_resume_url(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(
            ("https://", "http://127.0.0.1", "http://localhost")
        ):
            raise ValueError("the resume URL must start with https:// (http only to localhost)")
        return url

    def steps_above(self, cap_percent: int) -> list[int]:
        """Indexes of ladder steps whose percentage is above `cap_percent`."""
        return [index for index, step in enumerate(self.ladder) if step.percent > cap_percent]

    def offer_percent(self, step: int, cap_percent: int) -> int:
        """The percentage step `step` offers under the cap in force now."""
        return max(0, min(self.ladder[step].percent, cap_percent))
