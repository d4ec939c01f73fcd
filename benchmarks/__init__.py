"""Benchmark commands (`sales-assistant bench ...`): JSON reports, never timed tests."""
