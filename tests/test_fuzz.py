"""Fuzzing the loader and ``check`` (issue 14): hostile documents of every kind never raise,
never turn into an ``internal`` problem (a crash inside a rule) and never take 2 s.

The suite runs a fixed (derandomised) sample of a few hundred documents per kind, so it
fails the same way on every machine; ``python -m benchmarks.fuzz`` runs 10,000 random ones
per kind and reports the slowest.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fuzzing import Harness, documents
from hypothesis import HealthCheck, given, settings

from generator.data.models import KINDS


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    try:
        yield h
    finally:
        h.close()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_document_breaks_the_loader_or_the_rules(harness: Harness, kind: str) -> None:
    @settings(max_examples=150, deadline=2000, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=documents(kind))
    def run(data: bytes) -> None:
        for p in harness.exercise(kind, data):
            assert p.line >= 1 and p.column >= 1 and p.file
            assert "\x1b" not in p.message("en") and "\x00" not in p.message("zh")

    run()
