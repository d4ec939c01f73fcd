"""Routers, one per area of the API."""
