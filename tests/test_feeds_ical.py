"""calendar.ics and events/<id>.ics: parsed back with icalendar, recurrences expanded with
recurring-ical-events, privacy of the public feed, stable UIDs and data-driven stamps."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from feeds_testlib import DOMAIN, MEMBERS_ONLY, ROOT, TODAY, exports, load, read, searchable

from generator.core import occurrences as recur
from generator.exports import ical

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLIC_EVENTS = {"2026-03-open-talk", "2026-04-cancelled-forum", "2026-05-dapeng-camp"}
MEMBER_EVENTS = PUBLIC_EVENTS | {"2026-03-secret-dinner", "2026-monthly-salon"}


def parse(edition: str, rel: str = "calendar.ics") -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(read(edition, rel))


def masters(cal: icalendar.Calendar) -> dict[str, Any]:
    """Event id → master VEVENT (the one without RECURRENCE-ID)."""
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")
            if "RECURRENCE-ID" not in e}


@pytest.mark.parametrize("edition,expected", [("public", PUBLIC_EVENTS),
                                              ("members", MEMBER_EVENTS)])
def test_calendar_holds_the_editions_events(edition: str, expected: set[str]) -> None:
    cal = parse(edition)
    assert cal["VERSION"] == "2.0" and cal["METHOD"] == "PUBLISH"
    assert set(masters(cal)) == expected
    for ev_id in expected:
        single = parse(edition, f"events/{ev_id}.ics")
        assert set(masters(single)) == {ev_id}


def test_public_calendar_has_no_members_only_event() -> None:
    _docs, paths = exports("public")
    for rel in paths:
        if rel.endswith(".ics"):
            text = searchable(read("public", rel))
            assert not [v for v in MEMBERS_ONLY if v in text], rel
    assert "events/2026-03-secret-dinner.ics" not in paths


def test_uid_is_event_id_at_site_domain_and_survives_edits(tmp_path: Path) -> None:
    for ev_id, vev in masters(parse("members")).items():
        assert str(vev["UID"]) == f"{ev_id}@{DOMAIN}"
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "content" / "events" / "2026-03-open-talk.yml"
    text = f.read_text(encoding="utf-8").replace('"2026-03-12 14:00"', '"2026-03-13 15:00"')
    f.write_text(text.replace("sequence: 2", "sequence: 3").replace("户外媒体公开课", "新名字"),
                 encoding="utf-8")
    (root / "content" / "events" / "2026-03-secret-dinner.yml").unlink()
    com = load(root)
    vev = masters(icalendar.Calendar.from_ical(
        ical.calendar_bytes(com, "public", [com.events["2026-03-open-talk"]])))
    talk = vev["2026-03-open-talk"]
    assert str(talk["UID"]) == f"2026-03-open-talk@{DOMAIN}"
    assert talk["SEQUENCE"] == 3
    assert talk.decoded("DTSTART") == dt.datetime(2026, 3, 13, 15, 0, tzinfo=SHANGHAI)


def test_dtstamp_and_sequence_come_from_data() -> None:
    evs = masters(parse("members"))
    talk, dinner = evs["2026-03-open-talk"], evs["2026-03-secret-dinner"]
    # updated: 2026-02-20 → local midnight → UTC
    assert talk.decoded("DTSTAMP") == dt.datetime(2026, 2, 19, 16, 0, tzinfo=dt.UTC)
    assert talk.decoded("LAST-MODIFIED") == talk.decoded("DTSTAMP")
    assert talk["SEQUENCE"] == 2 and evs["2026-04-cancelled-forum"]["SEQUENCE"] == 1
    # no `updated`: the event's start, in UTC
    assert dinner.decoded("DTSTAMP") == dt.datetime(2026, 3, 20, 11, 0, tzinfo=dt.UTC)
    assert dinner["SEQUENCE"] == 0


def test_calendar_bytes_do_not_depend_on_today() -> None:
    a, b = load(today=TODAY), load(today=dt.date(2031, 7, 1))
    for edition in ("public", "members"):
        assert ical.files(a, edition) == ical.files(b, edition)


def test_every_tzid_has_a_vtimezone() -> None:
    for edition in ("public", "members"):
        for rel in exports(edition)[1]:
            if not rel.endswith(".ics"):
                continue
            cal = parse(edition, rel)
            used = {str(prop.params["TZID"]) for comp in cal.walk()
                    for _name, prop in comp.property_items(recursive=False)
                    if hasattr(prop, "params") and "TZID" in prop.params}
            defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
            assert used <= defined, rel
            assert used in (set(), {"Asia/Shanghai"}), rel


def test_times_are_beijing_time_and_all_day_ends_are_exclusive() -> None:
    evs = masters(parse("public"))
    talk = evs["2026-03-open-talk"]
    assert talk.decoded("DTSTART") == dt.datetime(2026, 3, 12, 14, 0, tzinfo=SHANGHAI)
    assert talk.decoded("DTEND") == dt.datetime(2026, 3, 12, 17, 30, tzinfo=SHANGHAI)
    camp = evs["2026-05-dapeng-camp"]
    assert camp.decoded("DTSTART") == dt.date(2026, 5, 2)
    assert camp.decoded("DTEND") == dt.date(2026, 5, 4)  # two nights: 2nd and 3rd
    raw = read("public", "events/2026-05-dapeng-camp.ics").decode()
    assert "DTSTART;VALUE=DATE:20260502\r\n" in raw and "DTEND;VALUE=DATE:20260504\r\n" in raw
    assert str(camp["LOCATION"]) == "大鹏半岛, 深圳"


def test_cancelled_event_is_kept_with_status_cancelled() -> None:
    evs = masters(parse("public"))
    assert str(evs["2026-04-cancelled-forum"]["STATUS"]) == "CANCELLED"
    assert str(evs["2026-03-open-talk"]["STATUS"]) == "CONFIRMED"


def expand(cal: icalendar.Calendar, uid_prefix: str) -> list[tuple[dt.datetime, str]]:
    return [(e.decoded("DTSTART"), str(e.get("STATUS")))
            for e in recurring_ical_events.of(cal).between(dt.date(2025, 1, 1),
                                                           dt.date(2028, 1, 1))
            if str(e["UID"]).startswith(uid_prefix)]


def test_monthly_salon_expands_to_third_thursdays_minus_exdate() -> None:
    got = expand(parse("members", "events/2026-monthly-salon.ics"), "2026-monthly-salon")

    def at(m: int, d: int) -> dt.datetime:
        return dt.datetime(2026, m, d, 19, 30, tzinfo=SHANGHAI)

    # COUNT=6 counts the excluded 19 February; 16 April is cancelled but kept
    assert got == [(at(1, 15), "CONFIRMED"), (at(3, 19), "CONFIRMED"),
                   (at(4, 16), "CANCELLED"), (at(5, 21), "CONFIRMED"),
                   (at(6, 18), "CONFIRMED")]
    salon = masters(parse("members"))["2026-monthly-salon"]
    assert str(salon["RRULE"].to_ical().decode()) == "FREQ=MONTHLY;COUNT=6;BYDAY=3TH"


def test_meeting_moved_off_the_rule_is_an_rdate(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "content" / "events" / "2026-monthly-salon.yml"
    f.write_text(f.read_text(encoding="utf-8") + "  - {date: 2026-02-20, attended: [zhang-wei]}\n",
                 encoding="utf-8")
    com = load(root)
    data = ical.calendar_bytes(com, "members", [com.events["2026-monthly-salon"]])
    days = [d.date() for d, _s in expand(icalendar.Calendar.from_ical(data),
                                         "2026-monthly-salon")]
    assert dt.date(2026, 2, 20) in days and dt.date(2026, 2, 19) not in days


def test_files_are_crlf_and_folded() -> None:
    for rel in exports("members")[1]:
        if rel.endswith(".ics"):
            data = read("members", rel)
            assert data.count(b"\n") == data.count(b"\r\n"), rel
            assert max(len(line) for line in data.split(b"\r\n")) <= 75, rel


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "FREQ=MONTHLY;BYDAY=3XX", "garbage"])
def test_an_unreadable_rule_publishes_the_event_once(tmp_path: Path, rule: str) -> None:
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "content" / "events" / "2026-monthly-salon.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("FREQ=MONTHLY;BYDAY=3TH;COUNT=6", rule),
                 encoding="utf-8")
    com = load(root)
    cal = icalendar.Calendar.from_ical(ical.calendar_bytes(
        com, "members", [com.events["2026-monthly-salon"]]))
    assert [d.date() for d, _s in expand(cal, "2026-monthly-salon")] == [dt.date(2026, 1, 15)]


def test_a_meeting_marked_moved_leaves_its_rule_date(tmp_path: Path) -> None:
    """``moved_from`` (issue 23 item 2) says the meeting of the rule's date happened on another
    day: the calendar, the events pages and everything reading ``happenings`` must show the
    new day only. Before, the rule's date stayed on as a second meeting."""
    root = tmp_path / "c"
    shutil.copytree(ROOT, root)
    f = root / "content" / "events" / "2026-monthly-salon.yml"  # 3rd Thursdays; 03-19 on rule
    f.write_text(f.read_text(encoding="utf-8")
                 + "  - {date: 2026-03-20, moved_from: 2026-03-19, attended: [zhang-wei]}\n",
                 encoding="utf-8")
    com = load(root)
    ev = com.events["2026-monthly-salon"]
    data = ical.calendar_bytes(com, "members", [ev])
    days = [d.date() for d, _s in expand(icalendar.Calendar.from_ical(data),
                                         "2026-monthly-salon")]
    assert dt.date(2026, 3, 20) in days and dt.date(2026, 3, 19) not in days
    held = [h.date for h in recur.happenings(com, ev)]
    assert dt.date(2026, 3, 20) in held and dt.date(2026, 3, 19) not in held
