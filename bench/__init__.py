"""Benchmarks run by `make bench`; each module renders one section of docs/benchmarks.md."""
