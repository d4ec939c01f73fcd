"""Building blocks shared by the English cue tables."""

from __future__ import annotations

REF = r"(?:it|this|that|they|them|these|those|this one|that one|both|the [\w\s'-]{1,40}?)"
NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a couple|a pair)"
CART = r"(?:shopping )?(?:cart|basket|bag|trolley)"
PERSON = (
    r"(?:person|human|agent|representative|rep|someone|somebody|staff|operator|manager|supervisor"
    r"|people|employee|sales ?person|customer service|support(?: team)?|team member|human being)"
)
I_WANT = r"(?:i|we)(?: (?:want|need|would like|wanna|demand)|'d like)"

# "How much caffeine/water/space ..." asks about an amount of something, not a price.
HOW_MUCH_OF = (
    r"\bhow much (?!is\b|are\b|does\b|do\b|for\b|would\b|will\b|money\b|it\b|they\b|this\b"
    r"|that\b|these\b|those\b|the\b|a\b|an\b|to\b|in\b|of\b|shipping\b|delivery\b|postage\b"
    r"|altogether\b|in total\b|total\b|each\b|per\b|now\b|again\b|extra\b|more\b|\W|$)[a-z]+"
)

# Asking for a return, refund, exchange or cancellation to be done (not asking about the policy).
# An imperative counts when it names what was bought: "please exchange the boots from order
# TO-10012 for a size 45" (a cart is no order: swapping a size in the cart is a cart edit).
SERVICE = (
    rf"\b{I_WANT} to (?:return|send back|exchange|refund|cancel)\b|\b{I_WANT} (?:a |my )?"
    r"(?:refund|money back|replacement)\b|\b(?:cancel|refund) (?:my|the|this|our) (?:order|purchase"
    r"|item)\b|\b(?:start|open|request|process) (?:a )?(?:return|refund|exchange)\b"
    r"|(?:^|[.!?,;]\s*|\bplease,?\s+|\b(?:can|could|would) you(?: please)?\s+)(?:exchange|return"
    r"|refund|swap|replace) (?:the|my|these|those|this|that|it|them|both|order)\b[^.?!]{0,60}?"
    r"(?:\border\b|\b(?:i|we) (?:bought|ordered|received|got)\b|\bfor (?:a |an )?(?:size|"
    r"different|other|new|bigger|smaller|larger|another)\b)"
)
# A shopper asking for money off for themself: "give me 50% off", "can I get 20% off?",
# "apply my 30% staff discount". A question about a published sale ("is it still 25% off?")
# is none.
BARGAIN = (
    r"\b(?:give (?:me|us)|(?:can|could|may) (?:i|we) (?:get|have)|(?:can|could|would|will) you "
    r"(?:do|give (?:me|us)|make it|offer(?: me| us)?|let me have)|let me have|(?:i|we)(?: (?:want"
    r"|need|would like|deserve|expect)|'d like)|apply my|i should get)\b[^.?!]{0,25}?\b\d{1,3}\s*"
    r"(?:%|percent|per cent)\s*(?:off|(?:[a-z]+ )?discount|reduction)\b|\bmy (?:\d{1,3}\s*"
    r"(?:%|percent) )?"
    r"(?:staff|employee|personal|vip|special|insider|friends? and family) discount\b"
)
