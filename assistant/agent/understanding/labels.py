"""The closed sets the understanding layer answers with: intents, policy topics, sort orders."""

from __future__ import annotations

from typing import Literal, get_args

Intent = Literal[
    "greeting",
    "thanks",
    "goodbye",
    "product_search",
    "product_question",
    "stock_question",
    "price_question",
    "add_to_cart",
    "update_quantity",
    "remove_from_cart",
    "view_cart",
    "apply_coupon",
    "checkout",
    "order_status",
    "policy_question",
    "human_request",
    "complaint",
    "recommendation",
    "off_topic",
    "unknown",
]
PolicyTopic = Literal[
    "returns",
    "shipping",
    "warranty",
    "privacy",
    "payment",
    "sizing",
    "discounts",
    "contact",
    "care",
]
Sort = Literal["price_asc", "price_desc", "weight_asc", "best"]
ServiceRequest = Literal["return", "refund", "exchange", "cancel"]
Confirmation = Literal["yes", "no"]
# Why a message itself needs a person: the shopper asks for one, or complains.
HandoffCause = Literal["human_request", "complaint"]

INTENTS: tuple[Intent, ...] = get_args(Intent)
POLICY_TOPICS: tuple[PolicyTopic, ...] = get_args(PolicyTopic)
