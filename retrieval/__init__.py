"""Merchant ingestion and hybrid retrieval with citations; see retrieval/README.md.

The entry point is `retrieval.knowledge.KnowledgeBase`; results are `retrieval.results`. This
package file imports nothing, so light modules (`retrieval.tokens`) stay light to import.
"""
