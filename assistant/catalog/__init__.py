"""The catalog format merchants upload and how it lands in the relational tables."""
