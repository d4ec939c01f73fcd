"""Analytics: what the assistant earned and where it fell short, per store and date range.

`recording` writes, going forward, what no other row records (products shown or carted in a
conversation, knowledge gaps); `conversation_metrics` and `commerce_metrics` compute the
figures defined in the README's "Analytics: definitions" from the rows; `day_figures`,
`rollups` and `rolled_report` compute them per day, keep finished days rolled up and sum a
period from them; `changes` marks the rolled-up days a write changes; `gaps` groups unanswered
questions by meaning; `charts` draws SVG.
"""
