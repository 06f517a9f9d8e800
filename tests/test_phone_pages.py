"""Pages in the order a phone reader needs them (issue 27.4) and recurring series that read
well (issue 26.4): one row per series with its rule, next session and the few after it; the
how-to before a series' dates; the sign-up form's coming sessions; an event page's how-to
before the names, which fold; the home page's upcoming events before the charts; a member's
WeChat id and phone near the top with a copy button; WeChat download hints. The reader's side
(the copy button, the hints inside WeChat) runs in Chromium: tests/browser/test_phone.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, cjk_font_missing, run_cli

from generator.data.community import load_community
from generator.pages import events, timeline
from generator.pages.context import Site

WEEKLY = """title: 周四羽毛球
kind: salon
start: "2026-11-05 19:30"
end: "2026-11-05 21:30"
audience: public
location: 南山文体中心
organizers: [liu-yang]
recurrence:
  rrule: {rule}
description: 每周四晚上打羽毛球。
"""


def community_with(tmp_path: Path, rule: str = "FREQ=WEEKLY;BYDAY=TH") -> Path:
    """A copy of the sample with an open weekly series."""
    root = tmp_path / "community"
    for folder in ("content", "members", "resources"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "content" / "events" / "2026-weekly-badminton.yml").write_text(
        WEEKLY.format(rule=rule), encoding="utf-8")
    return root


def site_for(root: Path, today: str = "2026-12-07", lang: str = "zh") -> Site:
    com = load_community(str(root), dt.date.fromisoformat(today))
    return Site(com, "public", str(root / "docs"), lang=lang)


@pytest.mark.parametrize(("rule", "zh", "en"), [
    ("FREQ=WEEKLY;BYDAY=TH", "每周四 19:30", "Every Thu 19:30"),
    ("FREQ=WEEKLY", "每周四 19:30", "Every Thu 19:30"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "每 2 周的周四 19:30", "Every 2 weeks on Thu 19:30"),
    ("FREQ=MONTHLY;BYDAY=1TH", "每月 19:30", "Monthly 19:30"),
    ("FREQ=WEEKLY;BYDAY=TU,TH", "定期 · 19:30", "Recurring · 19:30"),
])
def test_a_series_rule_in_words(tmp_path: Path, rule: str, zh: str, en: str) -> None:
    root = community_with(tmp_path, rule)
    for lang, want in (("zh", zh), ("en", en)):
        site = site_for(root, lang=lang)
        ev = next(e for e in site.com.events.values() if e.id == "2026-weekly-badminton")
        first = timeline.slots(site.com, ev)[0]
        assert events.rule_words(site, first) == want


def test_one_row_per_series_with_the_next_few_dates(tmp_path: Path) -> None:
    site = site_for(community_with(tmp_path))
    upcoming, past = timeline.split(site.com, timeline.all_slots(
        site.com, list(site.com.events.values())))
    assert sum(s.event.id == "2026-weekly-badminton" for s in upcoming) > 50  # an open series
    rows = events.rows(site, upcoming)
    series = [r for r in rows if r.slot.event.id == "2026-weekly-badminton"]
    assert len(series) == 1
    row = series[0]
    assert row.rule == "每周四 19:30 · 下次 12 月 10 日"
    assert row.later == "之后：12 月 17 日 · 12 月 24 日 · 12 月 31 日"
    assert row.until == max(s.end for s in upcoming if s.event.id == "2026-weekly-badminton")
    one_offs = [s for s in upcoming if s.event.recurrence is None]
    assert [r.slot for r in rows if not r.rule] == one_offs  # one-off events as they were
    past_rows = [r for r in events.rows(site, past, upcoming=False)
                 if r.slot.event.id == "2026-weekly-badminton"]
    assert [r.rule for r in past_rows] == ["每周四 19:30 · 上次 12 月 3 日"]


def test_the_form_offers_the_coming_sessions_only(tmp_path: Path) -> None:
    site = site_for(community_with(tmp_path))
    ev = site.com.events["2026-weekly-badminton"]
    assert events.coming(site.com, ev) == [dt.date(2026, 12, 10) + dt.timedelta(weeks=n)
                                           for n in range(events.COMING)]
    salon = site.com.events["2026-monthly-member-salon"]
    assert all(d >= site.com.today for d in events.coming(site.com, salon))


# --------------------------------------------------------------------------- built pages


@pytest.fixture(scope="module")
def weekly_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("phone-pages")
    root = community_with(tmp)
    out = tmp / "site"
    proc = run_cli("build", "--root", str(root), "--audience", "members", "--out", str(out),
                   "--today", "2026-12-07")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_a_series_page_puts_the_how_to_and_next_session_before_the_dates(
        weekly_site: Path) -> None:
    page = (weekly_site / "events" / "2026-weekly-badminton" / "index.html").read_text("utf-8")
    body = text(weekly_site / "events" / "2026-weekly-badminton" / "index.html")
    assert "每周四 19:30 下次：2026-12-10（周四） 19:30–21:30" in body
    assert body.index("如何报名") < body.index("日期 2026-12-10")
    article = page[page.index("cy-event-page"):page.index("</article>")]
    shown = article[:article.index("cy-all-dates")]
    assert shown.count('<li class="">2026-') + shown.count('<li class="">2027-') == events.FOLD
    assert "kind=rsvp&amp;event=2026-weekly-badminton&amp;date=2026-12-10" in page
    events_list = text(weekly_site / "events" / "index.html")
    assert events_list.count("周四羽毛球") == 2  # one row upcoming, one row past


@pytest.mark.slow
def test_an_event_page_puts_signing_up_before_the_names_which_fold(weekly_site: Path) -> None:
    """The annual gathering: 43 names signed up; the members-only salon names the session
    its sign-up is for."""
    page = (weekly_site / "events" / "2026-annual-gathering" / "index.html").read_text("utf-8")
    assert page.index("如何报名") < page.index('class="cy-signed"')
    signed = page[page.index('class="cy-signed"'):]
    shown = signed[:signed.index("</p>")]
    assert shown.count('class="cy-person"') == events.FOLD
    folded = signed[signed.index("cy-more-names"):signed.index("</details>")]
    assert folded.count('class="cy-person"') > 30
    salon = text(weekly_site / "events" / "2026-monthly-member-salon" / "index.html")
    assert "下次：2026-12-17" in salon and salon.index("如何报名") < salon.index("报名 2026-12-17")


@pytest.mark.slow
def test_home_puts_upcoming_events_before_the_charts(weekly_site: Path) -> None:
    page = (weekly_site / "index.html").read_text("utf-8")
    assert page.index('id="upcoming"') < page.index("cy-charts")
    assert page.index('id="upcoming"') < page.index('id="who"')
    assert page.count(">周四羽毛球<") == 1


@pytest.mark.slow
def test_a_member_page_puts_wechat_and_phone_near_the_top(weekly_site: Path) -> None:
    page = (weekly_site / "members" / "guo-qiang" / "index.html").read_text("utf-8")
    contact = page.index("cy-contact-top")
    assert contact < page.index("cy-related")
    buttons = re.findall(r'<button type="button" class="cy-copy" data-cy-copy="([^"]+)"', page)
    assert len(buttons) == 2 and all(buttons)


@pytest.mark.slow
def test_downloads_say_what_works_inside_wechat(weekly_site: Path) -> None:
    page = (weekly_site / "events" / "2026-weekly-badminton" / "index.html").read_text("utf-8")
    if cjk_font_missing() is None:  # posters are drawn only with a CJK font (fonts-noto-cjk)
        assert '<span class="cy-wx" hidden><br>在微信里：点开海报，长按图片选「保存图片」。' in page
    assert "「在浏览器打开」" in page

