"""Compute once per community object: matches and engagement are asked for by every page.

Why keyed by object identity with a weak reference: a ``Community`` is a mutable dataclass
(not hashable), and a cache must not keep a dropped community alive nor hand its results to a
new community that happens to reuse its address. ``today`` is part of the key because every
result depends on it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_CACHE: dict[tuple[int, str], tuple[weakref.ref[Any], Any, Any]] = {}


def per_community(com: Any, key: str, fn: Callable[[], T]) -> T:
    """``fn()`` computed on first use for (``com``, ``key``), then reused while ``com`` lives
    and its ``today`` is unchanged."""
    slot = (id(com), key)
    today = getattr(com, "today", None)
    hit = _CACHE.get(slot)
    if hit is not None and hit[0]() is com and hit[1] == today:
        result: T = hit[2]
        return result
    value = fn()
    for k in [k for k, v in _CACHE.items() if v[0]() is None]:
        del _CACHE[k]
    _CACHE[slot] = (weakref.ref(com), today, value)
    return value


def clear_cache() -> None:
    """Forget everything (tests that edit a community in place call this)."""
    _CACHE.clear()
