"""exports/members.csv and exports/events.csv (members edition only): UTF-8 with a BOM and
CRLF for Excel on Chinese Windows, read back with the csv module, dues status from the
ledger and the charter's grace period, attendance per occurrence, formula cells defused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from feeds_testlib import NEVER, ROOT, exports, load, read

from generator import i18n
from generator.exports import csv_export
from generator.exports.common import EVENTS_CSV, LEDGER_CSV, MEMBERS_CSV


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def title(key: i18n.Key) -> str:
    """A column's title in the fixture community's language (Chinese)."""
    return i18n.text("zh", key)


def by_key(data: bytes, columns: list[tuple[str, i18n.Key]]) -> dict[str, dict[str, str]]:
    """Rows keyed by id, with column titles mapped back to column keys and cells unguarded."""
    titles = {title(key): k for k, key in columns}
    out = {}
    for r in rows(data):
        row = {titles[t]: csv_export.unguard(v) for t, v in r.items()}
        out[row["id"] + "|" + row.get("date", "")] = row
    return out


def test_only_the_members_edition_has_spreadsheets() -> None:
    assert not [p for p in exports("public")[1] if p.endswith(".csv")]
    assert {p for p in exports("members")[1] if p.endswith(".csv")} == {MEMBERS_CSV, EVENTS_CSV,
                                                                   LEDGER_CSV}


def test_members_csv_round_trips_with_bom_and_crlf() -> None:
    data = read("members", MEMBERS_CSV)
    assert data.count(b"\n") == data.count(b"\r\n")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert header == [title(key) for _k, key in csv_export.MEMBER_COLUMNS]
    got = by_key(data, csv_export.MEMBER_COLUMNS)
    assert sorted(k.rstrip("|") for k in got) == ["alumni-zhou", "candidate-chen", "li-lei",
                                                  "ouyang-nana", "zhang-wei"]
    com = load()
    for want in csv_export.member_rows(com):
        row = got[want["id"] + "|"]
        assert row == {k: "" if want.get(k) is None else str(want.get(k))
                       for k, _key in csv_export.MEMBER_COLUMNS}
    nana, zhang = got["ouyang-nana|"], got["zhang-wei|"]
    assert (nana["circle"], nana["status"], nana["founder"]) == ("菁英会", "在籍", "是")
    assert (zhang["sponsor"], zhang["sponsor_name"], zhang["joined"]) == (
        "ouyang-nana", "欧阳娜娜", "2024-03-01")
    assert nana["phone"] == "+86 138 0000 0001" and nana["email"] == "nana-members@example.com"
    assert nana["wechat"] == "" and zhang["phone"] == ""  # private fields stay out
    text = data.decode("utf-8-sig")
    assert not [v for v in NEVER if v in text]


def test_formula_cells_are_defused() -> None:
    raw = rows(read("members", MEMBERS_CSV))
    title_col = {k: title(key) for k, key in csv_export.MEMBER_COLUMNS}["title"]
    zhang = next(r for r in raw if r["编号"] == "zhang-wei")
    assert zhang[title_col].startswith("'=")
    assert csv_export.unguard(zhang[title_col]) == '=HYPERLINK("http://evil.example")'
    assert csv_export.unguard("'plain") == "'plain"


def dues(today: dt.date) -> dict[str, str]:
    com = load(today=today)
    return {r["id"]: r["dues_status"] for r in csv_export.member_rows(com)}


def test_dues_status_for_the_current_year_uses_the_ledger_and_grace() -> None:
    # 2026 dues fall due on 1 January; the charter grants 60 days (to 2 March).
    assert dues(dt.date(2026, 3, 1)) == {"ouyang-nana": "已缴", "zhang-wei": "待缴",
                                         "li-lei": "待缴", "candidate-chen": "不适用",
                                         "alumni-zhou": "不适用"}
    late = dues(dt.date(2026, 3, 3))
    assert late["zhang-wei"] == late["li-lei"] == "逾期" and late["ouyang-nana"] == "已缴"


def test_events_csv_has_a_row_per_occurrence_with_attendance() -> None:
    got = by_key(read("members", EVENTS_CSV), csv_export.EVENT_COLUMNS)
    salon = {k.split("|")[1]: v for k, v in got.items() if k.startswith("2026-monthly-salon|")}
    assert sorted(salon) == ["2026-01-15", "2026-03-19", "2026-04-16", "2026-05-21",
                             "2026-06-18"]
    first = salon["2026-01-15"]
    assert first["attended"] == "欧阳娜娜、张伟、陈候选"  # the suspended member is not named
    assert first["attended_ids"] == "ouyang-nana;zhang-wei;candidate-chen"
    assert first["attended_count"] == "3" and first["start"] == "2026-01-15 19:30"
    assert first["timezone"] == "Asia/Shanghai"
    assert salon["2026-04-16"]["status"] == "已取消"
    assert got["2026-04-cancelled-forum|2026-04-08"]["status"] == "已取消"
    talk = got["2026-03-open-talk|2026-03-12"]
    assert (talk["rsvp_count"], talk["organizers"]) == ("4", "欧阳娜娜")
    starts = [r["开始"] for r in rows(read("members", EVENTS_CSV))]
    assert starts == sorted(starts)


def test_english_headers_when_the_charter_is_english(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "content" / "charter.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("language: zh", "language: en"),
                 encoding="utf-8")
    files = dict(csv_export.files(load(root), "members"))
    header = next(csv.reader(io.StringIO(files[MEMBERS_CSV].decode("utf-8-sig"))))
    assert header[:3] == ["id", "name", "display name"]
    assert {r["dues status"] for r in rows(files[MEMBERS_CSV])} == {"paid", "due", "n/a"}
