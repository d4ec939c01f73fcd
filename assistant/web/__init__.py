"""The shopper-facing web files: the chat widget and the demo storefront page."""
