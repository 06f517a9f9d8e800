"""`python -m generator new`: driven by flags and by typed answers on stdin; what it writes
is loaded back by the project's own loader and must not add a single problem to `check`."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
import yaml

from generator.__main__ import main
from generator.admin import writer
from generator.commands.check import collect
from generator.data import dump, ids

FIXTURE = Path(__file__).parent / "fixtures" / "report"
TODAY = "2026-12-10"


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "community"
    shutil.copytree(FIXTURE, dest)
    return dest


def problem_set(root: Path) -> set[tuple[str, str, str]]:
    _com, problems = collect(str(root), dt.date(2026, 12, 10))
    return {(p.file, p.rule, p.severity) for p in problems}


def new(root: Path, *args: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> int:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["new", *args[:1], "--root", str(root), "--today", TODAY, *args[1:]])


def assert_clean(root: Path, rel: str, before: set[tuple[str, str, str]]) -> None:
    """The new file adds no problem at all, and check loads it (it is in the community)."""
    after = problem_set(root)
    assert after == before, after - before
    com, _p = collect(str(root), dt.date(2026, 12, 10))
    kind = {"members": "member", "content": "event", "resources": None}[rel.split("/")[0]]
    if kind:
        assert Path(rel).stem in com.by_kind(kind)


# --------------------------------------------------------------------------- flags


def test_member_from_flags(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = problem_set(root)
    code = new(root, "member", "--no-input", "--name", "张伟", "--org", "分众传媒",
               "--sponsor", "li-yi", "--phone", "13800138000", "--tags", "电梯媒体,写字楼",
               "--bio", "第一行\n第二行")
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.strip() == "members/zhang-wei.yml"
    text = (root / "members" / "zhang-wei.yml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schemas/member.schema.json"
    assert ("name: 张伟\norg: 分众传媒\ncircle: inner\nstatus: candidate\njoined: 2026-12-10\n"
            "sponsor: li-yi\n") in text
    assert 'phone: {value: "138 0013 8000", visibility: private}' in text  # as the sample writes
    assert "tags: [电梯媒体, 写字楼]" in text and "bio: |\n  第一行\n  第二行\n" in text
    assert "\\u" not in text
    assert_clean(root, "members/zhang-wei.yml", before)


def test_id_collision_gets_a_suffix(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("member", "--yes", "--name", "李一", "--org", "乙广告", "--sponsor", "fa-zhu")
    assert new(root, *args) == 0
    assert new(root, *args) == 0
    out = capsys.readouterr().out.split()
    assert out == ["members/li-yi-2.yml", "members/li-yi-3.yml"]


def test_refuses_to_overwrite(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (root / "members" / "li-yi.yml").read_bytes()
    code = new(root, "member", "--yes", "--id", "li-yi", "--name", "李一", "--org", "乙广告",
               "--sponsor", "fa-zhu")
    assert code == 2
    assert "不会覆盖" in capsys.readouterr().err
    assert (root / "members" / "li-yi.yml").read_bytes() == before


def test_missing_required_field_without_prompting(root: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = new(root, "member", "--no-input", "--name", "张伟", "--lang", "en")
    err = capsys.readouterr().err
    assert code == 2
    assert "--org" in err and "--sponsor" in err
    assert not (root / "members" / "zhang-wei.yml").exists()


@pytest.mark.parametrize("args, expect", [
    (("--joined", "2026-13-01"), "--joined"),
    (("--circle", "middle"), "--circle"),
    (("--sponsor", "zhou-ba"), "zhou-ba"),  # a candidate cannot sponsor
    (("--sponsor", "li-yy"), "li-yi"),  # did you mean
    (("--start", "2027-01-01"), "--start"),  # an event's flag
    (("--id", "Bad_Id"), "--id"),
])
def test_bad_flags_exit_2(root: Path, capsys: pytest.CaptureFixture[str],
                          args: tuple[str, ...], expect: str) -> None:
    base = {"--name": "张伟", "--org": "分众传媒", "--sponsor": "li-yi"}
    base.update(dict(zip(args[::2], args[1::2], strict=False)))
    flat = [x for kv in base.items() for x in kv]
    code = new(root, "member", "--yes", *flat)
    assert code == 2
    assert expect in capsys.readouterr().err
    assert list((root / "members").glob("zhang-wei*")) == []


def test_record_that_would_fail_check_is_not_written(root: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = new(root, "member", "--yes", "--name", "张伟", "--org", "分众传媒", "--sponsor",
               "li-yi", "--display-name", "别的公司+张伟")
    err = capsys.readouterr().err
    assert code == 1
    assert "R1.display-name" in err and "members/zhang-wei.yml" in err
    assert not (root / "members" / "zhang-wei.yml").exists()


def test_active_member_with_dues(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = problem_set(root)
    code = new(root, "member", "--yes", "--name", "曾小贤", "--org", "丙媒体", "--status",
               "active", "--joined", "2026-12-01", "--sponsor", "李一", "--approved-by",
               "fa-zhu", "--dues-paid", "2026/12/02", "--github", "@zengxx")
    assert code == 0, capsys.readouterr().err
    data = yaml.safe_load((root / "members" / "zeng-xiao-xian.yml").read_text(encoding="utf-8"))
    assert data["sponsor"] == "li-yi" and data["github"] == "zengxx"
    assert data["dues"] == [{"year": 2026, "paid": dt.date(2026, 12, 2), "amount": 1000}]
    assert_clean(root, "members/zeng-xiao-xian.yml", before)


def test_event_from_flags(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = problem_set(root)
    code = new(root, "event", "--yes", "--title", "新春 茶话会", "--start", "2027-01-16 14:00",
               "--end", "2027-01-16 17:00", "--location", "会客厅", "--address", "福田区 1 号",
               "--organizers", "fa-zhu, 李一", "--capacity", "30")
    assert code == 0, capsys.readouterr().err
    path = root / "content" / "events" / "2027-01-xin-chun-cha-hua-hui.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/event.schema.json\n")
    assert 'start: "2027-01-16 14:00"\nend: "2027-01-16 17:00"\n' in text
    assert "organizers: [fa-zhu, li-yi]" in text and "audience: members" in text
    assert "location: {name: 会客厅, address: 福田区 1 号, city: 深圳}" in text
    assert_clean(root, "content/events/2027-01-xin-chun-cha-hua-hui.yml", before)


def test_ad_without_red_packet_exits_1_and_writes_nothing(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Must show (issue 13): the tool never invents R3 compliance. An ad without the red
    packet's figures fails with R3's own message and no file is written."""
    board = sorted((root / "resources" / "board").iterdir())
    code = new(root, "post", "--yes", "--title", "春节大屏", "--type", "ad", "--owner", "li-yi",
               "--expires", "2027-02-28")
    assert code == 1
    err = capsys.readouterr().err
    assert "[R3.red-packet]" in err and "广告帖没有群红包" in err
    assert sorted((root / "resources" / "board").iterdir()) == board


