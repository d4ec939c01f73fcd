"""Cart recovery over the API.

Shoppers (session token): the reminder waiting for their next visit (shown once), bringing a
cart back from a reminder's link, and their own marketing consent (identified customers only;
given in the widget with the words it showed). Merchants (admin key): a customer's consent as
the store's backend knows it, with its history, and the audit log of every reminder and offer,
with whether an order followed it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field, field_validator

from assistant.api.deps import AdminOfStore, DatabaseDep, ToolServicesDep
from assistant.api.shopper_auth import ShopperDep, error_responses
from assistant.domain import ConsentRecord, Customer
from assistant.domain.base import MAX_ROW_ID
from assistant.domain.store_settings import settings_of
from assistant.errors import NotFoundError, PermissionDeniedError
from assistant.recovery.audit import RecoveryMessagePublic, list_recovery_messages
from assistant.recovery.consent import (
    WIDGET_WORDING,
    consent_history,
    customer_by_external_id,
    record_consent,
)
from assistant.recovery.reminders import Reminder, resume_cart, take_reminder
from assistant.stores import get_store

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["cart recovery"])
ExternalIdPath = Annotated[str, Path(min_length=1, max_length=200)]
Language = Literal["en", "zh"]


class PendingReminder(BaseModel):
    """The reminder waiting for this shopper, or null; it is shown once."""

    reminder: Reminder | None


class ResumeRequest(BaseModel):
    """The `sa_resume` token from a reminder's link."""

    token: str = Field(min_length=3, max_length=200)


class ShopperConsent(BaseModel):
    """The shopper's marketing consent, and the words the widget asks it with."""

    identified: bool = Field(description="Only identified customers can give consent.")
    granted: bool
    at: datetime | None
    wording: dict[str, str] = Field(default_factory=lambda: dict(WIDGET_WORDING))


class ShopperConsentChange(BaseModel):
    """The shopper ticked or unticked the opt-in, which was shown in `language`."""

    granted: bool
    language: Language = "en"


class ConsentChange(BaseModel):
    """Consent as the merchant's backend recorded it."""

    granted: bool
    source: str = Field(default="merchant", min_length=1, max_length=64)
    at: datetime | None = Field(default=None, description="When it was given; default now.")
    wording: str | None = Field(default=None, max_length=500)

    @field_validator("at")
    @classmethod
    def _aware(cls, at: datetime | None) -> datetime | None:
        if at is not None and at.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2026-12-01T10:00:00Z")
        return at


class ConsentRecordPublic(BaseModel):
    """One consent change."""

    granted: bool
    source: str | None
    at: datetime
    wording: str | None


class CustomerConsentPublic(BaseModel):
    """A customer's current marketing consent and every change to it."""

    external_id: str
    granted: bool
    at: datetime | None
    source: str | None
    history: list[ConsentRecordPublic]


class RecoveryMessagesPage(BaseModel):
    """Reminders newest first; pass `next_before_id` as `before_id` for the next page."""

    messages: list[RecoveryMessagePublic]
    next_before_id: int | None


def _customer_consent(customer: Customer, history: list[ConsentRecord]) -> CustomerConsentPublic:
    return CustomerConsentPublic(
        external_id=customer.external_id,
        granted=customer.marketing_consent,
        at=customer.marketing_consent_at,
        source=customer.marketing_consent_source,
        history=[
            ConsentRecordPublic(
                granted=record.granted, source=record.source, at=record.at, wording=record.wording
            )
            for record in history
        ],
    )


@router.get(
    "/recovery/reminder",
    summary="The reminder of a left cart waiting for this shopper",
    responses=error_responses(401, 403),
)
def pending_reminder(shopper: ShopperDep, tools: ToolServicesDep) -> PendingReminder:
    """The cart the shopper left, priced now, with its coupon; marked shown, so it comes once.
    A customer's cart left in an earlier session comes back into this one."""
    reminder = take_reminder(
        tools, shopper.store_id, shopper.session_id, shopper.customer_id, tools.now()
    )
    return PendingReminder(reminder=reminder)


