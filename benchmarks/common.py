"""Shared helpers for the benchmarks: cached synthetic communities, timing, child processes
with their peak memory, and a plain-text table.

Benchmarks compare against a floor measured in the same run, on the same files, so that the
figures mean the same on a loaded laptop and on a quiet CI machine: print ratios.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import synth

OUT = Path(__file__).resolve().parent / "out"  # gitignored
REPO = synth.REPO


def community(members: int, seed: int = 0, **counts: Any) -> Path:
    """A synthetic community in ``benchmarks/out/``, generated once and then reused."""
    extra = "".join(f"-{k}{v}" for k, v in sorted(counts.items()) if v is not None)
    root = OUT / f"m{members}-s{seed}{extra}"
    t = time.perf_counter()
    made = not (root / synth.MARKER).is_file()
    synth.generate(root, members, seed, reuse=True, **counts)
    if made:
        print(f"generated {root.relative_to(REPO)} in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)
    return root


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    """Smallest wall time of ``repeat`` calls: the run least disturbed by the machine."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


class Child:
    """Run a command to completion: wall time, exit status, output, and the peak RSS of the
    command and its worker processes."""

    def __init__(self, argv: Sequence[str], cwd: Path = REPO) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            t = time.perf_counter()
            proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=out, stderr=err)
            # wait4 gives this child's own rusage; on Linux its ru_maxrss is the largest
            # resident set in the child's tree (its reaped workers included)
            _pid, status, usage = os.wait4(proc.pid, 0)
            self.wall = time.perf_counter() - t
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            self.stdout = out.read().decode("utf-8", "replace")
            self.stderr = err.read().decode("utf-8", "replace")
        self.returncode = proc.returncode
        self.peak_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        self.cpu = usage.ru_utime + usage.ru_stime  # its workers' too, once reaped


def best_child(repeat: int, argv: Sequence[str]) -> Child:
    """The fastest of ``repeat`` runs of a command; every run must succeed the same way."""
    runs = [Child(argv) for _ in range(repeat)]
    for r in runs:
        if r.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return min(runs, key=lambda r: r.wall)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (pastes into README.md as it is)."""
    cells = [[str(h) for h in header]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def load() -> str:
    """The 1-, 5- and 15-minute load averages, for the record next to the figures."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not available on this platform
        return "n/a"


def wait_quiet(limit: float, below: float = 0.5) -> None:
    """Wait (at most ``limit`` seconds) until the 1-minute load average is below ``below``."""
    end = time.monotonic() + limit
    while os.getloadavg()[0] >= below and time.monotonic() < end:
        time.sleep(5)
