"""The safe loader refuses hostile or broken files, each with a precise, helpful problem, and
never lets one bad file hide the others.

Attack files are written from the tests (into tmp dirs), so each test shows its input.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TODAY, found

from generator.commands.check import collect
from generator.data.community import load_community
from generator.data.load import DEFAULT_MAX_BYTES, Loaded, parse_bytes
from generator.data.models import Event, Member

MEMBER = """name: 张伟
org: 分众传媒
circle: inner
status: active
joined: 2025-12-05
sponsor: wang-jian
approved_by: [wang-jian]
dues:
  - {year: 2025, paid: 2025-12-05, amount: 3000}
"""


def parse(text: str | bytes, name: str = "members/zhang-wei.yml") -> Loaded:
    return parse_bytes(text.encode("utf-8") if isinstance(text, str) else text, name)


def only(ld: Loaded) -> tuple[str, int, int, str, str]:
    """The single problem of a refused file: (rule, line, column, zh message, en message)."""
    assert ld.data is None
    assert len(ld.problems) == 1, ld.problems
    p = ld.problems[0]
    return p.rule, p.line, p.column, p.message("zh"), p.message("en")


# --------------------------------------------------------------------------- refusals


def test_duplicate_key_names_both_lines() -> None:
    rule, line, _col, zh, en = only(parse("name: 张伟\norg: 分众传媒\ntitle: 总监\nname: 张三\n"))
    assert (rule, line) == ("yaml.duplicate-key", 4)
    assert "`name`" in en and "line 1" in en
    assert "第 1 行" in zh


def test_every_duplicate_key_is_reported() -> None:
    ld = parse("name: a\norg: b\nname: c\ncontact:\n  phone: {value: '1'}\n  phone: {value: '2'}\n")
    assert [(p.rule, p.line) for p in ld.problems] == [
        ("yaml.duplicate-key", 3), ("yaml.duplicate-key", 6)]


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    """Nine levels of nine aliases: 387 million strings if expanded. The loader must refuse
    it without expanding anything (an expanding loader would not finish this test)."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    rule, line, col, zh, en = only(parse("\n".join(lines) + "\n"))
    assert (rule, line, col) == ("yaml.alias", 2, 8)
    assert "`*`" in en and "别名" in zh


def test_alias_to_a_scalar_is_refused() -> None:
    rule, line, _col, _zh, _en = only(parse("name: &n 张伟\norg: *n\n"))
    assert (rule, line) == ("yaml.alias", 2)


def test_merge_key_is_refused() -> None:
    text = "name: 张伟\ncontact:\n  <<: {phone: {value: '1'}}\n"
    rule, line, col, _zh, en = only(parse(text))
    assert (rule, line, col) == ("yaml.merge", 3, 3)
    assert "<<" in en


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system",
                                 "!custom", "!!binary"])
def test_non_standard_tags_are_refused(tag: str) -> None:
    rule, line, _col, zh, en = only(parse(f"name: 张伟\norg: {tag} x\n"))
    assert (rule, line) == ("yaml.tag", 2)
    assert tag.lstrip("!").split(":")[0] in en and "标签" in zh


def test_gbk_bytes_are_refused_on_their_line() -> None:
    raw = "name: 张伟\norg: 分众传媒\n".encode() + "title: 总经理\n".encode("gbk")
    rule, line, col, zh, en = only(parse(raw))
    assert (rule, line, col) == ("yaml.utf8", 3, 8)
    assert "UTF-8" in en and "GBK" in zh


def test_utf8_byte_order_mark_is_accepted() -> None:
    ld = parse("\ufeff" + MEMBER)
    assert ld.problems == [] and ld.data is not None and ld.data["name"] == "张伟"


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = MEMBER + "bio: " + "很" * DEFAULT_MAX_BYTES + "\n"
    rule, line, _col, _zh, en = only(parse(big))
    assert (rule, line) == ("yaml.size", 1)
    assert str(DEFAULT_MAX_BYTES) in en


def test_charter_sets_the_size_limit(community: Path) -> None:
    charter = community / "content" / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8") + "max_file_bytes: 1024\n",
                       encoding="utf-8")
    (community / "members" / "zhang-wei.yml").write_text(
        MEMBER + "bio: " + "资深媒介策划。" * 60 + "\n", encoding="utf-8")
    com = load_community(str(community), TODAY)
    assert found(com.problems) == {("yaml.size", "error", "members/zhang-wei.yml", 1)}
    assert "zhang-wei" not in com.members


@pytest.mark.parametrize("text, found_kind, line", [
    ("- name: 张伟\n- org: 分众传媒\n", "sequence", 1),
    ("# 只有注释\n张伟\n", "scalar", 2),
])
def test_top_level_must_be_a_mapping(text: str, found_kind: str, line: int) -> None:
    rule, got_line, _col, _zh, en = only(parse(text))
    assert (rule, got_line) == ("yaml.top", line)
    assert "mapping" in en


@pytest.mark.parametrize("text", ["", "# 只有注释\n", "---\n", "\n\n"])
def test_empty_file_is_refused(text: str) -> None:
    rule, line, _col, zh, en = only(parse(text))
    assert (rule, line) == ("yaml.top", 1)
    assert "empty" in en and "空" in zh


