"""The reader defects of issue 16, one regression test each, on the sample's built editions
(the phone-sized ones, in Chromium: tests/browser/test_reader_defects.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import vobject
from conftest import REPO, SAMPLE_TODAY

from generator.build import engine
from generator.commands.check import collect
from generator.core import occurrences as recur
from generator.exports import jsonld
from generator.exports.vcard import split_name

ATOM = "{http://www.w3.org/2005/Atom}"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8-sig")


def test_contributing_page_shows_no_comment_of_a_data_file(
        sample_sites: dict[str, Path]) -> None:
    """members/bai-lu.yml (the member sample shown) carries an admin's note in a comment."""
    note = "资源对接群管理员之一"
    assert f"# 外院成员;{note}" in (REPO / "members" / "bai-lu.yml").read_text(encoding="utf-8")
    for site in sample_sites.values():
        page = read(site, "contributing/index.html")
        assert "name: 白露" in page  # the sample is still there
        assert note not in page
        code = re.findall(r"<code>(.*?)</code>", page, re.S)
        comments = [line for block in code for line in block.splitlines()
                    if line.lstrip().startswith("#") and "yaml-language-server" not in line]
        assert comments == []


def test_a_name_with_a_middle_dot_keeps_its_parts() -> None:
    assert split_name("阿丽木江·买买提") == ("买买提", "阿丽木江")
    assert split_name("约翰・史密斯") == ("史密斯", "约翰")
    assert split_name("王健") == ("王", "健") and split_name("欧阳娜娜") == ("欧阳", "娜娜")
    card = vobject.vCard()
    family, given = split_name("阿丽木江·买买提")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("fn").value = "阿丽木江·买买提"
    parsed = vobject.readOne(card.serialize())
    assert parsed.n.value.family == "买买提" and parsed.n.value.given == "阿丽木江"


def test_feed_dates_are_never_after_the_build(sample_sites: dict[str, Path]) -> None:
    today = dt.date.fromisoformat(SAMPLE_TODAY)
    for site in sample_sites.values():
        root = ET.fromstring((site / "feed.xml").read_bytes())
        stamps = [root.find(f"{ATOM}updated")] + [e.find(f"{ATOM}updated")
                                                  for e in root.iter(f"{ATOM}entry")]
        days = [dt.datetime.fromisoformat(s.text).date() for s in stamps if s is not None
                and s.text]
        assert len(days) > 3
        assert max(days) <= today
        events = [e for e in root.iter(f"{ATOM}entry")
                  if (e.findtext(f"{ATOM}id") or "").split(":")[-1].startswith("event/")]
        assert events, "the feed lists upcoming events"


def test_members_build_warns_when_members_url_is_unset() -> None:
    com = engine.checked(str(REPO), dt.date.fromisoformat(SAMPLE_TODAY))
    assert com.charter.site.members_url is None
    warnings = engine.edition_warnings(com, "members")
    assert len(warnings) == 1 and "site.members_url" in warnings[0]
    assert engine.edition_warnings(com, "public") == []


def test_media_filter_says_what_it_filters(sample_sites: dict[str, Path]) -> None:
    page = read(sample_sites["public"], "media/index.html")
    box = re.search(r'<input type="search" class="cy-filter-text" placeholder="([^"]*)"', page)
    assert box is not None and "姓名" not in box.group(1) and "名称" in box.group(1)


def test_member_page_heading_is_not_first_person(sample_sites: dict[str, Path]) -> None:
    page = read(sample_sites["members"], "members/li-na/index.html")
    assert "参与记录" in page and "我的参与" not in page


def test_admin_page_shows_code_not_backticks(sample_sites: dict[str, Path]) -> None:
    page = read(sample_sites["members"], "admin/index.html")
    assert "<code>python -m generator check</code>" in page
    assert "`python -m generator check`" not in page


def test_chinese_labels_use_full_width_colons(sample_sites: dict[str, Path]) -> None:
    page = read(sample_sites["public"], "members/li-na/index.html")
    assert "介绍人：" in page and "介绍人:" not in page
    home = read(sample_sites["public"], "index.html")
    assert "价值观：" in home


def test_members_csv_says_circle_and_status_in_words(sample_sites: dict[str, Path]) -> None:
    rows = list(csv.DictReader(io.StringIO(read(sample_sites["members"], "exports/members.csv"))))
    assert {r["圈层"] for r in rows} <= {"菁英会", "外院"}  # the charter's circle names
    assert "在籍" in {r["状态"] for r in rows}
    assert not {r["状态"] for r in rows} & {"active", "alumni", "candidate", "suspended"}
    events = list(csv.DictReader(io.StringIO(read(sample_sites["members"], "exports/events.csv"))))
    assert {r["范围"] for r in events} <= {"公开", "仅会员"}
    assert {r["状态"] for r in events} <= {"如期举行", "已取消"}


def test_api_links_are_all_absolute(sample_sites: dict[str, Path]) -> None:
    site = sample_sites["public"]
    members = json.loads(read(site, "api/v1/members.json"))
    events = json.loads(read(site, "api/v1/events.json"))
    items = members if isinstance(members, list) else members.get("members", members.get(
        "items", []))
    evs = events if isinstance(events, list) else events.get("events", events.get("items", []))
    cards = [m["vcard"] for m in items if m.get("vcard")]
    assert cards and all(c.startswith("https://") for c in cards)
    assert evs and all(e["ics"].startswith("https://") and e["url"].startswith("https://")
                       for e in evs)


def test_json_ld_of_a_recurring_event_lists_every_date(community: Path) -> None:
    (community / "content" / "events" / "open-salon.yml").write_text(
        'title: 公开月度沙龙\nstart: "2026-01-15 19:30"\nend: "2026-01-15 21:30"\n'
        "audience: public\nrecurrence:\n  rrule: FREQ=MONTHLY;BYDAY=3TH;COUNT=6\n"
        "  exdates: [2026-02-19]\n", encoding="utf-8")
    com, problems = collect(str(community), dt.date(2026, 2, 1))
    assert not [p for p in problems if p.severity == "error"], problems
    ev = com.events["open-salon"]
    doc = jsonld.event_doc(com, ev, "public")
    assert doc is not None
    dates = [sub["startDate"] for sub in doc["subEvent"]]  # type: ignore[union-attr]
    expected = [h.start.isoformat() for h in recur.happenings(com, ev)]
    assert dates == expected and len(dates) == 5
    assert "2026-02-19" not in " ".join(dates)
