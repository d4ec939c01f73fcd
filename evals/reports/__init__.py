"""Run reports: results.json (the record), JUnit XML (for CI), HTML (for people), console tables."""
