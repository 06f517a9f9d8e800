"""Forked workers: how many processes may share work (:func:`jobs_wanted`), and a function
run in a forked child whose return value comes back pickled through a pipe (:class:`Forked`).
The page loop of :mod:`generator.build.parallel` shares its pages out with them."""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable
from typing import Any

from generator.data.parallel_load import cores, fork_safe


def jobs_wanted() -> int:
    """How many processes may share the page loop: ``COURTYARD_JOBS`` when set (1 = MkDocs'
    own build, the benchmarks' off switch), else the data loader's rule
    (:func:`generator.data.parallel_load.cores`: the cores this process may use; 1 wherever
    forking is unsafe)."""
    if not fork_safe():
        return 1
    text = os.environ.get("COURTYARD_JOBS", "").strip()
    return max(1, int(text)) if text else cores()


class ChildError(Exception):
    """The child raised (its traceback is the message) or died without an answer."""


class Forked:
    """``fn()`` running in a forked child (which inherits everything: nothing is pickled on
    the way in); :meth:`result` waits for its return value, pickled back through a pipe."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child, which never returns
            os.close(read)
            _run_child(fn, write)
        os.close(write)
        self.pid, self._fd = pid, read

    def result(self) -> Any:
        with os.fdopen(self._fd, "rb") as fh:
            data = fh.read()
        _pid, status = os.waitpid(self.pid, 0)
        if not data:
            raise ChildError(f"a worker process died (wait status {status})")
        ok, value = pickle.loads(data)
        if not ok:
            raise ChildError(value)
        return value


def _run_child(fn: Callable[[], Any], fd: int) -> None:
    status = 0
    try:
        answer: tuple[bool, Any] = (True, fn())
    except BaseException as exc:  # noqa: BLE001 - whatever it was, the parent reports it
        status = 1
        answer = (False, "".join(traceback.format_exception(exc)))
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)  # never the parent's exit handlers, atexit or finally blocks
