"""Benchmark tooling for `make bench`: not part of the product, not installed in its image."""
