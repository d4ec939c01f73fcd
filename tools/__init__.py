"""The commerce tools: typed functions the agent calls and the REST API serves.

Each tool takes a `ToolDeps` first; its remaining parameters, annotations and Google-style
docstring are the schema a model reads. Prices, totals and stock come only from the database.
"""
