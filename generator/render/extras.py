"""Interface between the site build and the feeds/exports (calendar, JSON API, vCards, CSV,
JSON-LD, Atom). The site build calls these; the feeds work fills them in.

All paths are relative to the generated docs directory (which MkDocs copies to the site).
Every function is deterministic: same community, same edition → same bytes.
"""

from __future__ import annotations

from typing import Any


def write_exports(com: Any, edition: str, docs_dir: str) -> list[str]:
    """Write every non-page file (calendar.ics, events/<id>.ics, api/v1/*.json, vCards,
    CSV, feed.xml …) into ``docs_dir``; return their relative paths, sorted."""
    return []


def event_links(com: Any, ev: Any, edition: str) -> dict[str, str]:
    """Links shown on an event page, e.g. {"ics": "events/<id>.ics"} (relative to docs)."""
    return {}


def calendar_links(com: Any, edition: str) -> dict[str, str]:
    """Links shown on the events page, e.g. {"ics": "calendar.ics", "webcal": "webcal://…"}."""
    return {}


def event_jsonld(com: Any, ev: Any, edition: str) -> str | None:
    """schema.org Event as a JSON string (safe to embed: no ``</``), or None."""
    return None


def member_jsonld(com: Any, m: Any, edition: str) -> str | None:
    """schema.org Person as a JSON string (public fields only), or None."""
    return None


def member_contact_card(com: Any, m: Any, edition: str) -> dict[str, str] | None:
    """{"vcf": "<relative path to .vcf>", "qr_svg": "<svg …>"} when this edition shows any of
    the member's contact fields, else None."""
    return None
