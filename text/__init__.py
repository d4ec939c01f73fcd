"""Text handling shared by every layer: language, normalisation, CJK, stemming, tokenisation.

The innermost package: it imports nothing of `assistant`, `retrieval` or `tools`. Every module
that detects a language, stems an English word or cuts Chinese into words does it here.
"""