@router.post(
    "/recovery/resume",
    summary="Bring back the cart a reminder's link names",
    responses=error_responses(401, 403, 404, 422),
)
def resume(body: ResumeRequest, shopper: ShopperDep, tools: ToolServicesDep) -> Reminder:
    """Move the cart into this session (unless it already has a cart with items)."""
    return resume_cart(
        tools, shopper.store_id, shopper.session_id, shopper.customer_id, body.token, tools.now()
    )


def _shopper_customer(database: DatabaseDep, shopper: ShopperDep) -> ShopperConsent:
    if shopper.customer_id is None:
        return ShopperConsent(identified=False, granted=False, at=None)
    with database.session() as session:
        customer = session.get(Customer, shopper.customer_id)
        if customer is None:
            return ShopperConsent(identified=False, granted=False, at=None)
        return ShopperConsent(
            identified=True, granted=customer.marketing_consent, at=customer.marketing_consent_at
        )


@router.get(
    "/recovery/consent",
    summary="The shopper's marketing consent",
    responses=error_responses(401, 403),
)
def shopper_consent(shopper: ShopperDep, database: DatabaseDep) -> ShopperConsent:
    """Whether this identified customer agreed to reminders and offers by e-mail."""
    return _shopper_customer(database, shopper)


@router.put(
    "/recovery/consent",
    summary="Give or withdraw marketing consent from the widget",
    responses=error_responses(401, 403, 422),
)
def change_shopper_consent(
    body: ShopperConsentChange, shopper: ShopperDep, tools: ToolServicesDep
) -> ShopperConsent:
    """Recorded with the time, the source "widget" and the words the shopper agreed to."""
    if shopper.customer_id is None:
        raise PermissionDeniedError("only an identified customer can give marketing consent")
    with tools.database.transaction() as session:
        customer = session.get(Customer, shopper.customer_id)
        if customer is None:
            raise PermissionDeniedError("only an identified customer can give marketing consent")
        record_consent(
            session,
            customer,
            granted=body.granted,
            source="widget",
            at=tools.now(),
            wording=WIDGET_WORDING[body.language],
        )
        return ShopperConsent(
            identified=True, granted=customer.marketing_consent, at=customer.marketing_consent_at
        )


@router.put(
    "/customers/{external_id}/consent",
    summary="Record a customer's marketing consent from the store's backend",
)
def put_customer_consent(
    store_id: str,
    external_id: ExternalIdPath,
    body: ConsentChange,
    _key: AdminOfStore,
    database: DatabaseDep,
) -> CustomerConsentPublic:
    """Adds to the consent history (a customer not seen yet is created); the latest `at` is
    the consent in force. Withdrawing it stops `cart.abandoned` webhooks not sent yet."""
    with database.transaction() as session:
        get_store(session, store_id)
        customer = customer_by_external_id(session, store_id, external_id, create=True)
        assert customer is not None  # created when missing
        record_consent(
            session,
            customer,
            granted=body.granted,
            source=body.source,
            at=body.at.astimezone(UTC) if body.at else None,
            wording=body.wording,
        )
        return _customer_consent(customer, consent_history(session, customer))


@router.get("/customers/{external_id}/consent", summary="Read a customer's marketing consent")
def get_customer_consent(
    store_id: str, external_id: ExternalIdPath, _key: AdminOfStore, database: DatabaseDep
) -> CustomerConsentPublic:
    """The consent in force and its whole history."""
    with database.session() as session:
        customer = customer_by_external_id(session, store_id, external_id)
        if customer is None:
            raise NotFoundError("no such customer")
        return _customer_consent(customer, consent_history(session, customer))


@router.get("/recovery/messages", summary="The audit log of cart reminders and offers")
def recovery_messages(
    store_id: str,
    _key: AdminOfStore,
    database: DatabaseDep,
    before_id: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cart_id: Annotated[str | None, Query(max_length=32)] = None,
) -> RecoveryMessagesPage:
    """Every reminder (widget) and `cart.abandoned` webhook, with its step, coupon and time,
    and whether an order followed it within the store's `recovered_window_hours`."""
    with database.session() as session:
        window = settings_of(get_store(session, store_id)).cart_recovery.recovered_window_hours
        messages = list_recovery_messages(
            session,
            store_id,
            window_hours=window,
            before_id=before_id,
            limit=limit,
            cart_id=cart_id,
        )
    next_before = messages[-1].id if len(messages) == limit else None
    return RecoveryMessagesPage(messages=messages, next_before_id=next_before)
