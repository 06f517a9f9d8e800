"""Shared pieces of every export: site URLs, page paths, edition checks, stable serialisation
and a writer that refuses to write the same path twice.

Why one module: the calendar, the API, the vCards, the Atom feed and the JSON-LD all name the
same pages and the same site, so a page path or a URL rule lives here once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from generator.data.editions import EDITIONS, Edition

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Location
    from generator.data.plain import JSON

# Where the site build puts each entity's page, relative to the docs directory and with
# MkDocs' directory URLs (docs/members/<id>.md → members/<id>/).
PAGE_PATHS = {
    "member": "members/{id}/",
    "event": "events/{id}/",
    "post": "board/{id}/",
    "media": "media/{id}/",
    "client": "clients/{id}/",
}

# Files written by the exports, relative to the docs directory.
CALENDAR = "calendar.ics"
EVENT_ICS = "events/{id}.ics"
FEED = "feed.xml"
API_DIR = "api/v1"
CONTACTS = "contacts.vcf"
CONTACT_VCF = "contacts/{id}.vcf"
MEMBERS_CSV = "exports/members.csv"
EVENTS_CSV = "exports/events.csv"
LEDGER_CSV = "exports/ledger.csv"


def check_edition(edition: str) -> Edition:
    """The edition as a typed value; anything else is a programming error, not a user's."""
    for e in EDITIONS:
        if edition == e:
            return e
    raise ValueError(f"unknown edition {edition!r}; expected one of {', '.join(EDITIONS)}")


def site_url(com: Community, edition: Edition) -> str:
    """Base URL of the edition's site, ending in one slash: the charter's ``site.url``; for
    the members edition its ``site.members_url`` when set (the members site lives elsewhere,
    behind access control), else ``site.url`` so links still reach the public pages."""
    site = com.charter.site
    url = site.members_url if edition == "members" and site.members_url else site.url
    return str(url).strip().rstrip("/") + "/"


def subscribable(com: Community, edition: Edition) -> bool:
    """Whether the edition has an address of its own to subscribe to: the members calendar
    must never be a link to the public one (it would lack the members-only events)."""
    return edition == "public" or bool(com.charter.site.members_url)


def site_domain(com: Community) -> str:
    """Host name of the public site: calendar and vCard UIDs use it in both editions, so the
    same event is the same event in a phone that sees both."""
    return urlsplit(site_url(com, "public")).hostname or "localhost"


def absolute(com: Community, rel: str, edition: Edition) -> str:
    """Absolute URL of a docs-relative path in the edition's site."""
    return site_url(com, edition) + rel.lstrip("/")


def webcal(com: Community, rel: str, edition: Edition) -> str:
    """The webcal:// form of a file's URL: calendar apps subscribe to it instead of
    importing a copy once."""
    url = absolute(com, rel, edition)
    return "webcal://" + url.split("://", 1)[1] if "://" in url else "webcal://" + url


def page(kind: str, ident: str) -> str:
    return PAGE_PATHS[kind].format(id=ident)


def page_url(com: Community, kind: str, ident: str, edition: str) -> str:
    # edition is a str only for exports/vcard.py, which passes its own (being rewritten):
    # make it an Edition, without the cast, once vcard's are typed
    return absolute(com, page(kind, ident), cast("Edition", edition))


def json_bytes(obj: JSON) -> bytes:
    """Stable JSON: sorted keys, real Chinese characters, two-space indent, final newline."""
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def local_midnight(com: Community, day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in the charter's time zone."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=com.tz)


def iso_local(com: Community, value: dt.date | dt.datetime) -> str:
    """ISO 8601 in the charter's zone: dates stay dates, date-times carry their offset
    (``2026-01-15T19:30:00+08:00``)."""
    if isinstance(value, dt.datetime):
        aware = value.replace(tzinfo=com.tz) if value.tzinfo is None else value.astimezone(com.tz)
        return aware.isoformat()
    return value.isoformat()


def location_parts(loc: str | Location | None) -> tuple[str | None, str | None, str | None]:
    """(name, address, city) of an event location written as text or as a mapping."""
    if loc is None:
        return None, None, None
    if isinstance(loc, str):
        return loc, None, None
    return loc.name, loc.address, loc.city


def location_text(loc: str | Location | None) -> str | None:
    """One line for calendar apps: "name, address, city" without repeats."""
    parts: list[str] = []
    for p in location_parts(loc):
        if p and p not in parts:
            parts.append(p)
    return ", ".join(parts) or None


class Output:
    """Writes files under the docs directory. Writing one path twice is a bug (two exports
    would silently overwrite each other), so it raises instead."""

    def __init__(self, docs_dir: str) -> None:
        self.docs_dir = docs_dir
        self._written: set[str] = set()

    def write(self, rel: str, data: bytes) -> None:
        if rel in self._written:
            raise RuntimeError(f"export path written twice: {rel}")
        self._written.add(rel)
        path = os.path.join(self.docs_dir, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)

    def write_all(self, files: Iterable[tuple[str, bytes]]) -> None:
        for rel, data in files:
            self.write(rel, data)

    @property
    def paths(self) -> list[str]:
        return sorted(self._written)
