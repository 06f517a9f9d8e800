"""Fuzzing the charter and every command people type (issue 23 item 6): a hostile
content/charter.yml, or hostile texts and flags for ``report``, ``digest``, ``jielong``,
``roster``, ``apply`` and ``access-code``, never end in a traceback — every failure is a
problem or a usage/configuration error (exit 1 or 2) and leaves every file as it was.

The suite runs a fixed (derandomised) few dozen runs per target; ``python -m benchmarks.fuzz
--targets commands`` runs 10,000 per target and reports the slowest (tests/fuzz_commands.py
holds the strategies and the harness for both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fuzz_commands import TARGETS, Harness, Outcome, examples
from hypothesis import HealthCheck, given, settings

COUNT = {"charter": 30, "report": 15, "digest": 15, "jielong": 25, "roster": 25, "apply": 30,
         "access-code": 20}


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    try:
        yield h
    finally:
        h.close()


@pytest.mark.parametrize("target", TARGETS)
def test_no_input_makes_a_command_raise(harness: Harness, target: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    @settings(max_examples=COUNT[target], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(run=examples(harness, target))
    def check(run: Callable[..., Outcome]) -> None:
        outcome = run(setenv=monkeypatch.setenv)
        assert outcome.code in (0, 1, 2)

    check()
