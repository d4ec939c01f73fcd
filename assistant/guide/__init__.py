"""The proactive guide: shopper events in, a grounded opener out when a store's rule fires.

events.py     what the widget (or a store's own front end) reports, validated and stored
rules.py      which of the store's rules fires on the events just stored
caps.py       what keeps the guide quiet: switched off, a person holds the chat, caps reached
facts.py      the product or cart facts an opener states (tools and retrieval only)
openers.py    the opener's text from those facts, in the shopper's language
service.py    ingest -> rules -> caps -> facts -> opener, posted into the conversation
"""
