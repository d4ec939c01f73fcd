"""Live events through PostgreSQL LISTEN/NOTIFY: the default when the database is PostgreSQL,
so several API instances need nothing but the database they already share.

Each process keeps two autocommit connections outside the SQLAlchemy pool: one LISTENs on the
channel (probed every `probe_every_s` so a silently dead link is noticed), one sends
`pg_notify` after the application's transaction committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from assistant.live.bus import SUBSCRIBER_QUEUE_SIZE, BrokeredBus

CHANNEL = "sales_assistant_live"


def libpq_conninfo(database_url: str) -> str:
    """The libpq URI for a SQLAlchemy `postgresql+psycopg://` URL."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class PostgresBus(BrokeredBus):
    """LISTEN/NOTIFY on one channel; every process filters by store itself."""

    backend = "postgres"
    max_payload_bytes = 7_900  # NOTIFY refuses payloads of 8000 bytes and more
    probe_every_s = 30.0
    probe_timeout_s = 10.0
    connect_timeout_s = 5

    def __init__(
        self,
        database_url: str,
        *,
        channel: str = CHANNEL,
        subscriber_queue_size: int = SUBSCRIBER_QUEUE_SIZE,
    ) -> None:
        super().__init__(subscriber_queue_size=subscriber_queue_size)
        self._conninfo = libpq_conninfo(database_url)
        self.channel = channel
        self._sender: psycopg.AsyncConnection[tuple[object, ...]] | None = None

    def __str__(self) -> str:
        return f"postgres:{self.channel}"

    async def _connect(self, role: str) -> psycopg.AsyncConnection[tuple[object, ...]]:
        return await psycopg.AsyncConnection.connect(
            self._conninfo,
            autocommit=True,
            connect_timeout=self.connect_timeout_s,
            application_name=f"sales-assistant live {role}",
        )

    async def _listen(self) -> AsyncIterator[str]:
        connection = await self._connect("listener")
        try:
            await connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
            self._mark_listening()
            while True:
                async for notify in connection.notifies(timeout=self.probe_every_s):
                    yield notify.payload
                await asyncio.wait_for(connection.execute("SELECT 1"), self.probe_timeout_s)
        finally:
            await connection.close()

    async def _publish(self, payload: str) -> None:
        if self._sender is None or self._sender.closed:
            self._sender = await self._connect("sender")
        try:
            await self._sender.execute("SELECT pg_notify(%s, %s)", (self.channel, payload))
        except Exception:
            await self._disconnect()
            raise

    async def _disconnect(self) -> None:
        sender, self._sender = self._sender, None
        if sender is not None:
            await sender.close()
