"""The eval harness: scenario suites in YAML, a runner, metrics, reports and run comparison.

A suite (`schema.py`, `expectations.py`) is loaded with line numbers (`loader.py`), played
through a `ChatDriver` (`driver.py`) one fresh conversation per scenario trial (`runner.py`,
`trial.py`), checked (`assertions.py`, `state_checks.py`), measured (`metrics.py`) and written
out as results.json, JUnit XML and HTML (`reports/`). `compare.py` diffs two runs.
"""
