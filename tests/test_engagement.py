"""Engagement per member and year, the report's sections and the site fragments, on the
hand-written fixture (tests/fixtures/matching, today = 2026-11-24) whose answers are known."""

from __future__ import annotations

import datetime as dt
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.analysis import engagement, report
from generator.pages.matching import Fragments

_spec = importlib.util.spec_from_file_location(
    "matching_fixture", Path(__file__).parent / "fixtures" / "matching" / "build.py")
assert _spec is not None and _spec.loader is not None
fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixture)

Z = dict.fromkeys(engagement.CATEGORIES, 0)


def counts(**kw: int) -> dict[str, int]:
    return {**Z, **kw}


@pytest.fixture(scope="module")
def com(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return fixture.load(tmp_path_factory.mktemp("engagement"))


def url(to: str) -> str:
    return "/" + to


# --------------------------------------------------------------------------- counting


def test_member_years_members_edition(com: Any) -> None:
    eng = engagement.compute(com, "members")
    assert eng.member_years("bo-wen") == {
        2024: counts(sponsored=1),                          # he-ping joined 2024
        2025: counts(events=1, sponsored=3),                # public salon; an-qi, cai-li, du-fei
        2026: counts(events=1, media=1, posts=2, sponsored=2),  # dinner; er-ya, gu-yun
    }
    # recurring event: two held occurrences attended, the cancelled one not; open day
    assert eng.member_years("cai-li") == {2026: counts(events=3, posts=1)}
    # answered a need through fulfilled_by; attended one occurrence of the tea
    assert eng.member_years("du-fei")[2026] == counts(events=1, media=1, answered=1)
    assert eng.member_years("gu-yun") == {2026: counts(events=1, clients=1, posts=3)}


def test_undated_resource_counts_in_no_year(com: Any) -> None:
    eng = engagement.compute(com, "members")
    assert eng.member_years("he-ping") == {None: counts(media=1)}
    assert not eng.active_in("he-ping", 2026)
    assert all(y is not None for y in eng.totals())


def test_events_held_skip_cancelled_and_future(com: Any) -> None:
    eng = engagement.compute(com, "members")
    # 2026: dinner, tea ×2 (Feb cancelled), open day, workshop; not the cancelled visit,
    # not the party on 2026-12-20
    assert eng.events_held == {2025: 1, 2026: 5}


def test_community_totals_and_active_members(com: Any) -> None:
    eng = engagement.compute(com, "members")
    assert eng.totals()[2026] == counts(events=7, media=2, clients=1, posts=8, sponsored=2,
                                        answered=1)
    assert eng.active_members() == {2024: 1, 2025: 2, 2026: 5}


def test_public_edition_counts_public_data_only(com: Any) -> None:
    eng = engagement.compute(com, "public")
    # no members-only dinner, media resource; no candidate er-ya among the sponsored
    assert eng.member_years("bo-wen")[2026] == counts(posts=2, sponsored=1)
    assert "gu-yun" not in eng.by_member or eng.member_years("gu-yun")[2026]["clients"] == 0


def test_month_figures_are_public_aggregates(com: Any) -> None:
    from generator.analysis import shown as pages
    nov = pages.public_months(com, 12)[-1]
    assert nov == engagement.MonthFigures(month="2026-11", new_resources=1, needs_posted=1,
                                          needs_matched=1, events_held=1)
    assert [m.month for m in pages.public_months(com, 3)] == ["2026-09", "2026-10", "2026-11"]


# --------------------------------------------------------------------------- report sections


def test_stale_needs(com: Any) -> None:
    found = [(s.need.id, s.age_days) for s in report.stale_needs(com)]
    assert found == [("need-metro-stale", 54)]
    assert report.stale_needs(com, days=60) == []


def test_new_matches_and_introductions(com: Any) -> None:
    assert [m.id for m in report.new_matches(com, dt.date(2026, 11, 19))] == [
        "offer-futian-cbd-screens"]
    since = dt.date(2026, 11, 15)
    assert [m.id for m in report.new_matches(com, since)] == [
        "futian-office-elevator-members", "huacai-office-launch", "offer-futian-cbd-screens"]
    # one introduction per (need, member): bo-wen's offer folds into his media resource
    assert [(m.owner, m.id) for m in report.introductions(com, since)] == [
        ("bo-wen", "futian-office-elevator-members"), ("gu-yun", "huacai-office-launch")]


def test_inactive_members(com: Any) -> None:
    assert [m.id for m in report.inactive_members(com, 2026)] == ["he-ping"]
    assert [m.id for m in report.inactive_members(com, 2026, circle="outer")] == []
    # 2025: an-qi joined that year and did nothing recorded in it
    assert [m.id for m in report.inactive_members(com, 2025)] == ["an-qi", "he-ping"]


def test_report_sections_run_inside_the_admin_report(com: Any) -> None:
    from generator.admin import report as admin
    if "generator.admin.matching_sections" not in admin.SECTION_MODULES:
        pytest.fail("generator.admin.matching_sections is not listed in SECTION_MODULES")
    rep = admin.build_report(com, [], "en", dt.date(2026, 11, 19))
    by_id = {s.id: s for s in rep.sections}
    assert [it.id for it in by_id["needs-unmatched"].items] == ["need-metro-stale"]
    intro = by_id["matches-new"].items
    assert [it.id for it in intro] == ["need-office-elevator"]
    assert "Introduce 安琪 to 博文" in intro[0].message("en").replace("鲜丰食品+", "").replace(
        "分众传媒+", "")
    assert "keywords: 写字楼, 电梯" in intro[0].message("en")
    assert "写字楼、电梯" in intro[0].message("zh")
    assert [it.id for it in by_id["inactive-this-year"].items] == ["he-ping"]


# --------------------------------------------------------------------------- site fragments


def test_member_activity_only_in_the_members_edition(com: Any) -> None:
    m = com.members["bo-wen"]
    assert 'id="activity"' in Fragments(com, "members", "zh").member(m, url)
    assert 'id="activity"' not in Fragments(com, "public", "zh").member(m, url)


def test_activity_chart_is_xml_with_its_numbers(com: Any) -> None:
    html = str(Fragments(com, "members", "en").activity(com.members["bo-wen"]))
    svg_text = html[html.index("<svg"):html.index("</svg>") + 6]
    root = ET.fromstring(svg_text)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns) is not None
    desc = root.find("s:desc", ns)
    assert desc is not None and "2025: events attended 1" in (desc.text or "")
    bars = {(g.get("data-x"), r.get("data-series")): int(r.get("data-value") or -1)
            for g in root.findall("s:g", ns) for r in g.findall("s:rect", ns)}
    assert bars[("2025", "sponsored")] == 3 and bars[("2026", "posts")] == 2
    assert ("None", "media") not in bars  # undated figures are in the table, not the chart


