"""Benchmarks: a synthetic community generator and ratio benchmarks against a floor measured
in the same run (see benchmarks/README.md). Not part of the installed package."""
