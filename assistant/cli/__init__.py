"""The `sales-assistant` command line."""
