"""Charts: each SVG parses as XML and carries the right numbers (data-* attributes, title and
desc) for the fixture community on 2026-12-10; the home page shows only public-safe
aggregates."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.charts import figures, svg
from generator.data.community import Community, load_community
from generator.pages.charts import admin_charts, home_charts

FIXTURE = Path(__file__).parent / "fixtures" / "report"
TODAY = dt.date(2026, 12, 10)
NS = "{http://www.w3.org/2000/svg}"
PEOPLE = ["方竹", "龚闯", "李一", "王二", "周五", "陈六", "孙七", "周八", "吴九", "郑十"]


@pytest.fixture(scope="module")
def com() -> Community:
    return load_community(str(FIXTURE), TODAY)


def parsed(chart: dict[str, str]) -> ET.Element:
    root = ET.fromstring(chart["svg"])
    assert root.tag == NS + "svg"
    return root


def by_id(charts: list[dict[str, str]]) -> dict[str, ET.Element]:
    return {c["id"]: parsed(c) for c in charts}


def bars(root: ET.Element) -> dict[str, int]:
    return {g.get("data-label", ""): int(g.get("data-value", "-1"))
            for g in root.iter(NS + "g") if g.get("class") == "bar"}


def text_of(root: ET.Element, tag: str) -> str:
    el = root.find(NS + tag)
    assert el is not None
    return el.text or ""


def test_every_chart_is_accessible_scalable_xml(com: Community) -> None:
    charts = home_charts(com, "public") + admin_charts(com, "members")
    assert len(charts) == 10
    for c in charts:
        root = parsed(c)
        assert root.get("viewBox", "").startswith(f"0 0 {svg.WIDTH} ")
        assert root.get("width") == "100%" and root.get("role") == "img"
        title, desc = root.find(NS + "title"), root.find(NS + "desc")
        assert title is not None and desc is not None
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text == c["title"] and desc.text
        assert root.get("data-chart") == c["id"]
        assert "http" not in c["svg"].replace("http://www.w3.org/2000/svg", "")


def test_membership_over_time_against_cap_and_minimum(com: Community) -> None:
    root = by_id(home_charts(com, "public"))["membership"]
    points = {c.get("data-key"): int(c.get("data-value", "-1")) for c in root.iter(NS + "circle")}
    assert len(points) == 48  # 2023-01 … 2026-12
    assert root.get("data-count") == "48"
    # founders; chen-liu joins in June 2023; li-yi in May 2024; chen-liu leaves March 2026;
    # wang-er joins in November, zhou-wu in December (suspended and candidates never count)
    assert [points[k] for k in ("2023-01", "2023-05", "2023-06", "2024-04", "2024-05",
                                "2026-02", "2026-03", "2026-11", "2026-12")] == \
        [2, 2, 3, 3, 4, 4, 3, 4, 5]
    refs = {g.get("data-ref"): int(g.get("data-value", "-1")) for g in root.iter(NS + "g")
            if g.get("class") == "ref"}
    assert refs == {"cap": 6, "minimum": 4}
    desc = text_of(root, "desc")
    assert "目前 5 人" in desc and "上限 6" in desc and "下限 4" in desc


def test_membership_points_match_active_count_today(com: Community) -> None:
    points = figures.membership_points(com, "members")
    assert points[-1].value == len(com.active_inner())


def test_attendance_per_event_public_vs_members(com: Community) -> None:
    public = bars(by_id(home_charts(com, "public"))["attendance-events"])
    # public events only; candidates (孙七 at the open day) and suspended members not counted
    assert public == {"12-20 2025 年度聚会": 4, "09-05 开放日": 2}
    members = bars(by_id(admin_charts(com, "members"))["attendance-events"])
    assert members == {"12-20 2025 年度聚会": 4, "03-12 三月沙龙": 3, "09-05 开放日": 3,
                       "10-08 月度茶叙": 1, "10-20 参访乙广告": 0, "11-08 月度茶叙": 0,
                       "12-08 月度茶叙": 1}
    root = by_id(admin_charts(com, "members"))["attendance-events"]
    assert root.get("data-total") == "12" and "7 场活动,共 12 人次" in text_of(root, "desc")


def test_attendance_per_member_is_admin_only(com: Community) -> None:
    root = by_id(admin_charts(com, "members"))["attendance-members"]
    assert bars(root) == {"方竹": 3, "李一": 3, "王二": 1, "周五": 0, "龚闯": 0}
    assert "其中 2 位一次也没有参加" in text_of(root, "desc")
    assert "attendance-members" not in {c["id"] for c in home_charts(com, "members")}


def test_members_by_organisation_and_city(com: Community) -> None:
    charts = by_id(home_charts(com, "public"))
    assert bars(charts["members-by-org"]) == {"甲传媒": 2, "丁传播": 1, "丙媒体": 1, "己公司": 1,
                                              "乙广告": 1}
    assert bars(charts["members-by-city"]) == {"深圳": 4, "广州": 1, "未填写": 1}
    assert "6 位在籍会员来自 5 家机构" in text_of(charts["members-by-org"], "desc")


def test_sponsor_tree_depth(com: Community) -> None:
    root = by_id(admin_charts(com, "members"))["sponsor-depth"]
    assert bars(root) == {"第 0 层": 2, "第 1 层": 1, "第 2 层": 1, "第 3 层": 1}
    assert "第 3 层 1 人" in text_of(root, "desc")


def test_home_page_is_public_safe(com: Community) -> None:
    svgs = " ".join(c["svg"] for c in home_charts(com, "public"))
    for name in PEOPLE:  # no chart on the home page names a person
        assert name not in svgs
    for private in (
        "三月沙龙",
        "月度茶叙",
        "参访乙广告",
        "庚传媒",
        "辛广告",
        "戊传媒",
        "珠海",
        "东莞",
    ):
        assert private not in svgs  # members-only events, candidates' and suspended orgs
    assert admin_charts(com, "public") == []


def test_charts_are_deterministic(com: Community) -> None:
    again = load_community(str(FIXTURE), TODAY)
    assert admin_charts(com, "members") == admin_charts(again, "members")
    assert home_charts(com, "public") == home_charts(again, "public")


def test_data_is_escaped(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    path = root / "members" / "li-yi.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("org: 甲传媒", 'org: "A&B<i>x</i>"')
                    .replace("city: 广州", 'city: "\\"><script>"'), encoding="utf-8")
    com = load_community(str(root), TODAY)
    charts = by_id(home_charts(com, "public"))
    assert bars(charts["members-by-org"])["A&B<i>x</i>"] == 1
    assert bars(charts["members-by-city"])['"><script>'] == 1
    for c in home_charts(com, "public"):
        assert "<i>" not in c["svg"] and "<script" not in c["svg"]


def test_long_tail_is_summed_into_other() -> None:
    counter = Counter({f"机构{i:02d}": 20 - i for i in range(15)})
    rows = figures._top(counter, "zh")
    assert len(rows) == figures.TOP_N + 1
    assert rows[0] == svg.Bar("机构00", 20)
    assert rows[-1].label == "其他(4 个)" and rows[-1].value == sum(20 - i for i in range(11, 15))


def test_long_labels_are_clipped_but_kept_whole_in_data() -> None:
    label = "深圳市某某某某广告传媒有限公司华南分公司"
    out = svg.bar_chart("x", "t", "d", [svg.Bar(label, 3)], "empty")
    root = ET.fromstring(out)
    g = next(g for g in root.iter(NS + "g") if g.get("class") == "bar")
    assert g.get("data-label") == label
    shown = next(t.text for t in g.iter(NS + "text")) or ""
    assert shown.endswith("…") and svg.width_of(shown) <= svg.LABEL_COLS


def test_empty_community_draws_a_placeholder(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURE / "content" / "charter.yml", tmp_path / "content" / "charter.yml")
    com = load_community(str(tmp_path), TODAY)
    for c in home_charts(com, "public"):
        root = parsed(c)
        assert "暂无数据" in c["svg"] and root.get("data-count") == "0"


def test_charts_pass_the_sites_svg_vetting(com: Community) -> None:
    safe: Any = pytest.importorskip("generator.pages.safe")
    for c in admin_charts(com, "members"):
        assert safe.vetted_svg(c["svg"]) is not None, c["id"]


def test_tall_charts_are_capped(com: Community, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "MAX_ROWS", 3)
    events = by_id(admin_charts(com, "members"))["attendance-events"]
    # the five earliest of seven events summed into one row, the two most recent kept
    assert bars(events) == {"更早的 5 场": 11, "11-08 月度茶叙": 0, "12-08 月度茶叙": 1}
    assert "7 场活动,共 12 人次" in text_of(events, "desc")
    people = by_id(admin_charts(com, "members"))["attendance-members"]
    assert bars(people) == {"方竹": 3, "李一": 3, "其余 3 位": 1}
