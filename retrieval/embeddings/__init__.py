"""Embedding models behind one protocol (`base.Embedder`), chosen by Settings."""