@pytest.mark.parametrize("text, line", [
    ("name: 张伟\norg: [分众传媒\ntitle: 总监\n", 3),
    ("name: 张伟\n  org: 分众传媒\n", 2),
    ("name: 张伟\norg: \"分众传媒\ntitle: x\n", 4),
    ("name: 张伟\n\torg: 分众传媒\n", 2),
], ids=["bracket", "indent", "quote", "tab"])
def test_syntax_error_points_at_its_line(text: str, line: int) -> None:
    rule, got_line, _col, zh, en = only(parse(text))
    assert (rule, got_line) == ("yaml.syntax", line)
    assert "YAML" in en and "缩进" in zh


@pytest.mark.parametrize("depth_text", [
    "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "a:\n" + "- " * 100_000 + "x\n",
    "a: " + "{b: " * 50_000 + "c" + "}" * 50_000 + "\n",
], ids=["brackets", "dashes", "braces"])
def test_deep_nesting_is_refused_without_crashing(depth_text: str, tmp_path: Path) -> None:
    """libyaml's composer recurses in C: 100,000 nested brackets used to overflow the stack
    (a segmentation fault, killing the whole check). Run in a child so a crash fails only
    this test."""
    path = tmp_path / "deep.yml"
    path.write_text(depth_text, encoding="utf-8")
    code = ("import sys; from generator.data.load import parse_bytes; "
            "ld = parse_bytes(open(sys.argv[1], 'rb').read(), 'members/deep.yml'); "
            "print(ld.data is None, *[p.rule for p in ld.problems]); "
            "[print(p.message(lang)) for p in ld.problems for lang in ('zh', 'en')]")
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True,
                         text=True, timeout=60, encoding="utf-8", check=False)
    assert out.returncode == 0, out.stderr[-500:]
    verdict, zh, en = out.stdout.splitlines()
    assert verdict.split() == ["True", "yaml.depth"]
    # our bilingual message, never libyaml's own English ("exceeded maximum nesting depth")
    assert "嵌套超过 32 层" in zh and "Nested more than 32 levels" in en
    assert "exceeded" not in zh + en


def test_libyaml_own_depth_limit_is_our_depth_rule() -> None:
    """Whatever limit the installed libyaml enforces itself (PyYAML 6.0.4 bundles one that
    stops at 1,000 levels with a ScannerError), the member sees ``yaml.depth``."""
    rule, line, _col, zh, en = only(parse("a: " + "[" * 2_000 + "]" * 2_000 + "\n"))
    assert (rule, line) == ("yaml.depth", 1)
    assert "嵌套" in zh and "Nested" in en


@pytest.mark.parametrize("name, suggestion", [
    ("张伟.yml", "zhang-wei"),
    ("Zhang_Wei.yml", "zhang-wei"),
    ("zhang wei.yml", "zhang-wei"),
])
def test_bad_file_name_suggests_an_id(name: str, suggestion: str) -> None:
    ld = parse(MEMBER, f"members/{name}")
    assert [(p.rule, p.line) for p in ld.problems] == [("id.filename", 1)]
    assert f"`{suggestion}.yml`" in ld.problems[0].message("en")
    assert f"`{suggestion}.yml`" in ld.problems[0].message("zh")


def test_bad_file_name_keeps_the_member_out(community: Path) -> None:
    (community / "members" / "Zhang_Wei.yml").write_text(MEMBER, encoding="utf-8")
    com = load_community(str(community), TODAY)
    assert found(com.problems) == {("id.filename", "error", "members/Zhang_Wei.yml", 1)}
    assert set(com.members) == {"wang-jian", "chen-jing", "li-na", "zhou-tao", "sun-li", "he-yu"}


# --------------------------------------------------------------------------- many files


def test_one_bad_file_never_hides_the_others(community: Path) -> None:
    members = community / "members"
    (members / "zhang-wei.yml").write_bytes(MEMBER.encode("utf-8") + "bio: 总经理\n".encode("gbk"))
    (members / "ma-li.yml").write_text(MEMBER.replace("name: 张伟", "name: 马丽\nname: 马力"),
                                       encoding="utf-8")
    (community / "content" / "events" / "bad.yml").write_text("- 不是映射\n", encoding="utf-8")
    (community / "resources" / "media" / "typo.yml").write_text(
        "title: 电梯屏\nowner: wang-jian\nkind: elevater\ncity: 深圳\n", encoding="utf-8")
    com = load_community(str(community), TODAY)
    assert found(com.problems) == {
        ("yaml.utf8", "error", "members/zhang-wei.yml", 10),
        ("yaml.duplicate-key", "error", "members/ma-li.yml", 2),
        ("yaml.top", "error", "content/events/bad.yml", 1),
        ("schema.enum", "error", "resources/media/typo.yml", 3),
    }
    # everything else still loaded
    assert len(com.members) == 6 and len(com.events) == 3 and len(com.board) == 2


