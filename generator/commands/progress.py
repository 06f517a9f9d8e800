"""Progress on a terminal, silence in logs.

Long commands (``check`` and ``build`` on thousands of files) show a bar on standard error
when, and only when, a person is watching: the stream is a TTY, ``CI`` is not set to true, and
``--quiet`` was not given. In a CI log a redrawn bar is noise, so there it draws nothing;
``--verbose`` adds one summary line per finished stage instead.

    with Progress(len(files), "检查文件", verbosity=verbosity(args)) as bar:
        for f in files:
            ...
            bar.advance()

Redraws happen when the shown percentage changes (at most ~100 per stage), so a bar never
slows the work it reports on. No clock is read: the output depends only on the counts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Self, TextIO

QUIET, NORMAL, VERBOSE = -1, 0, 1
BAR_CELLS = 24


def add_arguments(p: argparse.ArgumentParser) -> None:
    """``-q/--quiet`` and ``-v/--verbose`` for a command (mutually exclusive)."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("-q", "--quiet", action="store_true",
                   help="print only results and errors: no progress, no hints")
    g.add_argument("-v", "--verbose", action="store_true",
                   help="also print what is being done, one line per stage")


def verbosity(args: argparse.Namespace) -> int:
    if getattr(args, "quiet", False):
        return QUIET
    return VERBOSE if getattr(args, "verbose", False) else NORMAL


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def interactive(stream: TextIO) -> bool:
    """A person is watching ``stream``: it is a terminal and we are not in CI."""
    try:
        return stream.isatty() and not in_ci()
    except (AttributeError, ValueError):  # closed or odd streams
        return False


class Progress:
    """A bar (``total`` known) or a counter (``total`` None) for one stage of work.

    ``enabled`` None means: draw when ``interactive(stream)`` and not quiet. Tests pass
    ``enabled=True`` with a StringIO to see exactly what a terminal would get."""

    def __init__(self, total: int | None, label: str, stream: TextIO | None = None,
                 enabled: bool | None = None, verbosity: int = NORMAL) -> None:
        self.total = total if total is None else max(0, total)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.verbosity = verbosity
        if enabled is None:
            enabled = verbosity > QUIET and interactive(self.stream)
        self.enabled = enabled
        self.done = 0
        self._shown: int | None = None
        self._closed = False

    def __enter__(self) -> Self:
        self._draw(force=True)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def _mark(self) -> int:
        """What the display shows: a percentage for a bar, the count for a counter."""
        if self.total is None:
            return self.done
        return 100 if self.total == 0 else min(100, self.done * 100 // self.total)

    def line(self) -> str:
        if self.total is None:
            return f"{self.label} {self.done}"
        filled = BAR_CELLS if self.total == 0 else min(BAR_CELLS,
                                                       self.done * BAR_CELLS // self.total)
        bar = "█" * filled + "░" * (BAR_CELLS - filled)
        return f"{self.label} {bar} {self.done}/{self.total} {self._mark()}%"

    def _draw(self, force: bool = False) -> None:
        if not self.enabled or self._closed:
            return
        mark = self._mark()
        if not force and mark == self._shown:
            return
        self._shown = mark
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar; with --verbose leave one summary line (also in CI logs)."""
        if self._closed:
            return
        self._closed = True
        if self.enabled:
            self.stream.write("\r\x1b[K")
        if self.verbosity >= VERBOSE:
            total = "" if self.total is None else f"/{self.total}"
            self.stream.write(f"{self.label}: {self.done}{total}\n")
        self.stream.flush()


class Log:
    """Hints and stage notes on standard error, by verbosity: ``info`` unless --quiet,
    ``detail`` only with --verbose. Results go to standard output, never here."""

    def __init__(self, verbosity: int = NORMAL, stream: TextIO | None = None) -> None:
        self.verbosity = verbosity
        self.stream = stream if stream is not None else sys.stderr

    def info(self, text: str) -> None:
        if self.verbosity > QUIET:
            self.stream.write(text + "\n")

    def detail(self, text: str) -> None:
        if self.verbosity >= VERBOSE:
            self.stream.write(text + "\n")


@contextlib.contextmanager
def loading(verbosity: int) -> Iterator[Callable[[int, int], None]]:
    """A bar over the files a command loads (on a terminal only): yields the ``on_files(done,
    total)`` callback the loader calls."""
    with Progress(None, "loading", verbosity=verbosity) as bar:
        def on_files(done: int, total: int) -> None:
            bar.total = total
            bar.done = done
            bar.advance(0)

        yield on_files
