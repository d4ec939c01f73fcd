"""The built-in offline engine: a deterministic chat model that reads the shopper, calls the
tools like an LLM would, and writes replies from tool results and retrieved passages only."""
