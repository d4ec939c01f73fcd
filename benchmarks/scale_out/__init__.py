"""Benchmarks of several API instances behind nginx (`deploy/scale-out/run.sh`)."""
