"""Names in a built site that more than one stage reads — the build writes them, the encrypted
edition seals around them, ``deploy`` uploads by them — and how long a host may keep them."""

from __future__ import annotations

MARKER = ".courtyard-edition"
"""At the root of every built site (:func:`generator.build.engine.write_edition_marker`): the
edition, one word and a newline (``public``, ``members``, ``members-encrypted``)."""

LOCK_DIR = "_c"
"""The encrypted members edition's own files: the sealed pages and the lock."""
LOCK_FILE = f"{LOCK_DIR}/lock.json"
"""The content key wrapped once per member in good standing."""

NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"


def sealed_cache_control(rel: str) -> str | None:
    """How long a host may keep one of the encrypted edition's own files (``rel`` relative to
    the site root), or None for any other file: the lock never (a revoked code stops at the
    next page load, not when a CDN's copy expires), the sealed files for a year (their names
    change with their content). ``python -m generator deploy`` sets it;
    content/pages/hosting.md says what to set on other hosts."""
    if rel == LOCK_FILE:
        return NO_CACHE
    if rel.startswith(LOCK_DIR + "/"):
        return IMMUTABLE
    return None
