"""Chat models that drive the loop: the offline engine, an OpenAI-compatible adapter, a script."""
