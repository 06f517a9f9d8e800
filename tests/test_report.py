"""`python -m generator report` on a small fixture community with a pinned date.

tests/fixtures/report/ is built so that every section has a known answer on 2026-12-10
(see the comments there and the expectations below); charter parameters are changed in a
temporary copy to see the sections follow the charter rather than constants.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.__main__ import main

FIXTURE = Path(__file__).parent / "fixtures" / "report"
TODAY = "2026-12-10"


def run_report(capsys: pytest.CaptureFixture[str], root: Path | str = FIXTURE,
               *extra: str) -> tuple[int, str]:
    code = main(["report", "--root", str(root), "--today", TODAY, *extra])
    return code, capsys.readouterr().out


def report_json(capsys: pytest.CaptureFixture[str], root: Path | str = FIXTURE,
                *extra: str) -> dict[str, Any]:
    code, out = run_report(capsys, root, "--format", "json", *extra)
    assert code == 0
    doc: dict[str, Any] = json.loads(out)
    return doc


def section(doc: dict[str, Any], sid: str) -> dict[str, Any]:
    found = [s for s in doc["sections"] if s["id"] == sid]
    assert found, f"no section {sid}"
    return found[0]


def ids(doc: dict[str, Any], sid: str) -> list[str]:
    return [i["id"] for i in section(doc, sid)["items"]]


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["report", "--root", str(FIXTURE), "--today", TODAY, "--format", "json",
                     "--since", "2026-11-25"])
    assert code == 0
    result: dict[str, Any] = json.loads(buf.getvalue())
    return result


def test_header_counts_check_problems(doc: dict[str, Any]) -> None:
    assert doc["today"] == TODAY and doc["since"] == "2026-11-25"
    assert doc["report"] == "courtyard-report"
    # event.capacity (12-18 salon) and R3 (ad without red packet); C2.lapsed and R4 warnings
    assert doc["check"] == {"errors": 2, "warnings": 2}


def test_dues_due_soon_from_charter_amount(doc: dict[str, Any]) -> None:
    s = section(doc, "dues-soon")
    # fa-zhu prepaid 2027; the other active inner members owe 2027 dues on 1 January
    assert [i["id"] for i in s["items"]] == ["gong-chuang", "li-yi", "wang-er", "zhou-wu"]
    first = s["items"][0]
    assert first["rule"] == "C2" and first["file"] == "members/gong-chuang.yml"
    assert first["data"]["year"] == 2027 and first["data"]["days"] == 22
    assert first["data"]["amount"] == 1000 and "1000 CNY" in first["message"]


def test_dues_overdue_within_grace(doc: dict[str, Any]) -> None:
    [item] = section(doc, "dues-overdue")["items"]
    assert item["id"] == "wang-er"  # joined 2026-11-20, first-year dues due on joining
    assert item["data"]["due"] == "2026-11-20" and item["data"]["days"] == 20
    assert item["data"]["grace_end"] == "2026-12-20"


def test_dues_lapsed_suggests_alumni(doc: dict[str, Any]) -> None:
    [item] = section(doc, "dues-lapsed")["items"]
    assert item["id"] == "gong-chuang" and item["data"]["year"] == 2026
    assert "alumni" in item["message"] and item["data"]["grace"] == 30


def test_attendance_this_year_with_remaining_events(doc: dict[str, Any]) -> None:
    s = section(doc, "attendance-this-year")
    # wang-er joined in November and went to the 12-08 tea; zhou-wu has not been to one but
    # joined on 12-01, inside the charter's 30-day grace period (see the test below)
    assert ids(doc, "attendance-this-year") == ["gong-chuang"]
    assert all(i["rule"] == "R4" and i["data"]["remaining"] == 2 for i in s["items"])
    assert s["facts"][0]["data"]["remaining"] == 2  # 12-18 salon and 12-27 dinner
    assert "十二月沙龙" in s["facts"][0]["message"]


def test_missed_completed_year_reuses_the_rule(doc: dict[str, Any]) -> None:
    [item] = section(doc, "attendance-missed")["items"]
    assert item["id"] == "gong-chuang" and item["data"] == {"count": 0, "need": 1, "year": 2025}


def test_sharing_this_year(doc: dict[str, Any]) -> None:
    s = section(doc, "sharing")
    assert ids(doc, "sharing") == ["gong-chuang"]  # wang-er, zhou-wu: in their grace period
    by_id = {i["id"]: i for i in s["items"]}
    assert by_id["gong-chuang"]["data"]["total"] == 1  # media last updated in 2025
    assert set(s["rules"]) == {"R4", "C4"}


def test_cap_headroom_and_candidates(doc: dict[str, Any]) -> None:
    s = section(doc, "cap")
    assert s["facts"][0]["data"] == {"name": "菁英会", "count": 5, "cap": 6, "minimum": 4,
                                     "headroom": 1, "candidates": 2}
    [item] = s["items"]
    assert item["rule"] == "C1" and item["data"] == {"candidates": 2, "headroom": 1}


def test_intake_quota_and_candidates_with_sponsors(doc: dict[str, Any]) -> None:
    s = section(doc, "intake")
    assert s["facts"][0]["data"] == {"year": 2026, "admitted": 2, "quota": 3, "left": 1}
    items = {i["id"]: i for i in s["items"]}
    assert list(items) == ["zhou-ba", "sun-qi"]  # by date proposed
    assert items["sun-qi"]["data"]["sponsor"] == "li-yi"
    assert "甲传媒+李一" in items["sun-qi"]["message"]
    assert items["sun-qi"]["data"]["days"] == 10
    assert "C3" in items["zhou-ba"]["message"]  # sponsor chen-liu has left


def test_board_posts_expiring_within_14_days(doc: dict[str, Any]) -> None:
    s = section(doc, "board-expiring")
    assert ids(doc, "board-expiring") == ["ad-no-packet", "need-new"]  # 10 and 14 days
    assert [i["data"]["days"] for i in s["items"]] == [10, 14]
    assert s["items"][0]["file"] == "resources/board/ad-no-packet.yml"


def test_ads_without_red_packet(doc: dict[str, Any]) -> None:
    [item] = section(doc, "red-packet")["items"]
    assert item["rule"] == "R3" and item["id"] == "ad-no-packet"
    assert item["data"]["amount"] == "30" and item["data"]["recipients"] == 5
    assert "甲传媒+李一" in item["message"]


def test_upcoming_events_without_organisers_or_over_capacity(doc: dict[str, Any]) -> None:
    items = section(doc, "events")["items"]
    assert [(i["id"], i["data"].get("count")) for i in items] == [
        ("2026-12-salon", None), ("2026-12-salon", 3)]
    assert all(i["rule"] == "C7" for i in items)


def test_events_held_without_attendance(doc: dict[str, Any]) -> None:
    items = section(doc, "attendance-unrecorded")["items"]
    # the 10-20 visit, and the November instance of the recurring tea (the cancelled
    # salon and the recorded instances are not listed)
    assert [(i["id"], i["data"]["date"]) for i in items] == [
        ("2026-10-visit", "2026-10-20"), ("2026-monthly", "2026-11-08")]


def test_members_without_github(doc: dict[str, Any]) -> None:
    items = section(doc, "github")["items"]
    assert [i["id"] for i in items] == ["gong-chuang", "wu-jiu"]  # active only
    assert items[0]["rule"] == "R2"


def test_new_since(doc: dict[str, Any]) -> None:
    assert ids(doc, "since") == ["sun-qi", "zhou-wu", "ad-no-packet", "need-new"]


def test_since_defaults_to_a_week(capsys: pytest.CaptureFixture[str]) -> None:
    d = report_json(capsys)
    assert d["since"] == "2026-12-03"
    assert ids(d, "since") == ["need-new"]


def test_every_item_names_a_clause_and_a_file(doc: dict[str, Any]) -> None:
    for s in doc["sections"]:
        for item in s["items"]:
            assert re.fullmatch(r"[RC]\d", item["rule"]), item
            assert item["rule"] in s["rules"], (s["id"], item)
            assert (FIXTURE / item["file"]).is_file(), item


def test_markdown_for_the_weekly_issue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_report(capsys, FIXTURE, "--format", "markdown")
    assert code == 0
    assert out.splitlines()[0] == "<!-- courtyard-report -->"
    assert "# 测试会 管理报告(2026-12-10)" in out
    assert "| C2 | 丙媒体+王二 (`wang-er`) |" in out
    assert "## 会费逾期(宽限期内) · C2" in out
    # data is inert: no raw HTML, no @mention, no table-breaking pipe
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "@活动" not in out and "&#64;活动" in out
    for line in out.splitlines():
        if line.startswith(("| R", "| C")):
            assert line.count(" | ") == 3, line


def test_text_has_no_colour_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_report(capsys, FIXTURE, "--lang", "en")
    assert code == 0
    assert "\x1b[" not in out
    assert "Dues overdue (within the grace period) [C2] (1)" in out
    assert "members/wang-er.yml" in out


def test_text_colours_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from generator.admin import report_format
    from generator.admin.report import build_report
    from generator.commands.check import collect
    com, problems = collect(str(FIXTURE), __import__("datetime").date(2026, 12, 10))
    rep = build_report(com, problems, "zh")
    buf = io.StringIO()
    report_format.write(rep, "text", buf, color=True)
    assert "\x1b[1m" in buf.getvalue()


def copy_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "community"
    shutil.copytree(FIXTURE, root)
    return root


def set_charter(root: Path, old: str, new: str) -> None:
    path = root / "content" / "charter.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sections_follow_charter_parameters(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_fixture(tmp_path)
    set_charter(root, "grace_days: 30", "grace_days: 400")
    set_charter(root, "events_per_year: 1", "events_per_year: 0")
    set_charter(root, "yearly_intake: 3", "yearly_intake: 2")
    set_charter(root, "amount: 1000", "amount: 2500")
    d = report_json(capsys, root)
    assert ids(d, "dues-lapsed") == []
    assert "gong-chuang" in ids(d, "dues-overdue")
    assert section(d, "dues-soon")["items"][0]["data"]["amount"] == 2500
    assert ids(d, "attendance-this-year") == [] and ids(d, "attendance-missed") == []
    intake = section(d, "intake")
    assert intake["facts"][0]["data"]["left"] == 0
    assert all("2027" in i["message"] for i in intake["items"])  # wait for next year


def test_cap_exceeded_and_below_minimum(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_fixture(tmp_path)
    set_charter(root, "cap: 6", "cap: 4")
    set_charter(root, "minimum: 4", "minimum: 1")
    [item] = [i for i in section(report_json(capsys, root), "cap")["items"]
              if i["data"].get("over")]
    assert item["data"] == {"count": 5, "cap": 4, "over": 1}
    set_charter(root, "cap: 4", "cap: 50")
    set_charter(root, "minimum: 1", "minimum: 20")
    [item] = section(report_json(capsys, root), "cap")["items"]
    assert item["data"] == {"count": 5, "minimum": 20, "missing": 15}


def test_english_charter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_fixture(tmp_path)
    set_charter(root, "language: zh", "language: en")
    d = report_json(capsys, root)
    assert section(d, "dues-lapsed")["title"].startswith("Dues past the grace period")
    assert "Record the payment" in section(d, "dues-lapsed")["items"][0]["message"]


def test_unusable_charter_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.makedirs(tmp_path / "content")
    (tmp_path / "content" / "charter.yml").write_text("name: [\n", encoding="utf-8")
    code, _out = run_report(capsys, tmp_path)
    assert code == 2


def test_a_registered_section_appears(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.admin import report
    from generator.admin.report import Fact, Result

    @report.section("test-extra", ("C4",), "report.section.since")
    def extra(ctx: report.Ctx) -> Result:
        return Result(facts=[Fact("report.since-fact", {"since": ctx.since.isoformat()})])

    try:
        d = report_json(capsys)
        assert section(d, "test-extra")["facts"][0]["data"] == {"since": "2026-12-03"}
    finally:
        report.SECTIONS[:] = [s for s in report.SECTIONS if s.id != "test-extra"]


def test_sample_community_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    """The repository's own sample community: every section runs and the issue body is sane."""
    repo = Path(__file__).parent.parent
    code, out = run_report(capsys, repo, "--format", "markdown")
    assert code == 0 and out.startswith("<!-- courtyard-report -->\n")
    d = report_json(capsys, repo)
    assert section(d, "cap")["facts"][0]["data"]["cap"] == 50
    assert all(re.fullmatch(r"[RC]\d", i["rule"]) for s in d["sections"] for i in s["items"])


