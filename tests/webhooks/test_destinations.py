"""Webhooks never reach this machine, a private network or a metadata service unless allowed."""

import ipaddress
from collections.abc import Callable

import pytest

from assistant.config import Settings
from assistant.db import Database
from assistant.webhooks import deliver_due
from assistant.webhooks.urls import IpAddress, refusal_reason
from tests.webhooks.conftest import SECRET, Receiver, add_store, deliveries, queue_conversation


def resolving(table: dict[str, list[str]]) -> Callable[[str, int], list[IpAddress]]:
    """A resolver that answers from a table, as DNS would, without asking DNS."""

    def resolve(host: str, _port: int) -> list[IpAddress]:
        if host not in table:
            raise OSError(f"[Errno -2] Name or service not known: {host!r}")
        return [ipaddress.ip_address(address) for address in table[host]]

    return resolve


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("169.254.10.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.9", "a private address"),
        ("192.168.1.20", "a private address"),
        ("fc00::5", "a private address"),
        ("224.0.0.251", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public address"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_addresses_that_are_not_public_are_refused(address: str, reason: str | None) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) == reason


def test_a_metadata_url_fails_at_once_with_the_reason(
    database: Database, settings: Settings
) -> None:
    # Saved before the save-time check existed, or written to the table directly.
    add_store(
        database, webhook_url="https://169.254.169.254/latest/meta-data/", webhook_secret=SECRET
    )
    queue_conversation(database)

    report = deliver_due(database, settings)

    assert (report.delivered, report.retried, report.failed) == (0, 0, 1)
    [row] = deliveries(database)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error is not None
    assert "169.254.169.254 is a cloud metadata address" in row.last_error
    assert "SALES_ASSISTANT_WEBHOOK_ALLOWED_HOSTS" in row.last_error


def test_a_receiver_on_this_machine_gets_nothing_unless_listed(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    add_store(database, webhook_url=receiver.url, webhook_secret=SECRET)
    queue_conversation(database)
    unlisted = settings.model_copy(update={"webhook_allowed_hosts": []})

    assert deliver_due(database, unlisted).failed == 1
    assert receiver.requests == []
    [row] = deliveries(database)
    assert row.status == "failed"
    assert row.last_error is not None and "a loopback address" in row.last_error


def test_localhost_by_name_is_refused_after_resolving_it(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    url = f"http://localhost:{receiver.port}/hooks/sales"
    add_store(database, webhook_url=url, webhook_secret=SECRET)
    queue_conversation(database)
    unlisted = settings.model_copy(update={"webhook_allowed_hosts": []})

    assert deliver_due(database, unlisted).failed == 1
    assert receiver.requests == []


def test_a_name_with_any_private_address_is_refused(database: Database, settings: Settings) -> None:
    add_store(database, webhook_url="https://hooks.shop.test/sales", webhook_secret=SECRET)
    queue_conversation(database)
    resolver = resolving({"hooks.shop.test": ["93.184.216.34", "10.0.0.7"]})

    assert deliver_due(database, settings, resolver=resolver).failed == 1
    [row] = deliveries(database)
    assert row.last_error is not None
    assert "hooks.shop.test (10.0.0.7) is a private address" in row.last_error


def test_the_request_goes_to_the_address_that_was_checked(
    database: Database, settings: Settings, receiver: Receiver
) -> None:
    # The name is unknown to DNS: only a send that connects to the resolved address reaches
    # the receiver, and it still names the host it was sent to.
    url = f"http://hooks.shop.test:{receiver.port}/hooks/sales"
    add_store(database, webhook_url=url, webhook_secret=SECRET)
    queue_conversation(database)
    listed = settings.model_copy(update={"webhook_allowed_hosts": ["hooks.shop.test"]})
    resolver = resolving({"hooks.shop.test": ["127.0.0.1"]})

    assert deliver_due(database, listed, resolver=resolver).delivered == 1
    [request] = receiver.requests
    assert request.headers["host"] == f"hooks.shop.test:{receiver.port}"


def test_a_name_that_does_not_resolve_is_retried(database: Database, settings: Settings) -> None:
    add_store(database, webhook_url="https://gone.shop.test/sales", webhook_secret=SECRET)
    queue_conversation(database)

    report = deliver_due(database, settings, resolver=resolving({}))

    assert report.retried == 1
    [row] = deliveries(database)
    assert row.status == "pending"
    assert row.last_error is not None and "cannot resolve the webhook host" in row.last_error
