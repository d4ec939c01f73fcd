"""Live updates: events announced inside a transaction reach subscribers once it commits."""

from assistant.live.events import LiveEvent, announce, pending_events

__all__ = ["LiveEvent", "announce", "pending_events"]
