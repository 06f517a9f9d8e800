"""schema.org JSON-LD for event and member pages, so search engines and link previews show
the date, place and status of an event and who a member is.

JSON-LD is for the open web, so it carries only what the public edition shows, whatever the
edition being built: no members-only event, no candidate, no contact field that is not public.
The JSON text is made safe to embed in ``<script type="application/ld+json">``: ``<``, ``>``
and ``&`` (and the two JavaScript line separators) are written as ``\\uXXXX`` escapes, so a
title containing ``</script>`` cannot close the element.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from generator.core import occurrences as recur
from generator.core.names import display_name
from generator.data import editions
from generator.data.community import is_all_day
from generator.exports import common

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.editions import Edition
    from generator.data.models import Event, Member
    from generator.data.plain import JSON, JSONObject

CONTEXT = "https://schema.org"
STATUS = {"scheduled": "https://schema.org/EventScheduled",
          "cancelled": "https://schema.org/EventCancelled"}
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
           "\u2029": "\\u2029"}


def script_safe(doc: JSONObject) -> str:
    """Compact, key-sorted JSON with every character that could end a script escaped.
    Those characters only ever occur inside JSON strings, where the escape means the same."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(_UNSAFE.get(ch, ch) for ch in text)


def _community(com: Community) -> JSONObject:
    return {"@type": "Organization", "name": com.charter.name,
            "url": common.site_url(com, "public")}


def _clean(doc: JSONObject) -> JSONObject:
    """Drop empty values (schema.org wants absent properties, not nulls)."""
    return {k: v for k, v in doc.items() if v not in (None, "", [], {})}


def event_doc(com: Community, ev: Event, edition: Edition) -> JSONObject | None:
    common.check_edition(edition)
    if not editions.event_visible(ev, "public"):
        return None
    start_s, end_s = _span(ev, com.event_start(ev), com.event_end(ev))
    name, address, city = common.location_parts(ev.location)
    place = None
    if ev.location is not None:
        place = _clean({"@type": "Place", "name": name or city,
                        "address": _clean({"@type": "PostalAddress", "streetAddress": address,
                                           "addressLocality": city}) if address or city else None})
    url = common.page_url(com, "event", ev.id, "public")
    return _clean({
        "@context": CONTEXT, "@type": "Event", "@id": url,
        "name": ev.title, "startDate": start_s, "endDate": end_s,
        "eventStatus": STATUS[ev.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place, "description": ev.description,
        "url": url, "organizer": _community(com),
        "maximumAttendeeCapacity": ev.capacity,
        "subEvent": _dates(com, ev, url) if ev.recurrence is not None else None,
    })


def _span(ev: Event, start: dt.datetime, end: dt.datetime) -> tuple[str, str]:
    if is_all_day(ev):
        return start.date().isoformat(), end.date().isoformat()
    return start.isoformat(), end.isoformat()


def _dates(com: Community, ev: Event, url: str) -> list[JSON]:
    """Every date of a recurring event (the RRULE minus EXDATEs, as the calendar has them),
    each an Event of its own: search engines and apps read dates, not RRULEs."""
    out: list[JSON] = []
    for h in recur.happenings(com, ev):
        start_s, end_s = _span(ev, h.start, h.end)
        out.append({"@type": "Event", "name": ev.title, "startDate": start_s,
                    "endDate": end_s, "url": url,
                    "eventStatus": STATUS["cancelled" if h.cancelled else ev.status]})
    return out


def member_doc(com: Community, m: Member, edition: Edition) -> JSONObject | None:
    common.check_edition(edition)
    if not editions.member_visible(m, "public"):
        return None
    m = editions.public_view(m, "public")  # JSON-LD always says only what the public may see
    contact = editions.visible_contact(m, "public")
    url = common.page_url(com, "member", m.id, "public")
    return _clean({
        "@context": CONTEXT, "@type": "Person", "@id": url, "name": m.name,
        "alternateName": display_name(com.charter, m), "jobTitle": m.title,
        "worksFor": {"@type": "Organization", "name": m.org},
        # an alumnus left the community: schema.org's word for a former membership
        ("alumniOf" if m.status == "alumni" else "memberOf"): _community(com),
        "address": {"@type": "PostalAddress", "addressLocality": m.city} if m.city else None,
        "knowsAbout": list(m.tags), "description": m.bio, "url": url,
        "sameAs": [f"https://github.com/{m.github}"] if m.github else None,
        "email": contact.get("email"), "telephone": contact.get("phone"),
    })


def event_jsonld(com: Community, ev: Event, edition: Edition) -> str | None:
    doc = event_doc(com, ev, edition)
    return None if doc is None else script_safe(doc)


def member_jsonld(com: Community, m: Member, edition: Edition) -> str | None:
    doc = member_doc(com, m, edition)
    return None if doc is None else script_safe(doc)
