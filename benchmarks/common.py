"""Shared helpers for the benchmarks: cached synthetic communities, timing, child processes
with their peak memory, and a plain-text table.

Benchmarks compare against a floor measured in the same run, on the same files, so that the
figures mean the same on a loaded laptop and on a quiet CI machine: print ratios.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import synth

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
    command and its worker processes (through :mod:`benchmarks.rusage`, so the peak is the
    command's own, never this benchmark's)."""

    def __init__(self, argv: Sequence[str], cwd: Path = REPO,
                 env_extra: dict[str, str] | None = None, cpus: str | None = None) -> None:
        """``cpus``: run the command under ``taskset -c CPUS`` (e.g. ``"0"``: one core)."""
        env = dict(os.environ, PYTHONPATH=str(cwd) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        env.update(env_extra or {})
        prefix = ["taskset", "-c", cpus] if cpus else []
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
                tempfile.NamedTemporaryFile(suffix=".json") as usage:
            proc = subprocess.run([sys.executable, "-m", "benchmarks.rusage", usage.name, "--",
                                   *prefix, *argv], cwd=cwd, env=env, stdout=out, stderr=err,
                                  check=False)
            out.seek(0)
            err.seek(0)
            self.stdout = out.read().decode("utf-8", "replace")
            self.stderr = err.read().decode("utf-8", "replace")
            with open(usage.name, encoding="utf-8") as fh:
                got = json.load(fh)
        self.returncode = proc.returncode
        self.wall: float = got["wall"]  # measured by the go-between: no start-up of its own
        self.peak_mb: float = got["peak_mb"]
        self.cpu: float = got["cpu"]  # its workers' too, once reaped


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
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + " |" for r in cells
    ]
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
