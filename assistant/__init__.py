"""sales-assistant: a self-hostable sales assistant for online shops."""

__version__ = "0.1.0"
