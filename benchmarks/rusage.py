"""Run one command and report its wall time and resources, measured from a small process.

    python -m benchmarks.rusage OUT.json -- COMMAND [ARG …]

Why a go-between: Linux keeps a process's peak resident set across ``fork`` and ``exec``
(a forked child starts with its parent's high-water mark, and ``exec`` keeps the larger of
the old and the new), so a command started straight from a benchmark that has just built a
10,000-member site in memory reports the *benchmark's* peak, not its own. This process is
started fresh, stays small, and forks the command itself, so ``wait4`` gives the peak RSS
of the command and its reaped workers only. Exits with the command's status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    out, sep, *command = argv
    if sep != "--" or not command:
        raise SystemExit(__doc__)
    t = time.perf_counter()
    proc = subprocess.Popen(command)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    kib = 1024 * 1024 if sys.platform == "darwin" else 1024
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"wall": wall, "peak_mb": usage.ru_maxrss / kib,
                   "cpu": usage.ru_utime + usage.ru_stime,
                   "own_peak_mb": _own_peak_mb(kib)}, fh)
    return os.waitstatus_to_exitcode(status)


def _own_peak_mb(kib: int) -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
