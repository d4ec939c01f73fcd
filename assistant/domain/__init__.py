"""The relational model: every table of the service, as SQLAlchemy 2.x declarative classes.

Domain modules import SQLAlchemy and pydantic only, never a vendor SDK.
"""

from assistant.domain.analytics import ConversationProduct, KnowledgeGap
from assistant.domain.analytics_days import AnalyticsDay, AnalyticsDayCount, AnalyticsStaleDay
from assistant.domain.bargaining import BargainingRule, BargainOffer
from assistant.domain.base import Base
from assistant.domain.carts import Cart, CartItem, ShopperSession
from assistant.domain.catalog import (
    AttributeDefinition,
    Category,
    Product,
    ProductRelation,
    Variant,
)
from assistant.domain.catalog_imports import CatalogImportMapping
from assistant.domain.console import CannedReply, WebhookDelivery
from assistant.domain.conversations import (
    Conversation,
    ConversationTransition,
    Feedback,
    Handoff,
    Message,
)
from assistant.domain.customers import ConsentRecord, Customer
from assistant.domain.documents import Document, IngestJob, IngestJobFile, Passage
from assistant.domain.events import Event, IdempotencyRecord
from assistant.domain.guide import GuideOpener, GuideOptOut
from assistant.domain.orders import Order, OrderLine, OrderStatusEvent
from assistant.domain.payments import PaymentEventRecord
from assistant.domain.pricing import Coupon, CouponRedemption, PriceRule
from assistant.domain.recovery import RecoveryMessage
from assistant.domain.site_sync import SitePage, SiteSyncRun, SiteSyncState
from assistant.domain.stores import ApiKey, Store

__all__ = [
    "AnalyticsDay",
    "AnalyticsDayCount",
    "AnalyticsStaleDay",
    "ApiKey",
    "AttributeDefinition",
    "BargainOffer",
    "BargainingRule",
    "Base",
    "CannedReply",
    "Cart",
    "CartItem",
    "CatalogImportMapping",
    "Category",
    "ConsentRecord",
    "Conversation",
    "ConversationProduct",
    "ConversationTransition",
    "Coupon",
    "CouponRedemption",
    "Customer",
    "Document",
    "Event",
    "Feedback",
    "GuideOpener",
    "GuideOptOut",
    "Handoff",
    "IdempotencyRecord",
    "IngestJob",
    "IngestJobFile",
    "KnowledgeGap",
    "Message",
    "Order",
    "OrderLine",
    "OrderStatusEvent",
    "Passage",
    "PaymentEventRecord",
    "PriceRule",
    "Product",
    "ProductRelation",
    "RecoveryMessage",
    "ShopperSession",
    "SitePage",
    "SiteSyncRun",
    "SiteSyncState",
    "Store",
    "Variant",
    "WebhookDelivery",
]
