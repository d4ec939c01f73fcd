"""The human agents' side of a handoff: the queue, taking over a conversation, canned replies,
the shopper's context, the transcript archive, and what happens when no one is available."""
