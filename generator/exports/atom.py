"""The Atom feed (RFC 4287) ``feed.xml``: board posts still open and upcoming events, for feed
readers and for anyone who wants a "what's new" without opening WeChat.

Built with the standard library's ElementTree (which escapes every value) — no string
templates. Every date comes from the data or the build date: a post's ``posted``, an event's
``updated`` (else its start), never later than the build date, so the same data always gives
the same bytes. Entry ids are tag URIs
(RFC 4151) built from the site's domain, a fixed date and the record id, so they survive a
change of title, date or page layout.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, NotRequired, TypedDict

from generator.core import occurrences as recur
from generator.data import editions, kinds
from generator.data.community import is_all_day
from generator.exports import common
from generator.i18n import dynamic
from generator.i18n import exports as labels

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.editions import Edition
    from generator.data.models import Event
    from generator.i18n.keys import Key

ATOM = "http://www.w3.org/2005/Atom"
MAX_POSTS = 50
MAX_EVENTS = 50
TAG_DATE = "2000-01-01"

ET.register_namespace("", ATOM)


def _post_type(com: Community, value: str) -> str:
    key = dynamic("feeds.post.", value, optional=True)
    return kinds.label(com.charter, "post_types", value, labels.lang(com), key)

def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        el.text = text
    return el


def tag_uri(com: Community, kind: str, ident: str) -> str:
    return f"tag:{common.site_domain(com)},{TAG_DATE}:{kind}/{ident}"


def _stamp(com: Community, day: dt.date | dt.datetime) -> str:
    """RFC 3339 in the charter's zone, seconds precision."""
    value = day if isinstance(day, dt.datetime) else common.local_midnight(com, day)
    return value.astimezone(com.tz).isoformat(timespec="seconds")



class _Entry(TypedDict):
    """One entry of the feed (an event's next date, or a board post)."""

    id: str
    title: str
    updated: str
    published: NotRequired[str]
    link: str
    category: str
    summary: str
    author: str | None


def _when(com: Community, h: recur.Happening, all_day: bool) -> str:
    if all_day:
        last = (h.end - dt.timedelta(days=1)).date()
        return h.date.isoformat() + ("" if last == h.date else f" – {last.isoformat()}")
    end = h.end.strftime("%H:%M") if h.end.date() == h.start.date() else \
        h.end.strftime("%Y-%m-%d %H:%M")
    return f"{h.start.strftime('%Y-%m-%d %H:%M')}–{end}"


def _event_updated(com: Community, ev: Event) -> dt.date:
    """When an event entry last changed, never after the build date: the event's ``updated``
    (set it when you edit an event, so feed readers show the change), else its start, but
    never later than the build date: an entry dated in the future is wrong, and readers sort
    it first (an event without ``updated`` ahead of its start carries the build date)."""
    day = ev.updated or com.event_start(ev).date()
    return min(day, com.today)


def _entries(com: Community, ed: editions.Edition) -> list[_Entry]:
    out: list[_Entry] = []
    upcoming = []
    for ev in editions.events(com, ed):
        nxt = recur.next_happening(com, ev, com.today)
        if nxt is not None:
            upcoming.append((nxt.start, ev.id, ev, nxt))
    for _s, _i, ev, h in sorted(upcoming, key=lambda t: (t[0], t[1]))[:MAX_EVENTS]:
        lines = [labels.text(com, "feeds.event-when", when=_when(com, h, is_all_day(ev)))]
        where = common.location_text(ev.location)
        if where:
            lines.append(labels.text(com, "feeds.event-where", where=where))
        if ev.description:
            lines += ["", ev.description.strip()]
        title = labels.text(com, "feeds.event-entry", title=ev.title)
        if h.cancelled:
            title += labels.text(com, "feeds.event-cancelled")
        out.append({"id": tag_uri(com, "event", ev.id), "title": title,
                    "updated": _stamp(com, _event_updated(com, ev)),
                    "link": common.page_url(com, "event", ev.id, ed), "category": ev.kind,
                    "summary": "\n".join(lines), "author": None})
    posts = sorted(editions.board(com, ed), key=lambda p: (p.posted, p.id), reverse=True)
    for p in posts[:MAX_POSTS]:
        owner = com.members.get(p.owner)
        out.append({"id": tag_uri(com, "board", p.id),
                    "title": f"[{_post_type(com, p.type)}] {p.title}",
                    "updated": _stamp(com, p.posted), "published": _stamp(com, p.posted),
                    "link": common.page_url(com, "post", p.id, ed), "category": p.type,
                    "summary": (p.description or p.title).strip(),
                    "author": owner.name if owner is not None else None})
    return out


def feed_bytes(com: Community, edition: Edition) -> bytes:
    ed = common.check_edition(edition)
    entries = _entries(com, ed)
    root = ET.Element(_q("feed"), {"xml:lang": labels.text(com, "feeds.lang-tag")})
    key: Key = "feeds.feed" if ed == "public" else "feeds.feed.members"
    _sub(root, "id", tag_uri(com, "feed", ed))
    _sub(root, "title", labels.text(com, key, name=com.charter.name))
    fallback = _stamp(com, com.charter.founded or com.today)
    _sub(root, "updated", max((e["updated"] for e in entries), default=fallback))
    _sub(root, "link", rel="self", type="application/atom+xml",
         href=common.absolute(com, common.FEED, ed))
    _sub(root, "link", rel="alternate", type="text/html", href=common.site_url(com, ed))
    author = _sub(root, "author")
    _sub(author, "name", com.charter.name)
    _sub(author, "uri", common.site_url(com, ed))
    _sub(root, "generator", "Courtyard")
    for e in entries:
        el = _sub(root, "entry")
        _sub(el, "id", e["id"])
        _sub(el, "title", e["title"])
        _sub(el, "updated", e["updated"])
        if e.get("published"):
            _sub(el, "published", e["published"])
        _sub(el, "link", rel="alternate", type="text/html", href=e["link"])
        _sub(el, "category", term=e["category"])
        if e["author"]:
            _sub(_sub(el, "author"), "name", e["author"])
        _sub(el, "summary", e["summary"], type="text")
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def files(com: Community, edition: Edition) -> list[tuple[str, bytes]]:
    return [(common.FEED, feed_bytes(com, edition))]
