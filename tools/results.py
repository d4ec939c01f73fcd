"""Typed results for recoverable problems: what went wrong and what to do next.

A tool returns a `ToolError` instead of raising when the caller can act on it (unknown SKU, out
of stock, expired coupon, a quantity past the limit). The agent reads it as data; the REST layer
turns it into the matching error of `assistant.errors` with `to_exception`, so a client gets a
4xx with the same explanation and never a 500.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import BaseModel, Field

from assistant.domain.money import Money
from assistant.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    SalesAssistantError,
)

ResultT = TypeVar("ResultT")

ErrorCode = Literal[
    "unknown_sku",
    "product_not_found",
    "out_of_stock",
    "invalid_quantity",
    "quantity_over_limit",
    "cart_full",
    "not_in_cart",
    "empty_cart",
    "unknown_coupon",
    "coupon_not_started",
    "coupon_expired",
    "coupon_min_spend",
    "coupon_exhausted",
    "coupon_customer_limit",
    "coupon_wrong_currency",
    "coupon_other_cart",
    "customer_not_identified",
    "order_not_found",
    "session_unavailable",
    "invalid_arguments",
    "conflict",
    "personalisation_off",
]

_EXCEPTIONS: dict[str, type[SalesAssistantError]] = {
    "unknown_sku": NotFoundError,
    "product_not_found": NotFoundError,
    "not_in_cart": NotFoundError,
    "unknown_coupon": NotFoundError,
    "order_not_found": NotFoundError,
    "out_of_stock": ConflictError,
    "empty_cart": ConflictError,
    "conflict": ConflictError,
    "customer_not_identified": PermissionDeniedError,
    "personalisation_off": PermissionDeniedError,
    "session_unavailable": AuthenticationError,
}


class Alternative(BaseModel):
    """Something the shopper could take instead: another option of the product or a similar one."""

    sku: str
    product_id: int
    title: str
    options: dict[str, str] = Field(default_factory=dict)
    price: Money
    available: int = Field(description="Units that can ship now.")
    reason: Literal["other_option", "similar_product"]


class ToolError(BaseModel):
    """A problem the caller can recover from, with the next step to take."""

    ok: Literal[False] = False
    code: ErrorCode
    message: str = Field(description="What is wrong, in one sentence a shopper could read.")
    next_step: str = Field(description="What to do next, e.g. 'call search_products first'.")
    alternatives: list[Alternative] = Field(default_factory=list)
    suggestions: list[str] = Field(
        default_factory=list, description="Close matches, e.g. SKUs that look like the one given."
    )

    def to_exception(self) -> SalesAssistantError:
        """The error of the project's hierarchy that carries this problem to an API client."""
        error_class = _EXCEPTIONS.get(self.code, InvalidInputError)
        details = self.model_dump(
            mode="json", exclude={"ok", "code", "message"}, exclude_defaults=True
        )
        details["reason"] = self.code
        details["next_step"] = self.next_step
        return error_class(self.message, details=details)


def unwrap(result: ResultT | ToolError) -> ResultT:
    """The result, or the matching project error when it is a `ToolError` (for the REST edge)."""
    if isinstance(result, ToolError):
        raise result.to_exception()
    return result
