"""The master secret (``COURTYARD_MASTER_SECRET``), taken out of the environment once.

The commands that need it (``build --encrypt``, ``access-code``, ``apply``) get it from
:func:`generator.build.access.master_secret`, which reads it from here. ``python -m
generator`` calls :func:`take` before it parses its arguments, so the variable is gone from
``os.environ`` before any data file or page is read: MkDocs, its hooks, templates and every
subprocess run without it, and a page that is a link to ``/proc/self/environ`` (refused by
check anyway) would find nothing. This module imports nothing heavy: it runs first.
"""

from __future__ import annotations

import os

SECRET_ENV = "COURTYARD_MASTER_SECRET"

_taken: dict[str, str] = {}  # SECRET_ENV → the value taken


def take() -> str:
    """The secret, removed from ``os.environ`` (where a caller may have set it again since:
    it is taken again); "" when it was never set."""
    value = os.environ.pop(SECRET_ENV, None)
    if value is not None:
        _taken[SECRET_ENV] = value
    return _taken.get(SECRET_ENV, "")


def start() -> None:
    """A command starts: forget any secret an earlier run in this process took, take this
    environment's."""
    _taken.clear()
    take()
