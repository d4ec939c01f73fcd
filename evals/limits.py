"""Bounds of an eval run, read by the CLI's options without loading the runner."""

MAX_REPEAT = 100
MAX_JOBS = 64
