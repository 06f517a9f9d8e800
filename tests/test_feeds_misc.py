"""JSON-LD, the Atom feed, the extras interface, privacy across every export file, golden
files (bless: COURTYARD_BLESS=1) and determinism (same data → same bytes, whatever the
process's hash seed)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from feeds_testlib import (
    DOMAIN,
    MEMBERS_ONLY,
    NEVER,
    REPO,
    ROOT,
    TODAY,
    exports,
    load,
    read,
    searchable,
)

from generator.exports import common
from generator.pages import exports as extras

GOLDEN = Path(__file__).parent / "golden" / "feeds"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


# --------------------------------------------------------------------------- JSON-LD


def test_event_jsonld() -> None:
    com = load()
    raw = extras.event_jsonld(com, com.events["2026-03-open-talk"], "public")
    assert raw is not None and "<" not in raw and ">" not in raw
    doc = json.loads(raw)
    assert doc["@type"] == "Event" and doc["@context"] == "https://schema.org"
    assert doc["name"] == "户外媒体公开课 <b>免费</b>"
    assert doc["startDate"] == "2026-03-12T14:00:00+08:00"
    assert doc["endDate"] == "2026-03-12T17:30:00+08:00"
    assert doc["eventStatus"] == "https://schema.org/EventScheduled"
    assert doc["location"] == {"@type": "Place", "name": "前海会议中心", "address": {
        "@type": "PostalAddress", "streetAddress": "南山区前海路 1 号", "addressLocality": "深圳"}}
    assert doc["organizer"]["name"] == "测试菁英会"
    forum = json.loads(extras.event_jsonld(com, com.events["2026-04-cancelled-forum"],
                                           "public") or "")
    assert forum["eventStatus"] == "https://schema.org/EventCancelled"
    camp = json.loads(extras.event_jsonld(com, com.events["2026-05-dapeng-camp"],
                                          "public") or "")
    assert (camp["startDate"], camp["endDate"]) == ("2026-05-02", "2026-05-04")
    for edition in ("public", "members"):  # members-only events never go to the open web
        assert extras.event_jsonld(com, com.events["2026-03-secret-dinner"], edition) is None


def test_member_jsonld_public_fields_only_and_script_safe() -> None:
    com = load()
    for edition in ("public", "members"):
        doc = json.loads(extras.member_jsonld(com, com.members["ouyang-nana"], edition) or "")
        assert doc["@type"] == "Person" and doc["name"] == "欧阳娜娜"
        assert doc["memberOf"] == {"@type": "Organization", "name": "测试菁英会",
                                   "url": f"https://{DOMAIN}/"}
        assert doc["telephone"] == "+86 138 0000 0001" and "email" not in doc
        assert extras.member_jsonld(com, com.members["candidate-chen"], edition) is None
        assert extras.member_jsonld(com, com.members["suspended-sun"], edition) is None
    alumnus = json.loads(extras.member_jsonld(com, com.members["alumni-zhou"], "public") or "")
    assert alumnus["alumniOf"]["name"] == "测试菁英会" and "memberOf" not in alumnus
    assert "email" in alumnus  # a public field stays
    raw = extras.member_jsonld(com, com.members["zhang-wei"], "members") or ""
    assert "</script" not in raw and "<" not in raw and "\\u003c/script\\u003e" in raw
    doc = json.loads(raw)
    assert doc["description"] == "喜欢 </script><script>alert(1)</script> & 分享"
    assert "telephone" not in doc and "zhangwei-members-wx" not in raw


# --------------------------------------------------------------------------- Atom


def entries(edition: str) -> dict[str, ET.Element]:
    root = ET.fromstring(read(edition, "feed.xml"))
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None
    assert RFC3339.match(root.findtext(f"{ATOM}updated") or "")
    out = {}
    for e in root.findall(f"{ATOM}entry"):
        assert RFC3339.match(e.findtext(f"{ATOM}updated") or "")
        link = e.find(f"{ATOM}link")
        assert link is not None and (link.get("href") or "").startswith(f"https://{DOMAIN}/")
        out[(e.findtext(f"{ATOM}id") or "").rsplit(":", 1)[1]] = e
    return out


def test_atom_feed_of_open_posts_and_upcoming_events() -> None:
    pub = entries("public")
    assert set(pub) == {"event/2026-03-open-talk", "event/2026-04-cancelled-forum",
                        "event/2026-05-dapeng-camp", "board/need-kol"}
    talk = pub["event/2026-03-open-talk"]
    assert talk.findtext(f"{ATOM}updated") == "2026-02-20T00:00:00+08:00"  # from `updated`
    assert "2026-03-12 14:00–17:30" in (talk.findtext(f"{ATOM}summary") or "")
    assert "已取消" in (pub["event/2026-04-cancelled-forum"].findtext(f"{ATOM}title") or "")
    kol = pub["board/need-kol"]
    assert kol.findtext(f"{ATOM}title") == "[需求] 招募小红书达人"
    assert kol.findtext(f"{ATOM}author/{ATOM}name") == "张伟"
    mem = entries("members")
    assert set(mem) - set(pub) == {"event/2026-03-secret-dinner", "event/2026-monthly-salon",
                                   "board/offer-members-only"}
    salon = mem["event/2026-monthly-salon"].findtext(f"{ATOM}summary") or ""
    assert "2026-03-19 19:30" in salon  # the next occurrence after today


# --------------------------------------------------------------------------- interface


def test_write_exports_returns_what_it_wrote() -> None:
    for edition in ("public", "members"):
        docs, paths = exports(edition)
        on_disk = sorted(str(p.relative_to(docs)).replace(os.sep, "/")
                         for p in Path(docs).rglob("*") if p.is_file())
        assert list(paths) == on_disk
    with pytest.raises(ValueError):
        extras.write_exports(load(), "admins", str(Path(docs) / "x"))


def test_links() -> None:
    com = load()
    assert extras.event_links(com, com.events["2026-03-open-talk"], "public") == {
        "ics": "events/2026-03-open-talk.ics"}
    assert extras.event_links(com, com.events["2026-03-secret-dinner"], "public") == {}
    links = extras.calendar_links(com, "public")
    assert links["ics"] == "calendar.ics" and links["webcal"] == f"webcal://{DOMAIN}/calendar.ics"
    for edition in ("public", "members"):
        _docs, paths = exports(edition)
        for key, rel in extras.calendar_links(com, edition).items():
            if key not in ("webcal", "url"):
                assert rel in paths, (edition, key)


def test_output_refuses_to_write_a_path_twice(tmp_path: Path) -> None:
    out = common.Output(str(tmp_path))
    out.write("a/b.json", b"1")
    with pytest.raises(RuntimeError):
        out.write("a/b.json", b"2")


# --------------------------------------------------------------------------- privacy


@pytest.mark.parametrize("edition", ["public", "members"])
def test_no_export_file_carries_what_the_edition_hides(edition: str) -> None:
    forbidden = NEVER + (MEMBERS_ONLY if edition == "public" else [])
    _docs, paths = exports(edition)
    for rel in paths:
        text = searchable(read(edition, rel))
        if rel.endswith(".json"):
            text += json.dumps(json.loads(text), ensure_ascii=False)  # undo any \u escapes
        assert not [v for v in forbidden if v in text], rel


# --------------------------------------------------------------------------- golden


@pytest.mark.parametrize("edition", ["public", "members"])
def test_exports_match_golden_files(edition: str) -> None:
    docs, paths = exports(edition)
    golden = GOLDEN / edition
    if os.environ.get("COURTYARD_BLESS") == "1":
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(docs, golden)
    want = sorted(str(p.relative_to(golden)).replace(os.sep, "/")
                  for p in golden.rglob("*") if p.is_file())
    assert list(paths) == want, "file list changed; bless with COURTYARD_BLESS=1"
    for rel in paths:
        assert ours(rel, read(edition, rel)) == ours(rel, (golden / rel).read_bytes()), (
            f"{rel} differs from tests/golden/feeds/{edition}; bless with COURTYARD_BLESS=1")


VTIMEZONE = re.compile(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", re.S)


def ours(rel: str, data: bytes) -> bytes:
    """The bytes Courtyard writes. A calendar's VTIMEZONE block is written by icalendar from
    the tz database (its text changes with either's release): it is compared by meaning in
    test_calendar_time_zone_is_beijing_time, and left out here."""
    return VTIMEZONE.sub(b"<VTIMEZONE>\r\n", data) if rel.endswith(".ics") else data


@pytest.mark.parametrize("edition", ["public", "members"])
def test_calendar_time_zone_is_beijing_time(edition: str) -> None:
    """Every calendar defines the charter's zone once, and what it defines is Beijing time:
    UTC+8 in every observance that applies now (no daylight saving since 1991)."""
    _docs, paths = exports(edition)
    checked = 0
    for rel in [p for p in paths if p.endswith(".ics")]:
        cal = icalendar.Calendar.from_ical(read(edition, rel))
        zones = cal.walk("VTIMEZONE")
        if not zones:  # only all-day events: no time, no zone (test_feeds_ical checks TZIDs)
            continue
        checked += 1
        assert [str(z["TZID"]) for z in zones] == ["Asia/Shanghai"], rel
        tz = zones[0].to_tz()
        for when in (dt.datetime(2026, 1, 15, 12), dt.datetime(2026, 7, 15, 12),
                     dt.datetime(2030, 7, 15, 12)):
            assert tz.utcoffset(when) == dt.timedelta(hours=8), (rel, when)
    assert checked > 1  # the edition's calendar.ics and its timed events


# --------------------------------------------------------------------------- determinism

EXPORT_SCRIPT = """
import datetime as dt, sys
from generator.data.community import load_community
from generator.pages import exports as extras
com = load_community(sys.argv[1], dt.date.fromisoformat(sys.argv[2]))
for edition in ("public", "members"):
    extras.write_exports(com, edition, sys.argv[3] + "/" + edition)
"""


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    builds = []
    for seed in ("0", "4242"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", EXPORT_SCRIPT, str(ROOT), TODAY.isoformat(),
                        str(out)], check=True, env=env, cwd=REPO)
        builds.append(tree(out))
    assert builds[0] == builds[1]
    kinds = {Path(p).suffix for p in builds[0]}
    assert {".ics", ".json", ".vcf", ".csv", ".xml"} <= kinds
    in_process = {f"{ed}/{rel}": read(ed, rel) for ed in ("public", "members")
                  for rel in exports(ed)[1]}
    assert {k.replace(os.sep, "/"): v for k, v in builds[0].items()} == in_process


def test_sample_community_exports_twice_identically(tmp_path: Path) -> None:
    com = load(REPO, dt.date(2026, 5, 1))
    for edition in ("public", "members"):
        a = extras.write_exports(com, edition, str(tmp_path / "a" / edition))
        b = extras.write_exports(com, edition, str(tmp_path / "b" / edition))
        assert a == b and a
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_members_edition_links_to_its_own_address(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "content" / "charter.yml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "  url: https://courtyard.example.org/\n",
        "  url: https://courtyard.example.org/\n  members_url: https://members.example.org/in/\n"),
        encoding="utf-8")
    com = load(root)
    links = extras.calendar_links(com, "members")
    assert links["webcal"] == "webcal://members.example.org/in/calendar.ics"
    assert extras.calendar_links(com, "public")["webcal"] == f"webcal://{DOMAIN}/calendar.ics"
    # without the address the members edition offers no subscription (never the public one)
    assert "webcal" not in extras.calendar_links(load(), "members")
    out = tmp_path / "out"
    extras.write_exports(com, "members", str(out))
    api_events = json.loads((out / "api/v1/events.json").read_text(encoding="utf-8"))
    assert api_events["items"][0]["url"].startswith("https://members.example.org/in/events/")
    ics = (out / "calendar.ics").read_text(encoding="utf-8")
    assert f"UID:2026-03-open-talk@{DOMAIN}" in ics  # same event, same UID in both editions
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert 'href="https://members.example.org/in/feed.xml"' in feed
    doc = json.loads(extras.event_jsonld(com, com.events["2026-03-open-talk"], "members") or "")
    assert doc["url"].startswith(f"https://{DOMAIN}/")  # JSON-LD describes the public page
