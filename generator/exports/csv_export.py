"""Spreadsheets for the members edition: exports/members.csv (status, circle, sponsor, joined,
what the member owes in dues and this year's attendance), exports/ledger.csv (the dues ledger:
one row per member and dues year, as ``python -m generator dues --format csv`` writes it) and
exports/events.csv (one row per event, or per occurrence of a recurring event, with who
attended).

Numbers are written as numbers (``3000``, ``1500.5``) and dates as ISO dates (``2026-01-01``);
times as ``2023-03-18 18:30`` in the charter's time zone with the zone in a column of its own
(``Asia/Shanghai``): Excel and LibreOffice Calc read ``YYYY-MM-DD`` and ``YYYY-MM-DD HH:MM``
as dates and date-times, while an ISO 8601 time with ``T`` and an offset stays text.

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
from generator.core.ledger import book, ledger, number
from generator.core.names import display_name
from generator.data import editions
from generator.data.kinds import charter_words, kind_label
from generator.exports import common
from generator.i18n import dynamic
from generator.i18n import exports as labels

if TYPE_CHECKING:
    import datetime as dt

    from generator.core.ledger import DuesYear
    from generator.data.community import Community
    from generator.data.editions import Edition
    from generator.data.models import Member
    from generator.i18n.keys import Key

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None
Row = dict[str, Cell]  # column key → value

# (column, the catalogue key of its title), in order
MEMBER_COLUMNS: list[tuple[str, Key]] = [(c, dynamic("csv.member.", c)) for c in (
    "id", "name", "display_name", "org", "title", "circle", "status", "founder", "sponsor",
    "sponsor_name", "joined", "left", "city", "tags", "wechat", "phone", "email", "dues_status",
    "dues_owed", "dues_owed_years", "dues_last_paid", "events_attended")]
LEDGER_COLUMNS: list[tuple[str, Key]] = [(c, dynamic("csv.ledger.", c)) for c in (
    "member", "name", "status", "year", "due", "amount", "paid", "balance", "last_paid", "note",
    "state")]
EVENT_COLUMNS: list[tuple[str, Key]] = [(c, dynamic("csv.event.", c)) for c in (
    "id", "date", "start", "end", "timezone", "title", "kind", "audience", "status", "location",
    "capacity", "organizers", "rsvp_count", "attended_count", "attended", "attended_ids")]


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


def dues_status(com: Community, m: Member) -> tuple[str, list[DuesYear]]:
    """(state, the ledger's years with a balance) of a member over the whole ledger: overdue
    (a year past the grace period), due (a year due soon or inside the grace period),
    partial (a year paid in part), paid (nothing owed), or none (no dues asked: the outer
    court, candidates, and members who left owing nothing)."""
    rows = ledger(com.charter, m, com.today)
    debt = [r for r in rows if r.balance > 0]
    states = {r.state for r in debt}
    if "lapsed" in states:
        return "overdue", debt
    if states & {"overdue", "due-soon", "not-yet-due"}:
        return "due", debt
    if "partial" in states:
        return "partial", debt
    if not rows or m.status in ("alumni", "expelled", "candidate") or m.circle != "inner":
        return "none", debt
    return "paid", debt


def spreadsheet_time(com: Community, value: dt.date | dt.datetime) -> str:
    """``2023-03-18 18:30`` in the charter's zone (a date stays ``2023-03-18``): what Excel
    and LibreOffice read as a date-time; the zone goes in a column of its own."""
    local = common.iso_local(com, value)
    return local[:16].replace("T", " ") if "T" in local else local


def _names(com: Community, ids: list[str]) -> str:
    sep = labels.text(com, "punct.list")
    return sep.join(com.members[i].name for i in ids)


def member_rows(com: Community) -> list[Row]:
    ed: editions.Edition = "members"
    year = com.today.year
    attended = attendance_by_year(com)
    words = charter_words(com.charter, labels.lang(com))
    rows = []
    for m in editions.members(com, ed):
        sponsor = editions.visible_ids([m.sponsor] if m.sponsor else [], com, ed)
        state, debt = dues_status(com, m)
        last = max((d.paid for d in m.dues), default=None)
        contact = editions.visible_contact(m, ed)
        rows.append({
            "id": m.id, "name": m.name, "display_name": display_name(com.charter, m),
            "org": m.org, "title": m.title,
            "circle": labels.text(com, dynamic("site.circle.", m.circle), **words),
            "status": labels.text(com, dynamic("site.status.", m.status)),
            "founder": labels.text(com, "feeds.yes" if m.founder else "feeds.no"),
            "sponsor": sponsor[0] if sponsor else None,
            "sponsor_name": _names(com, sponsor), "joined": m.joined.isoformat(),
            "left": m.left.isoformat() if m.left else None, "city": m.city,
            "tags": ", ".join(m.tags), **contact,
            "dues_status": labels.text(com, dynamic("feeds.dues.", state)),
            "dues_owed": number(sum(r.balance for r in debt)),
            "dues_owed_years": ";".join(str(r.year) for r in debt),
            "dues_last_paid": last.isoformat() if last else None,
            "events_attended": attended.get(m.id, {}).get(year, 0),
        })
    return rows


def event_rows(com: Community) -> list[Row]:
    ed: editions.Edition = "members"
    rows: list[Row] = []
    for ev in editions.events(com, ed):
        for h in recur.happenings(com, ev):
            att = editions.visible_ids(h.attended, com, ed)
            rows.append({
                "id": ev.id, "date": h.date.isoformat(),
                "start": spreadsheet_time(com, h.start), "end": spreadsheet_time(com, h.end),
                "timezone": com.charter.timezone, "title": ev.title,
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


def ledger_rows(com: Community, year: int | None = None,
                members: Iterable[Member] | None = None) -> list[Row]:
    """The dues ledger (generator/core/ledger.book): one row per member and dues year —
    suspended members and members who left (up to leaving) included; ``year``: that dues
    year only. Amounts as numbers, dates as ISO dates, the state in words."""
    return [{"member": m.id, "name": m.name,
             "status": labels.text(com, dynamic("site.status.", m.status)),
             "year": r.year, "due": r.due.isoformat(), "amount": number(r.amount),
             "paid": number(r.paid), "balance": number(r.balance),
             "last_paid": r.last_paid.isoformat() if r.last_paid else None,
             "note": (labels.text(com, "punct.list").join(r.notes) or None) if members is None
             else None,  # dues notes are private: the CLI's CSV only, never the site
             "state": labels.text(com, dynamic("ledger.state.", r.state))}
            for m, r in book(com.charter, com.members.values() if members is None else members,
                             com.today, year)]


def ledger_csv(com: Community, year: int | None = None,
               members: Iterable[Member] | None = None) -> bytes:
    """``dues --format csv`` (every member); exports/ledger.csv passes the members the
    members edition shows (a member hidden from it stays out of its files)."""
    return to_csv(com, LEDGER_COLUMNS, ledger_rows(com, year, members))


def files(com: Community, edition: Edition) -> list[tuple[str, bytes]]:
    """The three spreadsheets, members edition only (the public edition gets none)."""
    if common.check_edition(edition) != "members":
        return []
    return [(common.MEMBERS_CSV, to_csv(com, MEMBER_COLUMNS, member_rows(com))),
            (common.LEDGER_CSV, ledger_csv(com, None, editions.members(com, "members"))),
            (common.EVENTS_CSV, to_csv(com, EVENT_COLUMNS, event_rows(com)))]
