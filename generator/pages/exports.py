"""Interface between the site build and the feeds/exports (calendar, JSON API, vCards, CSV,
JSON-LD, Atom). The site build calls these; the work lives in ``generator.exports``.

All paths are relative to the generated docs directory (which MkDocs copies to the site).
Every function is deterministic: same community, same edition → same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.data import editions
from generator.exports import api, atom, common, csv_export, ical, jsonld, vcard

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.editions import Edition
    from generator.data.models import Event, Member

EXPORTERS = (ical, api, vcard, csv_export, atom)


def write_exports(com: Community, edition: Edition, docs_dir: str) -> list[str]:
    """Write every non-page file (calendar.ics, events/<id>.ics, api/v1/*.json, vCards,
    CSV, feed.xml …) into ``docs_dir``; return their relative paths, sorted."""
    common.check_edition(edition)
    out = common.Output(docs_dir)
    for module in EXPORTERS:
        out.write_all(module.files(com, edition))
    return out.paths


def event_links(com: Community, ev: Event, edition: Edition) -> dict[str, str]:
    """Links shown on an event page: {"ics": "events/<id>.ics"} (relative to docs), or {}
    when the edition does not show the event."""
    if not editions.event_visible(ev, common.check_edition(edition)):
        return {}
    return {"ics": common.EVENT_ICS.format(id=ev.id)}


def calendar_links(com: Community, edition: Edition) -> dict[str, str]:
    """Links shown on the events page: "ics" (download, docs-relative), "webcal"
    (subscribe, absolute webcal:// URL), "url" (absolute https URL of the same file, for
    apps that ask for one), "feed" (Atom) and "api" (events JSON), both docs-relative.
    The members edition has "webcal" and "url" only when the charter gives its address
    (``site.members_url``)."""
    ed = common.check_edition(edition)
    out = {"ics": common.CALENDAR, "feed": common.FEED, "api": f"{common.API_DIR}/events.json"}
    if common.subscribable(com, ed):  # never subscribe members to the public calendar
        out["webcal"] = common.webcal(com, common.CALENDAR, ed)
        out["url"] = common.absolute(com, common.CALENDAR, ed)
    return out


def event_jsonld(com: Community, ev: Event, edition: Edition) -> str | None:
    """schema.org Event as a JSON string (safe to embed: no ``</``), or None."""
    return jsonld.event_jsonld(com, ev, edition)


def member_jsonld(com: Community, m: Member, edition: Edition) -> str | None:
    """schema.org Person as a JSON string (public fields only), or None."""
    return jsonld.member_jsonld(com, m, edition)


def member_contact_card(com: Community, m: Member, edition: Edition) -> dict[str, str] | None:
    """{"vcf": "<relative path to .vcf>", "qr_svg": "<svg …>"} when this edition shows any of
    the member's contact fields, else None."""
    svg = vcard.qr_svg(com, m, edition)
    if svg is None:
        return None
    return {"vcf": common.CONTACT_VCF.format(id=m.id), "qr_svg": svg}
