"""Spreadsheets for the members edition: exports/members.csv (status, circle, sponsor, joined,
this year's dues and attendance) and exports/events.csv (one row per event, or per occurrence
of a recurring event, with who attended).

Excel on Chinese Windows reads CSV as GBK unless the file starts with a UTF-8 byte-order mark,
so the files are UTF-8 with a BOM and CRLF line ends. Cells that Excel would run as a formula
(starting with = + - @ or a control character) are prefixed with an apostrophe, Excel's own
"this is text" mark (OWASP's advice against CSV injection); readers strip it with ``unguard``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.checks.events import attendance_by_year
from generator.core import occurrences as recur
from generator.core.ledger import dues_year
from generator.core.names import display_name
from generator.data import editions
from generator.data.kinds import kind_label
from generator.exports import common
from generator.i18n import dynamic
from generator.i18n import exports as labels

if TYPE_CHECKING:
    from generator.core.ledger import DuesYear
    from generator.data.community import Community
    from generator.data.editions import Edition
    from generator.data.models import Member
    from generator.i18n.keys import Key

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | None
Row = dict[str, Cell]  # column key → value

# (column, the catalogue key of its title), in order
MEMBER_COLUMNS: list[tuple[str, Key]] = [(c, dynamic("csv.member.", c)) for c in (
    "id", "name", "display_name", "org", "title", "circle", "status", "founder", "sponsor",
    "sponsor_name", "joined", "left", "city", "tags", "wechat", "phone", "email", "dues_year",
    "dues_status", "dues_paid", "dues_amount", "events_attended")]
EVENT_COLUMNS: list[tuple[str, Key]] = [(c, dynamic("csv.event.", c)) for c in (
    "id", "date", "start", "end", "title", "kind", "audience", "status", "location", "capacity",
    "organizers", "rsvp_count", "attended_count", "attended", "attended_ids")]


def header(com: Community, columns: list[tuple[str, Key]]) -> list[str]:
    """Column titles in the charter's language."""
    return [labels.text(com, key) for _column, key in columns]


def guard(value: Cell) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard(text: str) -> str:
    """Undo ``guard`` (for programs reading the CSV back)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def to_csv(com: Community, columns: list[tuple[str, Key]], rows: Iterable[Row]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header(com, columns))
    for row in rows:
        w.writerow([guard(row.get(column)) for column, _key in columns])
    return buf.getvalue().encode("utf-8-sig")


def dues_status(com: Community, m: Member, year: int) -> tuple[str, DuesYear | None]:
    """(state, the ledger's record or None) for ``year``: paid, partial (less than the dues),
    due (not paid, within the charter's grace period), overdue (past it), or none (outer
    court, alumni, suspended members and candidates: no dues asked here)."""
    r = dues_year(com.charter, m, year, com.today)
    if r.state in ("paid", "partial"):
        return r.state, r
    if m.circle != "inner" or m.status != "active":
        return "none", None
    return ("overdue" if r.state == "lapsed" else "due"), None


def _names(com: Community, ids: list[str]) -> str:
    sep = labels.text(com, "punct.list")
    return sep.join(com.members[i].name for i in ids)


def member_rows(com: Community) -> list[Row]:
    ed: editions.Edition = "members"
    year = com.today.year
    attended = attendance_by_year(com)
    rows = []
    for m in editions.members(com, ed):
        sponsor = editions.visible_ids([m.sponsor] if m.sponsor else [], com, ed)
        state, entry = dues_status(com, m, year)
        contact = editions.visible_contact(m, ed)
        rows.append({
            "id": m.id, "name": m.name, "display_name": display_name(com.charter, m),
            "org": m.org, "title": m.title,
            "circle": labels.text(com, dynamic("site.circle.", m.circle)),
            "status": labels.text(com, dynamic("site.status.", m.status)),
            "founder": labels.text(com, "feeds.yes" if m.founder else "feeds.no"),
            "sponsor": sponsor[0] if sponsor else None,
            "sponsor_name": _names(com, sponsor), "joined": m.joined.isoformat(),
            "left": m.left.isoformat() if m.left else None, "city": m.city,
            "tags": ", ".join(m.tags), **contact, "dues_year": year,
            "dues_status": labels.text(com, dynamic("feeds.dues.", state)),
            "dues_paid": entry.last_paid.isoformat() if entry and entry.last_paid else None,
            "dues_amount": f"{entry.paid:g}" if entry else None,
            "events_attended": attended.get(m.id, {}).get(year, 0),
        })
    return rows


def event_rows(com: Community) -> list[Row]:
    ed: editions.Edition = "members"
    rows = []
    for ev in editions.events(com, ed):
        for h in recur.happenings(com, ev):
            att = editions.visible_ids(h.attended, com, ed)
            rows.append({
                "id": ev.id, "date": h.date.isoformat(),
                "start": common.iso_local(com, h.start), "end": common.iso_local(com, h.end),
                "title": ev.title,
                "kind": kind_label(com.charter, "event", ev.kind, labels.lang(com)),
                "audience": labels.text(com, dynamic("feeds.audience.", ev.audience)),
                "status": labels.text(com, "feeds.cancelled" if h.cancelled
                                      else "feeds.scheduled"),
                "location": common.location_text(ev.location), "capacity": ev.capacity,
                "organizers": _names(com, editions.visible_ids(ev.organizers, com, ed)),
                "rsvp_count": len(h.rsvp), "attended_count": len(att),
                "attended": _names(com, att), "attended_ids": ";".join(att),
            })
    rows.sort(key=lambda r: (str(r["start"]), str(r["id"])))  # both always strings
    return rows


def files(com: Community, edition: Edition) -> list[tuple[str, bytes]]:
    """The two spreadsheets, members edition only (the public edition gets none)."""
    if common.check_edition(edition) != "members":
        return []
    return [(common.MEMBERS_CSV, to_csv(com, MEMBER_COLUMNS, member_rows(com))),
            (common.EVENTS_CSV, to_csv(com, EVENT_COLUMNS, event_rows(com)))]