def test_need_fragment_by_edition(com: Any) -> None:
    need = com.board["need-office-elevator"]
    public = Fragments(com, "public", "zh").need(need, url)
    members = Fragments(com, "members", "zh").need(need, url)
    assert "可能的对接" in public and "/board/offer-futian-cbd-screens.md" in public
    assert "clients/" not in public and "futian-office-elevator-members" not in public
    assert "/clients/huacai-office-launch.md" in members
    assert Fragments(com, "public", "zh").need(com.board["need-fulfilled-metro"], url) == ""
    assert "暂时没有" in Fragments(com, "public", "zh").need(com.board["need-metro-stale"], url)


def test_reverse_fragments(com: Any) -> None:
    frag = Fragments(com, "public", "en")
    assert "/board/need-office-elevator.md" in frag.serves("offer", "offer-futian-cbd-screens", url)
    assert frag.serves("offer", "offer-wedding-photos", url) == ""
    helps = frag.member(com.members["bo-wen"], url)
    assert "Needs you could help with" in helps and "via 福田CBD写字楼电梯屏" in helps


def test_engagement_page_public_has_aggregates_only(com: Any) -> None:
    public = str(Fragments(com, "public", "zh").engagement_body(url))
    members = str(Fragments(com, "members", "zh").engagement_body(url))
    assert 'id="totals"' in members and 'id="totals"' not in public
    assert 'id="months"' in public and 'data-figure="events_held"><strong>1<' in public
    for name in ("博文", "bo-wen", "何平", "he-ping"):
        assert name not in public  # no member named, let alone ranked


def test_values_from_the_data_are_escaped(tmp_path: Path) -> None:
    root = fixture.make_root(tmp_path)
    (root / "resources" / "board" / "offer-xss.yml").write_text(
        "title: '<script>alert(1)</script>写字楼电梯'\ntype: offer\nowner: cai-li\n"
        "posted: 2026-11-02\ncity: 深圳\n", encoding="utf-8")
    from generator.data.community import load_community
    c = load_community(str(root), fixture.TODAY)
    html = str(Fragments(c, "public", "zh").need(c.board["need-office-elevator"], url))
    assert "offer-xss" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


# --------------------------------------------------------------------------- hooked into the site


@pytest.fixture(scope="module")
def generated(com: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site's pages of both editions (Markdown only: MkDocs is not run here)."""
    from generator.pages.generate import generate
    out = {}
    for edition in ("public", "members"):
        base = tmp_path_factory.mktemp(f"docs-{edition}")
        generate(com, edition, str(base / "docs"), str(base / "jieba.txt"))  # type: ignore[arg-type]
        out[edition] = base / "docs"
    return out


def test_site_pages_carry_the_fragments(generated: dict[str, Path]) -> None:
    pub, mem = generated["public"], generated["members"]
    need = (pub / "board" / "need-office-elevator.md").read_text("utf-8")
    assert "可能的对接" in need and "offer-futian-cbd-screens" in need
    assert "你可以帮忙的需求" in (pub / "members" / "bo-wen.md").read_text("utf-8")
    assert "need-office-elevator" in (pub / "board" / "offer-futian-cbd-screens.md").read_text(
        "utf-8")
    assert "need-office-elevator" in (mem / "clients" / "huacai-office-launch.md").read_text(
        "utf-8")
    assert 'id="activity"' in (mem / "members" / "bo-wen.md").read_text("utf-8")
    assert 'id="activity"' not in (pub / "members" / "bo-wen.md").read_text("utf-8")
    assert 'id="this-month"' in (pub / "index.md").read_text("utf-8")
    assert (pub / "engagement.md").is_file() and (mem / "engagement.md").is_file()


def test_public_pages_never_mention_members_only_matches(generated: dict[str, Path]) -> None:
    for page in generated["public"].rglob("*.md"):
        body = page.read_text("utf-8")
        assert "huacai-office-launch" not in body and "futian-office-elevator-members" not in body
