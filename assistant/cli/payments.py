"""`payments sign-event`: a signed test event for a store's payment webhook, ready to send."""

from __future__ import annotations

import shlex
import uuid
from typing import Annotated

import typer

from assistant.cli.context import console, settings

payments_app = typer.Typer(help="Payment provider webhooks.", no_args_is_help=True)


@payments_app.command("sign-event")
def sign_event(
    store: Annotated[str, typer.Option(help="The store id.")],
    secret: Annotated[str, typer.Option(help="The store's payment webhook secret.")],
    order: Annotated[str, typer.Option(help="The order number, e.g. SA-7KQ2M9XD.")],
    amount: Annotated[int, typer.Option(min=0, help="The amount in minor units (cents).")],
    currency: Annotated[str, typer.Option(help="ISO 4217 code.")] = "USD",
    event_type: Annotated[
        str, typer.Option("--type", help="payment.succeeded, payment.failed or payment.refunded.")
    ] = "payment.succeeded",
    event_id: Annotated[str | None, typer.Option("--id", help="Default: a new id.")] = None,
) -> None:
    """Print a curl command that POSTs the event, signed now, to the store's webhook."""
    from pydantic import ValidationError

    from assistant.domain.base import utcnow
    from tools.payment_events import (
        PAYMENT_SIGNATURE_HEADER,
        PaymentEvent,
        event_body,
        sign_event_body,
    )

    try:
        event = PaymentEvent.model_validate(
            {
                "id": event_id or f"evt_{uuid.uuid4().hex}",
                "type": event_type,
                "order_number": order,
                "amount_minor": amount,
                "currency": currency.upper(),
                "created_at": utcnow(),
            }
        )
    except ValidationError as error:
        problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in error.errors())
        raise typer.BadParameter(problems) from None
    body = event_body(event)
    url = f"{settings().public_base_url.rstrip('/')}/v1/stores/{store}/payments/webhook"
    header = f"{PAYMENT_SIGNATURE_HEADER}: {sign_event_body(secret, body)}"
    command = ["curl", "-sS", "-X", "POST", url, "-H", "Content-Type: application/json"]
    command += ["-H", header, "--data-binary", body.decode()]
    console.print(" ".join(shlex.quote(part) for part in command), soft_wrap=True, markup=False)