def test_markdown_shrinks_to_fit_an_issue_body() -> None:
    import datetime

    from generator.admin import report_format
    from generator.admin.report import build_report
    from generator.commands.check import collect
    com, problems = collect(str(FIXTURE), datetime.date(2026, 12, 10))
    rep = build_report(com, problems, "zh")
    full = report_format.fitted_markdown(rep)
    assert "未列出" not in full
    small = report_format.fitted_markdown(rep, max_chars=len(full) - 1)
    assert len(small) < len(full)
    # every table keeps its header and says how many items it left out
    assert "| … | | 还有 3 项未列出" in report_format.fitted_markdown(rep, limit=1)
    assert small.startswith("<!-- courtyard-report -->")


def test_limit_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_report(capsys, FIXTURE, "--limit", "1")
    assert code == 0
    assert "还有 3 项未列出" in out  # dues-soon has 4 items
    assert out.count("2027 年会费") == 1


def test_newcomers_are_flagged_only_after_the_grace_period(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """R4 asks nothing of a member in the charter's grace period after joining (zhou-wu
    joined on 12-01, wang-er on 11-20); with a 5-day grace both are due to share."""
    root = copy_fixture(tmp_path)
    set_charter(root, "grace_days: 30", "grace_days: 5")
    d = report_json(capsys, root)
    assert ids(d, "sharing") == ["gong-chuang", "wang-er", "zhou-wu"]
    assert ids(d, "attendance-this-year") == ["gong-chuang", "zhou-wu"]


SAMPLE = Path(__file__).parent.parent
WAVE_DAY = "2027-01-05"  # four days after everyone's dues fell due


def sample_report(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code = main(["report", "--root", str(SAMPLE), "--today", WAVE_DAY, *extra])
    assert code == 0
    return capsys.readouterr().out


def test_sample_report_leads_with_the_most_urgent(capsys: pytest.CaptureFixture[str]) -> None:
    """Must show (issue 13): on 2027-01-05 the first section is the dues past the grace
    period (guo-qiang, jiang-tao), not the 1-January wave; the same order in every format."""
    doc = json.loads(sample_report(capsys, "--format", "json"))
    order = [s["id"] for s in doc["sections"]]
    assert order[0] == "dues-lapsed"
    assert [i["id"] for i in doc["sections"][0]["items"]] == ["guo-qiang", "jiang-tao"]
    # lapsed, then candidates waiting, then what is due; sections with nothing to do last
    assert order.index("intake") < order.index("dues-overdue") < order.index("sharing")
    counts = [s["count"] for s in doc["sections"]]
    assert counts.index(0) == len([c for c in counts if c])  # every empty one after
    titles = [s["title"] for s in doc["sections"]]
    text_out = sample_report(capsys)
    at = [text_out.index(f"\n{t} [") for t in titles]
    assert at == sorted(at)
    md = sample_report(capsys, "--format", "markdown")
    at = [md.index(f"\n## {t} · ") for t in titles]
    assert at == sorted(at)


def test_sample_report_folds_the_january_wave(capsys: pytest.CaptureFixture[str]) -> None:
    """Must show (issue 13): the 32 members whose 2027 dues fell due on 1 January are ONE
    line with the count and where the full list is; --all lists them one by one."""
    wave = "2027 年会费 3000 CNY 应于 2027-01-01 缴纳"
    doc = json.loads(sample_report(capsys, "--format", "json"))
    # members owing another year too say their total on their own line (not in the wave)
    [item] = [i for i in section(doc, "dues-overdue")["items"] if i["kind"] == "wave"]
    n = item["count"]  # 32 in today's sample: every active inner member
    assert item["kind"] == "wave" and n >= 30 and len(item["members"]) == n
    others = len(section(doc, "dues-overdue")["items"]) - 1  # owing two years: own lines
    assert item["file"] == "members/" and section(doc, "dues-overdue")["count"] == n + others
    for fmt in ("text", "markdown"):
        lines = [ln for ln in sample_report(capsys, "--format", fmt).splitlines()
                 if wave in ln and "连同" not in ln]
        assert len(lines) == 1, (fmt, lines)
        assert f"{n} 位会员" in lines[0] and "report --all" in lines[0]
    full = sample_report(capsys, "--all")
    assert sum(1 for ln in full.splitlines() if wave in ln) == n + others
    assert "未列出" not in full


def test_long_sections_are_capped_with_a_count(capsys: pytest.CaptureFixture[str]) -> None:
    out = sample_report(capsys)
    # every active inner member shared nothing yet in 2027 (different totals, so no wave):
    # ten, then how many more
    block = out.split("今年没有分享客户或资源")[1].split("\n\n")[0]
    n = int(block.split("(", 1)[1].split(")", 1)[0])
    assert n > 10 and block.count("members/") == 10 and f"还有 {n - 10} 项未列出" in block


def test_fold_needs_five_identical_items() -> None:
    from generator.admin.report import FOLD_MIN, Item, fold_waves

    def item(mid: str, year: int) -> Item:
        return Item("C2", "member", mid, mid, f"members/{mid}.yml", "report.dues-soon",
                    {"year": year})

    few = [item(f"m{i}", 2027) for i in range(FOLD_MIN - 1)]
    assert fold_waves(few, "en") == few
    many = [item("a", 2026), *(item(f"m{i}", 2027) for i in range(FOLD_MIN))]
    folded = fold_waves(many, "en")
    assert [i.kind for i in folded] == ["member", "wave"]
    assert folded[1].name == f"{FOLD_MIN} members" and len(folded[1].folded) == FOLD_MIN


def test_offers_that_read_like_ads_are_for_review(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_fixture(tmp_path)
    board = root / "resources" / "board"
    for pid, expires in (("offer-live", "2027-01-31"), ("offer-gone", "2026-11-30")):
        (board / f"{pid}.yml").write_text(
            f"title: 地铁屏特价\ntype: offer\nowner: li-yi\nposted: 2026-11-01\n"
            f"expires: {expires}\n", encoding="utf-8")
    assert ids(report_json(capsys), "ad-review") == []
    [item] = section(report_json(capsys, root), "ad-review")["items"]
    assert item["id"] == "offer-live" and item["rule"] == "R3"  # the expired one is not listed
    assert "特价" in item["message"] and "type: ad" in item["message"]