def test_same_id_in_yml_and_yaml_is_reported(community: Path) -> None:
    (community / "members" / "li-na.yaml").write_text(
        (community / "members" / "li-na.yml").read_text(encoding="utf-8"), encoding="utf-8")
    com = load_community(str(community), TODAY)
    assert {(p.rule, p.file) for p in com.problems} == {("id.duplicate", "members/li-na.yml")}


# --------------------------------------------------------------------------- values


def test_every_scalar_stays_a_string_until_the_model_types_it() -> None:
    ld = parse(MEMBER + "title: yes\ncity: no\ntags: [on, 1.0, 0x1F, 2026-01-01]\n"
               "contact:\n  phone: {value: 13800138000, visibility: members}\n"
               "  wechat: {value: 0755123, visibility: members}\n")
    assert ld.problems == [] and ld.data is not None
    assert ld.data["title"] == "yes" and ld.data["city"] == "no"
    assert ld.data["tags"] == ["on", "1.0", "0x1F", "2026-01-01"]
    assert ld.data["joined"] == "2025-12-05"
    m = Member.model_validate(ld.data)
    assert (m.title, m.city, m.tags) == ("yes", "no", ["on", "1.0", "0x1F", "2026-01-01"])
    assert m.contact is not None and m.contact.phone is not None and m.contact.wechat is not None
    assert m.contact.phone.value == "13800138000"
    assert m.contact.wechat.value == "0755123"
    assert m.joined.isoformat() == "2025-12-05" and m.dues[0].amount == 3000


@pytest.mark.parametrize("empty", ["~", "null", "Null", ""])
def test_null_is_none_but_quoted_null_is_text(empty: str) -> None:
    ld = parse(MEMBER.replace("sponsor: wang-jian", f"sponsor: {empty}")
               + f"title: 'null'\ndisplay_name: {empty}\n")
    assert ld.data is not None
    assert ld.data["sponsor"] is None and ld.data["display_name"] is None
    assert ld.data["title"] == "null"


def test_all_day_events_stay_dates() -> None:
    ev = Event.model_validate({"title": "团建", "start": "2026-04-11", "end": "2026-04-12"})
    assert type(ev.start).__name__ == "date" and type(ev.end).__name__ == "date"
    ev = Event.model_validate({"title": "沙龙", "start": "2026-04-11 19:30"})
    assert type(ev.start).__name__ == "datetime"


def test_every_value_knows_its_line_and_column() -> None:
    ld = parse(MEMBER + "contact:\n  phone:\n    value: '13800138000'\n")
    assert ld.pos[("name",)] == (1, 1)
    assert ld.pos[("approved_by", 0)] == (7, 15)
    assert ld.pos[("dues", 0)] == (9, 5)
    assert ld.pos[("contact", "phone", "value")] == (12, 5)


# --------------------------------------------------------------------------- model checks


def _validate(community: Path, text: str) -> set[tuple[str, int]]:
    (community / "members" / "zhang-wei.yml").write_text(text, encoding="utf-8")
    com = load_community(str(community), TODAY)
    return {(p.rule, p.line) for p in com.problems}


def test_unknown_key_suggests_the_close_one(community: Path) -> None:
    assert _validate(community, MEMBER + "titel: 总监\n") == {("schema.unknown", 10)}
    com = load_community(str(community), TODAY)
    en = com.problems[0].message("en")
    assert "Did you mean `title`?" in en and "titel" in en


def test_enum_lists_its_allowed_values(community: Path) -> None:
    text = MEMBER.replace("status: active", "status: actve")
    assert _validate(community, text) == {("schema.enum", 4)}
    en = load_community(str(community), TODAY).problems[0].message("en")
    for allowed in ("candidate", "active", "alumni", "suspended"):
        assert allowed in en
    assert "Did you mean `active`?" in en


def test_missing_field_is_reported_at_its_parent(community: Path) -> None:
    text = MEMBER.replace("org: 分众传媒\n", "")
    assert _validate(community, text) == {("schema.missing", 1)}
    text = MEMBER.replace("paid: 2025-12-05, ", "")
    assert _validate(community, text) == {("schema.missing", 9)}


def test_a_bad_date_is_one_problem(community: Path) -> None:
    ev = community / "content" / "events" / "salon-2026.yml"
    ev.write_text("title: 沙龙\nstart: 2026-13-01\n", encoding="utf-8")
    com = load_community(str(community), TODAY)
    assert [(p.rule, p.file, p.line) for p in com.problems] == [
        ("schema.datetime", "content/events/salon-2026.yml", 2)]


def test_an_unusable_member_file_is_not_reported_missing_elsewhere(community: Path) -> None:
    """li-na.yml exists but has a typo: that one problem is reported, not a dozen
    "there is no members/li-na.yml" in the events, resources and sponsor chains naming her."""
    li_na = community / "members" / "li-na.yml"
    li_na.write_text(li_na.read_text(encoding="utf-8") + "contact:\n  phne: {value: '138'}\n",
                     encoding="utf-8")
    _com, problems = collect(str(community), TODAY)
    assert found(problems) == {("schema.unknown", "error", "members/li-na.yml", 14)}
    assert "Did you mean `phone`?" in problems[0].message("en")
