"""Personal recommendations, the shopper's own switch (identified customers only).

On by default for an identified customer; turning them off takes effect from the next message:
the assistant stops greeting by name, reading their sizes and suggesting from their history.
Every change is kept in the customer's consent history (kind "personalisation").
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assistant.api.deps import DatabaseDep, ToolServicesDep
from assistant.api.shopper_auth import ShopperDep, error_responses
from assistant.domain import Customer
from assistant.errors import PermissionDeniedError
from tools.personal import change_personalisation

router = APIRouter(prefix="/v1/stores/{store_id}", tags=["recommendations"])


class PersonalisationPublic(BaseModel):
    """Whether suggestions may use this shopper's purchase history."""

    identified: bool = Field(description="Only identified customers get personal suggestions.")
    enabled: bool
    changed_at: datetime | None = None


class PersonalisationChange(BaseModel):
    """The shopper's choice."""

    enabled: bool


def _public(customer: Customer | None) -> PersonalisationPublic:
    if customer is None:
        return PersonalisationPublic(identified=False, enabled=False)
    return PersonalisationPublic(
        identified=True,
        enabled=not customer.personalisation_opt_out,
        changed_at=customer.personalisation_changed_at,
    )


@router.get(
    "/personalisation",
    summary="Whether suggestions use the shopper's purchase history",
    responses=error_responses(401, 403),
)
def shopper_personalisation(shopper: ShopperDep, database: DatabaseDep) -> PersonalisationPublic:
    """Off for an anonymous shopper; on for an identified customer unless they turned it off."""
    if shopper.customer_id is None:
        return _public(None)
    with database.session() as session:
        return _public(session.get(Customer, shopper.customer_id))


@router.put(
    "/personalisation",
    summary="Turn personal suggestions on or off from the widget",
    responses=error_responses(401, 403, 422),
)
def change_shopper_personalisation(
    body: PersonalisationChange, shopper: ShopperDep, tools: ToolServicesDep
) -> PersonalisationPublic:
    """Recorded with the time and the source "widget"; the next message already honours it."""
    if shopper.customer_id is None:
        raise PermissionDeniedError("only an identified customer has personal suggestions")
    with tools.database.transaction() as session:
        customer = session.get(Customer, shopper.customer_id)
        if customer is None:
            raise PermissionDeniedError("only an identified customer has personal suggestions")
        change_personalisation(
            session, customer, enabled=body.enabled, source="widget", at=tools.now()
        )
        return _public(customer)
