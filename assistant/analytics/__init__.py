"""Analytics: what the assistant earned and where it fell short, per store and date range.

`recording` writes, going forward, what no other row records (products shown or carted in a
conversation, knowledge gaps); `metrics` computes the figures defined in the README's
"Analytics: definitions"; `gaps` groups unanswered questions by meaning; `charts` draws SVG.
"""
