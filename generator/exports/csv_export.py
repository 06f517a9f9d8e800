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
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from generator.checks.events import attendance_by_year
from generator.checks.members import display_name, dues_due_date
from generator.data import editions
from generator.exports import common, recur
from generator.i18n import exports as labels

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

MEMBER_COLUMNS: list[tuple[str, str, str]] = [
    ("id", "编号", "id"), ("name", "姓名", "name"), ("display_name", "群昵称", "display name"),
    ("org", "机构", "organisation"), ("title", "职位", "title"), ("circle", "圈层", "circle"),
    ("status", "状态", "status"), ("founder", "创始人", "founder"),
    ("sponsor", "介绍人编号", "sponsor id"), ("sponsor_name", "介绍人", "sponsor"),
    ("joined", "入会日期", "joined"), ("left", "离开日期", "left"), ("city", "城市", "city"),
    ("tags", "标签", "tags"), ("wechat", "微信", "WeChat"), ("phone", "电话", "phone"),
    ("email", "邮箱", "e-mail"), ("dues_year", "会费年度", "dues year"),
    ("dues_status", "会费状态", "dues status"), ("dues_paid", "缴费日期", "dues paid on"),
    ("dues_amount", "缴费金额", "dues amount"),
    ("events_attended", "本年参加活动次数", "events attended this year"),
]
EVENT_COLUMNS: list[tuple[str, str, str]] = [
    ("id", "编号", "id"), ("date", "日期", "date"), ("start", "开始", "start"),
    ("end", "结束", "end"), ("title", "活动", "title"), ("kind", "类型", "kind"),
    ("audience", "范围", "audience"), ("status", "状态", "status"),
    ("location", "地点", "location"), ("capacity", "人数上限", "capacity"),
    ("organizers", "组织者", "organisers"), ("rsvp_count", "报名人数", "RSVPs"),
    ("attended_count", "出席人数", "attended"), ("attended", "出席者", "attendees"),
    ("attended_ids", "出席者编号", "attendee ids"),
]


def header(com: Any, columns: list[tuple[str, str, str]]) -> list[str]:
    """Column titles in the charter's language."""
    zh = labels.lang(com) == "zh"
    return [z if zh else e for _key, z, e in columns]


def guard(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard(text: str) -> str:
    """Undo ``guard`` (for programs reading the CSV back)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def to_csv(com: Any, columns: list[tuple[str, str, str]], rows: Iterable[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header(com, columns))
    for row in rows:
        w.writerow([guard(row.get(key)) for key, _z, _e in columns])
    return buf.getvalue().encode("utf-8-sig")


def dues_status(com: Any, m: Any, year: int) -> tuple[str, Any]:
    """(state, ledger entry or None) for ``year``: paid, due (within the charter's grace
    period), overdue, or none (outer court, alumni and candidates owe no dues)."""
    entry = next((d for d in m.dues if d.year == year), None)
    if entry is not None:
        return "paid", entry
    if m.circle != "inner" or m.status != "active":
        return "none", None
    grace = dt.timedelta(days=com.charter.dues.grace_days)
    return ("due" if com.today <= dues_due_date(m, year) + grace else "overdue"), None


def _names(com: Any, ids: list[str]) -> str:
    sep = "、" if labels.lang(com) == "zh" else ", "
    return sep.join(com.members[i].name for i in ids)


def member_rows(com: Any) -> list[dict[str, Any]]:
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
            "org": m.org, "title": m.title, "circle": m.circle, "status": m.status,
            "founder": labels.text(com, "feeds.yes" if m.founder else "feeds.no"),
            "sponsor": sponsor[0] if sponsor else None,
            "sponsor_name": _names(com, sponsor), "joined": m.joined.isoformat(),
            "left": m.left.isoformat() if m.left else None, "city": m.city,
            "tags": ", ".join(m.tags), **contact, "dues_year": year,
            "dues_status": labels.text(com, f"feeds.dues.{state}"),
            "dues_paid": entry.paid.isoformat() if entry else None,
            "dues_amount": f"{entry.amount:g}" if entry else None,
            "events_attended": attended.get(m.id, {}).get(year, 0),
        })
    return rows


def event_rows(com: Any) -> list[dict[str, Any]]:
    ed: editions.Edition = "members"
    rows = []
    for ev in editions.events(com, ed):
        for h in recur.happenings(com, ev):
            att = editions.visible_ids(h.attended, com, ed)
            rows.append({
                "id": ev.id, "date": h.date.isoformat(),
                "start": common.iso_local(com, h.start), "end": common.iso_local(com, h.end),
                "title": ev.title, "kind": ev.kind, "audience": ev.audience,
                "status": "cancelled" if h.cancelled else "scheduled",
                "location": common.location_text(ev.location), "capacity": ev.capacity,
                "organizers": _names(com, editions.visible_ids(ev.organizers, com, ed)),
                "rsvp_count": len(ev.rsvp), "attended_count": len(att),
                "attended": _names(com, att), "attended_ids": ";".join(att),
            })
    rows.sort(key=lambda r: (r["start"], r["id"]))
    return rows


def files(com: Any, edition: str) -> list[tuple[str, bytes]]:
    """The two spreadsheets, members edition only (the public edition gets none)."""
    if common.check_edition(edition) != "members":
        return []
    return [(common.MEMBERS_CSV, to_csv(com, MEMBER_COLUMNS, member_rows(com))),
            (common.EVENTS_CSV, to_csv(com, EVENT_COLUMNS, event_rows(com)))]
