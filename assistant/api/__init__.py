"""The HTTP edge: FastAPI app, routes, error mapping. Nothing inward imports from here."""