def test_ad_keeps_exactly_the_red_packet_given(root: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = problem_set(root)
    code = new(root, "post", "--yes", "--title", "春节大屏", "--type", "ad", "--owner", "li-yi",
               "--expires", "2027-02-28", "--red-packet-amount", "66",
               "--red-packet-recipients", "10")
    assert code == 0, capsys.readouterr().err
    data = yaml.safe_load((root / "resources" / "board" / "chun-jie-da-ping.yml")
                          .read_text(encoding="utf-8"))
    assert data["red_packet"] == {"amount": 66, "recipients": 10}  # no invented `sent`
    assert_clean(root, "resources/board/chun-jie-da-ping.yml", before)


def test_red_packet_below_the_charter_is_refused(root: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code = new(root, "post", "--yes", "--title", "小红包广告", "--type", "ad", "--owner",
               "li-yi", "--red-packet-amount", "10", "--red-packet-recipients", "5")
    assert code == 1
    assert "[R3.red-packet]" in capsys.readouterr().err


@pytest.mark.parametrize("kind, args, rel", [
    ("media", ("--title", "机场 T3 灯箱", "--owner", "fa-zhu", "--kind", "airport",
               "--price-min", "15000", "--price-unit", "元/月", "--locations", "T3,T4"),
     "resources/media/ji-chang-t3-deng-xiang.yml"),
    ("client", ("--brand", "乙品牌", "--owner", "li-yi", "--industry", "汽车", "--need",
                "新车上市"), "resources/clients/yi-pin-pai.yml"),
])
def test_resources_from_flags(root: Path, capsys: pytest.CaptureFixture[str], kind: str,
                              args: tuple[str, ...], rel: str) -> None:
    before = problem_set(root)
    assert new(root, kind, "--yes", *args) == 0, capsys.readouterr().err
    assert (root / rel).read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/")
    assert_clean(root, rel, before)


def test_owner_must_be_active(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = new(root, "client", "--yes", "--brand", "丙品牌", "--owner", "chen-liu",
               "--industry", "汽车", "--need", "x")
    assert code == 2 and "chen-liu" in capsys.readouterr().err


def test_dry_run_prints_and_writes_nothing(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = new(root, "member", "--yes", "--dry-run", "--name", "张伟", "--org", "分众传媒",
               "--sponsor", "li-yi")
    assert code == 0
    assert capsys.readouterr().out.startswith("# yaml-language-server:")
    assert not (root / "members" / "zhang-wei.yml").exists()


# --------------------------------------------------------------------------- prompts


def test_interactive_member(root: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    before = problem_set(root)
    answers = [
        "王小明",  # name
        "",  # org: required, re-asked
        "腾讯广告",
        "总监",  # title
        "3",  # circle: not a choice, re-asked
        "2",  # circle: outer
        "",  # status: default candidate
        "2026-13-01",  # joined: bad date, re-asked
        "2026-12-05",
        "",  # founder: default no (the club has members)
        "李四",  # sponsor: nobody, re-asked
        "李一",  # sponsor by name
        "wang_xm!",  # github: invalid, re-asked
        "",  # github: skip
        "",  # city: default 深圳
        "短视频、直播",  # tags
        "",  # bio
        "wxm123",  # wechat
        "1",  # wechat visibility: public
        "", "",  # phone, email
    ]
    code = new(root, "member", stdin="\n".join(answers) + "\n", monkeypatch=monkeypatch)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "不能为空" in out.err and "不是可选项" in out.err and "不是日期" in out.err
    assert "没有 id 或姓名为 `李四` 的会员" in out.err
    assert "城市 [深圳]" in out.err and "1) inner" in out.err
    data = yaml.safe_load((root / "members" / "wang-xiao-ming.yml").read_text(encoding="utf-8"))
    assert data == {"name": "王小明", "org": "腾讯广告", "title": "总监", "circle": "outer",
                    "status": "candidate", "joined": dt.date(2026, 12, 5), "sponsor": "li-yi",
                    "city": "深圳", "tags": ["短视频", "直播"],
                    "contact": {"wechat": {"value": "wxm123", "visibility": "public"}}}
    assert_clean(root, "members/wang-xiao-ming.yml", before)


def test_interactive_end_of_input_cancels(root: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code = new(root, "member", stdin="王小明\n腾讯广告\n", monkeypatch=monkeypatch)
    assert code == 2
    assert "已取消" in capsys.readouterr().err
    assert list((root / "members").glob("wang-xiao-ming*")) == []


def test_interactive_in_english_with_flags_prefilled(root: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    before = problem_set(root)
    # type: blank re-asks, 3 = ad; every default; then the red packet, which has none
    answers = ["", "3"] + [""] * 6 + ["30", "5", ""]
    code = new(root, "post", "--lang", "en", "--title", "Year-end screens", "--owner", "fa-zhu",
               stdin="\n".join(answers) + "\n", monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "New board post" in err and "This cannot be empty" in err
    assert "posted on * [2026-12-10]" in err
    assert "red packet amount (yuan):" in err and "red packet recipients:" in err
    assert "title *" not in err and "posted by" not in err  # given as flags, not asked
    data = yaml.safe_load((root / "resources" / "board" / "year-end-screens.yml")
                          .read_text(encoding="utf-8"))
    assert data["type"] == "ad" and data["red_packet"]["amount"] == 30
    assert_clean(root, "resources/board/year-end-screens.yml", before)


def test_interactive_ad_left_without_red_packet_is_refused(
        root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    board = sorted((root / "resources" / "board").iterdir())
    answers = ["3"] + [""] * 9  # ad; every default; the red packet left blank
    code = new(root, "post", "--lang", "en", "--title", "Year-end screens", "--owner", "fa-zhu",
               stdin="\n".join(answers) + "\n", monkeypatch=monkeypatch)
    assert code == 1
    assert "An ad without a red packet" in capsys.readouterr().err
    assert sorted((root / "resources" / "board").iterdir()) == board


def test_interactive_post_offer(root: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = problem_set(root)
    answers = ["1", "", "2027-01-31", "", "", "", ""]  # offer; defaults; expires; rest blank
    code = new(root, "post", "--title", "Year-end screens", "--owner", "fa-zhu",
               stdin="\n".join(answers) + "\n", monkeypatch=monkeypatch)
    assert code == 0, capsys.readouterr().err
    data = yaml.safe_load((root / "resources" / "board" / "year-end-screens.yml")
                          .read_text(encoding="utf-8"))
    assert data["type"] == "offer" and data["expires"] == dt.date(2027, 1, 31)
    assert "red_packet" not in data
    assert_clean(root, "resources/board/year-end-screens.yml", before)


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize("name, want", [
    ("张伟", "zhang-wei"), ("曾小贤", "zeng-xiao-xian"), ("单田芳", "shan-tian-fang"),
    ("吕布", "lv-bu"), ("Tom Li", "tom-li"), ("Zoë 王", "zoe-wang"), ("!!!", ""),
])
def test_pinyin_ids(name: str, want: str) -> None:
    assert ids.slug(name, surname=True) == want


def test_unique_id() -> None:
    assert ids.unique_id("li-na", set()) == "li-na"
    assert ids.unique_id("li-na", {"li-na", "li-na-2"}) == "li-na-3"


def test_writer_quotes_what_yaml_would_misread(tmp_path: Path) -> None:
    data = {"title": "yes", "owner": "123", "kind": "other", "city": "2026-01-01",
            "tags": ["on", "null", "a: b", "#x"], "description": "~"}
    text = dump.dump_record("media", data)
    assert yaml.safe_load(text) == data
    rec, problems = dump.parse_record("media", "resources/media/x.yml", text)
    assert problems == [] and rec is not None
    assert rec.title == "yes" and rec.owner == "123" and rec.tags == ["on", "null", "a: b", "#x"]


def test_writer_refuses_bad_records_and_existing_files(tmp_path: Path) -> None:
    with pytest.raises(dump.WriteError) as exc:
        writer.write_record(str(tmp_path), "client", {"brand": "x"})
    assert {p.key for p in exc.value.problems} == {"schema.missing"}
    good = {"brand": "丙", "owner": "li-yi", "industry": "汽车", "need": "x"}
    assert writer.write_record(str(tmp_path), "client", good) == "resources/clients/bing.yml"
    with pytest.raises(dump.WriteError):
        writer.write_record(str(tmp_path), "client", good, record_id="bing")
    assert writer.write_record(str(tmp_path), "client", good) == "resources/clients/bing-2.yml"


def test_sample_community_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new event in a copy of the repository's sample community passes check."""
    repo = Path(__file__).parent.parent
    for folder in ("content", "members", "resources"):
        shutil.copytree(repo / folder, tmp_path / folder)
    before = problem_set(tmp_path)
    code = main(["new", "event", "--root", str(tmp_path), "--today", "2026-11-24", "--yes",
                 "--title", "年末答谢茶会", "--start", "2026-12-29 15:00", "--organizers",
                 "wang-jian"])
    assert code == 0, capsys.readouterr().err
    assert_clean(tmp_path, "content/events/2026-12-nian-mo-da-xie-cha-hui.yml", before)
