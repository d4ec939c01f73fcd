"""Import profiles: how one kind of catalog export maps onto the catalog schema."""
