"""Guards the loop applies whatever brain drives it, each a small named unit.

- `input`: attempts to override the assistant get a refusal written in code (`InjectionGuard`).
- `passages`: text in retrieved documents that addresses the assistant, and links that are not
  the store's own, never reach a brain or a shopper (`PassageGuard`, `LinkPolicy`).
- `grounding`: every figure in a reply comes from this turn's evidence.
- `limits`: model calls and tool calls per turn (`TurnGuard`).
- `tool_errors`: a tool that raises becomes a typed tool error the brain sees (`ToolErrorGuard`).
- `streak`: unhelpful turns in a row hand the conversation to a person.
"""
