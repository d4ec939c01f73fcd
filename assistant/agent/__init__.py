"""The agent: one loop over the tools and retrieval, driven by either brain."""
