"""Parse many data files at once: this process and forked workers share the files
(:func:`map_loaded`), and the one rule for how many processes may share work (:func:`cores`,
which ``build/forks.py``'s page loop also follows).

The C parser releases nothing, so the workers are processes; they send their files back as
plain data (:func:`generator.data.load.pack`), records would cost more to pickle than to
validate. The process-pool machinery is imported only when a load is large enough to use it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from generator.data.files import load_file
from generator.data.load import Loaded, pack, unpack

PARALLEL_THRESHOLD = 400  # below this many files a process pool costs more than it saves

T = TypeVar("T")


def fork_safe() -> bool:
    """Whether this process may fork workers: it can (``os.fork``), and no other thread runs
    (a lock one of them held at the fork would stay locked in the child, e.g. under
    ``serve``)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def cores() -> int:
    """How many processes may share work: the cores this process may use (its CPU affinity,
    which a container or ``taskset`` narrows), 1 where forking is unsafe."""
    if not fork_safe():
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _load_many(args: tuple[str, list[str], int]) -> list[Loaded]:
    root, rels, max_bytes = args
    return [load_file(root, rel, max_bytes, parents_checked=True) for rel in rels]


def _load_packed(args: tuple[str, list[str], int]) -> bytes:
    """A worker's chunk, packed for the trip back (marshal: see load.pack)."""
    return pack(_load_many(args))


def _fork_context() -> Any:
    """A fork context, or None where forking is unsafe (:func:`fork_safe`): the load is then
    serial, as spawned workers would re-import everything first. Forked workers start at once
    with everything imported."""
    if not fork_safe():
        return None
    import multiprocessing

    return multiprocessing.get_context("fork")


def load_all(root: str, rels: list[str], max_bytes: int, jobs: int | None = None) -> list[Loaded]:
    """Parse every file, in the order of ``rels`` (in parallel: see :func:`map_loaded`)."""
    return map_loaded(root, rels, max_bytes, lambda lds: lds, jobs)


def map_loaded(root: str, rels: list[str], max_bytes: int,
               then: Callable[[list[Loaded]], list[T]], jobs: int | None = None) -> list[T]:
    """Parse every file and apply ``then`` to the results, chunk by chunk, in this process;
    the results come back in the order of ``rels``.

    With ``jobs`` > 1, ``jobs - 1`` forked workers and this process share the work: the
    files are cut into chunks queued for the workers, while this process applies ``then``
    to every chunk a worker has finished and, in between, takes chunks from the back of
    the queue (cancelling each before a worker starts it) until the two ends meet. No core
    idles while another has work, and only the workers' share crosses a process boundary
    (as plain data: records would cost more to pickle than to validate)."""
    jobs = jobs if jobs is not None else cores()
    context = None if jobs <= 1 or len(rels) < PARALLEL_THRESHOLD else _fork_context()
    if context is None:
        return then(_load_many((root, rels, max_bytes)))
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(50, len(rels) // (jobs * 24))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    parts: list[list[T] | None] = [None] * len(chunks)
    pool = ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context)

    def from_worker(j: int) -> list[T]:
        try:
            lds = unpack(futures[j].result())
        except BrokenProcessPool:  # a worker died (killed, out of memory): do it here
            lds = _load_many((root, chunks[j], max_bytes))
        return then(lds)

    try:
        futures = [pool.submit(_load_packed, (root, c, max_bytes)) for c in chunks]
        done = 0  # the workers' chunks before this one have been handed to ``then``
        for i in reversed(range(len(chunks))):
            while done < i and futures[done].done():
                parts[done] = from_worker(done)
                done += 1
            if not futures[i].cancel():
                break  # a worker has it, and every chunk before it
            parts[i] = then(_load_many((root, chunks[i], max_bytes)))
        for j in range(done, len(chunks)):
            if parts[j] is None:
                parts[j] = from_worker(j)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # workers exit on their own time
    return [x for part in parts if part is not None for x in part]
