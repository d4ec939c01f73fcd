"""The built-in checkout page (`/checkout/{token}`): the order and a "Pay" button.

The link's token is the order's checkout secret, so the page needs no sign-in and reveals no
other order. Paying is a plain form POST (the page works without JavaScript); the token in its
path binds the form to the order, and a POST another site's page sent (by its `Origin` or
`Sec-Fetch-Site` header) is refused. The pages are HTML, outside the OpenAPI document like the
storefront and the console.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from assistant.api.checkout_html import render_checkout
from assistant.api.deps import DatabaseDep, ToolServicesDep
from assistant.checkout_payments import checkout_order, pay_order
from assistant.errors import NotFoundError, PermissionDeniedError
from tools.payments import DemoPaymentProvider

# Any string: a token of the wrong shape is "not found" like any other wrong token.
TokenPath = Annotated[str, PathParam()]
# The page carries an order and its secret link: never cached, never indexed. (The referrer
# policy stays `same-origin`: the link never leaves the site, and with `no-referrer` browsers
# send the form's POST with `Origin: null`, which the cross-site check refuses.)
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
_SAME_SITE_FETCH = frozenset({"same-origin", "none"})

router = APIRouter(include_in_schema=False)


def _pay_path(request: Request, token: str) -> str:
    return request.url_for("pay_for_order", token=token).path


def refuse_cross_site(request: Request) -> None:
    """Refuse a form another site's page submitted.

    Raises:
        PermissionDeniedError: the browser says the POST came from elsewhere.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in _SAME_SITE_FETCH:
        raise PermissionDeniedError("a payment can only be sent from its checkout page")
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
        raise PermissionDeniedError("a payment can only be sent from its checkout page")


@router.get("/checkout/{token}", response_class=HTMLResponse)
def checkout_page(
    token: TokenPath, request: Request, database: DatabaseDep, tools: ToolServicesDep
) -> HTMLResponse:
    """The order behind the link, with a "Pay" button while it can be paid."""
    order = checkout_order(database, token, tools.now())
    page = render_checkout(order, pay_action=_pay_path(request, token), outcome=None)
    return HTMLResponse(page, headers=PAGE_HEADERS)


@router.post("/checkout/{token}/pay", response_class=HTMLResponse, name="pay_for_order")
def pay_for_order(
    token: TokenPath, request: Request, database: DatabaseDep, tools: ToolServicesDep
) -> HTMLResponse:
    """Pay the order (once: a second click shows that it is already paid); 409 when it can
    no longer be paid."""
    refuse_cross_site(request)
    provider = tools.payments
    if not isinstance(provider, DemoPaymentProvider):
        # Another provider takes the money: this page must not mark orders paid.
        raise NotFoundError("this service takes payment on its provider's page")
    result = pay_order(database, provider, token, tools.now())
    page = render_checkout(
        result.order, pay_action=_pay_path(request, token), outcome=result.outcome
    )
    status_code = 409 if result.outcome == "refused" else 200
    return HTMLResponse(page, status_code=status_code, headers=PAGE_HEADERS)
