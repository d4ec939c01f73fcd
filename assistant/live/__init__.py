"""Live updates: events announced inside a transaction reach subscribers once it commits."""

from assistant.live.bus import LiveBus, MemoryBus, Subscription
from assistant.live.events import LiveEvent, announce, pending_events
from assistant.live.factory import build_live_bus
from assistant.live.publishing import attach_publisher

__all__ = [
    "LiveBus",
    "LiveEvent",
    "MemoryBus",
    "Subscription",
    "announce",
    "attach_publisher",
    "build_live_bus",
    "pending_events",
]
