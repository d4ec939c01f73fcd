"""Signed webhooks to the merchant's URL: queued in the caller's transaction, sent by a job.

`outbox` queues deliveries with the change they report, `delivery` sends the due ones, `signing`
signs them (and holds the check a receiver runs), `urls` decides where they may go.
"""

from assistant.webhooks.delivery import DeliveryReport, deliver_due, retry_delay, webhook_body
from assistant.webhooks.outbox import (
    WebhookEvent,
    enqueue_order_paid_webhook,
    enqueue_queued_webhook,
    enqueue_ticket_webhook,
    enqueue_webhook,
)
from assistant.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    new_webhook_secret,
    sign,
    signature_header,
    signature_problem,
    verify_signature,
)
from assistant.webhooks.urls import check_webhook_destination, check_webhook_url

__all__ = [
    "DELIVERY_HEADER",
    "EVENT_HEADER",
    "SIGNATURE_HEADER",
    "DeliveryReport",
    "WebhookEvent",
    "check_webhook_destination",
    "check_webhook_url",
    "deliver_due",
    "enqueue_order_paid_webhook",
    "enqueue_queued_webhook",
    "enqueue_ticket_webhook",
    "enqueue_webhook",
    "new_webhook_secret",
    "retry_delay",
    "sign",
    "signature_header",
    "signature_problem",
    "verify_signature",
    "webhook_body",
]
