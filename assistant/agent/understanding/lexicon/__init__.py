"""The built-in bilingual lexicon of generic shopping words (no store's names in it).

Store-specific words (category names, option values, attribute keys, titles) come from the
`CatalogVocabulary`; the lexicon only maps generic words, in English and Simplified Chinese,
to English concepts that are then matched against what the store calls things.
"""
