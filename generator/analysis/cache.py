"""Compute once per community object: matches and engagement are asked for by every page.

Why keyed by object identity with a weak reference: a ``Community`` is a mutable dataclass
(not hashable), and a cache must not keep a dropped community alive nor hand its results to a
new community that happens to reuse its address. ``today`` is part of the key because every
result depends on it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from generator.data.community import Community

T = TypeVar("T")

# (id, key) → (the community, its today, fn's result): results of many types, one per key
_CACHE: dict[tuple[int, str], tuple[weakref.ref[Community], dt.date | None, object]] = {}


def per_community(com: Community, key: str, fn: Callable[[], T]) -> T:
    """``fn()`` computed on first use for (``com``, ``key``), then reused while ``com`` lives
    and its ``today`` is unchanged."""
    slot = (id(com), key)
    today = getattr(com, "today", None)
    hit = _CACHE.get(slot)
    if hit is not None and hit[0]() is com and hit[1] == today:
        return cast("T", hit[2])  # made by this key's fn, which returns a T
    value = fn()
    for k in [k for k, v in _CACHE.items() if v[0]() is None]:
        del _CACHE[k]
    _CACHE[slot] = (weakref.ref(com), today, value)
    return value


def clear_cache() -> None:
    """Forget everything (tests that edit a community in place call this)."""
    _CACHE.clear()
