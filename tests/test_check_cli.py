"""`python -m generator check` as users and CI run it: exit codes, formats, languages.

Exit 0 when there is no error, 1 when there are errors (or warnings with --strict), 2 for a
missing or broken charter and for bad usage.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from conftest import RULE_FIXTURES, TODAY, make_community, run_cli

DAY = ("--today", TODAY.isoformat())


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The message fixture: problems of many kinds in many files."""
    return make_community(tmp_path_factory.mktemp("cli"), RULE_FIXTURES / "_messages")


def check(root: Path, *args: str) -> tuple[int, str, str]:
    out = run_cli("check", "--root", str(root), *DAY, *args)
    return out.returncode, out.stdout, out.stderr


@functools.cache
def check_once(root: Path, *args: str) -> tuple[int, str, str]:
    """For the read-only message fixture: each output is computed once per session."""
    return check(root, *args)


# --------------------------------------------------------------------------- exit codes


def test_clean_community_exits_0(community: Path) -> None:
    code, out, err = check(community)
    assert (code, out, err) == (0, "共 0 个错误,0 个警告。\n", "")


def test_errors_exit_1(broken: Path) -> None:
    code, out, _err = check_once(broken)
    assert code == 1
    assert out.splitlines()[-1] == "共 30 个错误,4 个警告。"


def test_warnings_alone_exit_0_unless_strict(tmp_path: Path) -> None:
    root = make_community(tmp_path, RULE_FIXTURES / "C2.lapsed" / "invalid" / "grace-over")
    assert check(root)[0] == 0
    assert check(root, "--strict")[0] == 1
    clean = make_community(tmp_path / "clean")
    assert check(clean, "--strict")[0] == 0


def test_missing_charter_exits_2(tmp_path: Path) -> None:
    code, out, _err = check(tmp_path)
    assert code == 2
    assert out.startswith("content/charter.yml:1:1: 错误 [config]")


@pytest.mark.parametrize("edit, rule, line", [
    (lambda t: t.replace("timezone: Asia/Shanghai", "timezone: Asia/Shenzhen"),
     "schema.timezone", 5),
    (lambda t: t.replace("name: 测试社群", "name: 测试社群\nname: 重复"), "yaml.duplicate-key", 4),
    (lambda t: t.replace("  amount: 3000", "  amount: 三千"), "schema.number", 15),
    (lambda t: t.replace("language: zh", "language: fr"), "schema.enum", 4),
    (lambda t: "- " + t.replace("\n", "\n  "), "yaml.top", 1),
], ids=["timezone", "duplicate-key", "dues-amount", "language", "list"])
def test_broken_charter_exits_2(community: Path, edit: object, rule: str, line: int) -> None:
    charter = community / "content" / "charter.yml"
    charter.write_text(edit(charter.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    code, out, _err = check(community, "--format", "json")
    assert code == 2
    doc = json.loads(out)
    assert [(p["rule"], p["file"], p["line"]) for p in doc["problems"]] == [
        (rule, "content/charter.yml", line)]
    assert doc["errors"] == 1


@pytest.mark.parametrize("args", [
    ("--today", "2026-13-01"),
    ("--today", "tomorrow"),
    ("--format", "xml"),
    ("--lang", "fr"),
    ("--no-such-option",),
])
def test_bad_usage_exits_2(community: Path, args: tuple[str, ...]) -> None:
    out = run_cli("check", "--root", str(community), *args)
    assert out.returncode == 2
    # argparse's usage line, in the charter's language (the fixture's is Chinese)
    assert "用法：python -m generator" in out.stderr and out.stdout == ""


def test_unknown_command_exits_2() -> None:
    assert run_cli("chek").returncode == 2


# --------------------------------------------------------------------------- formats


def test_json_shape(broken: Path) -> None:
    code, out, err = check_once(broken, "--format", "json")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert set(doc) == {"problems", "errors", "warnings"}
    problems = doc["problems"]
    assert (doc["errors"], doc["warnings"]) == (30, 4)
    assert len(problems) == 34
    for p in problems:
        assert set(p) == {"rule", "severity", "file", "line", "column", "message"}
        assert p["severity"] in ("error", "warning")
        assert isinstance(p["line"], int) and isinstance(p["column"], int) and p["line"] >= 1
        assert not Path(p["file"]).is_absolute() and (broken / p["file"]).is_file()
        assert p["message"]
    keys = [(p["file"], p["line"], p["column"]) for p in problems]
    assert keys == sorted(keys)
    assert {"R1.display-name", "R3.red-packet", "C3.sponsor-active", "C1.cap"} <= {
        p["rule"] for p in problems}
    assert doc["warnings"] == sum(p["severity"] == "warning" for p in problems)


def test_json_keeps_raw_text(broken: Path) -> None:
    doc = json.loads(check_once(broken, "--format", "json")[1])
    r1 = next(p for p in doc["problems"] if p["rule"] == "R1.display-name")
    assert "张伟@分众(广告)" in r1["message"]  # not \u-escaped


def test_no_raw_control_character_reaches_the_terminal(tmp_path: Path) -> None:
    """A value quoted in a message is one line and never drives a terminal: a newline shows
    as ``\\n``, an escape character as ``\\x1b`` (the loader refuses such values, but a
    message may still quote what it found, e.g. an unknown key)."""
    root = make_community(tmp_path)
    path = root / "members" / "li-na.yml"
    path.write_text(path.read_text(encoding="utf-8") + '"ti\\ntle\\e[31m": x\n',
                    encoding="utf-8")
    code, out = check(root, "--format", "text")[:2]
    assert code == 1
    assert "\x1b" not in out and "[yaml.control]" in out
    from generator.i18n import messages

    text = messages.render("schema.enum", "en", {"field": "status", "found": "ac\ntive\x1b[2J",
                                                  "allowed": "active"})
    assert "\n" not in text and "\x1b" not in text and "ac\\ntive\\x1b[2J" in text


GH = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.*)$")


def test_github_workflow_commands(broken: Path) -> None:
    code, out, _err = check_once(broken, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    commands = [GH.match(ln) for ln in lines[:-1]]
    assert all(commands), [ln for ln in lines if not GH.match(ln)][:3]
    assert len(commands) == 34 and lines[-1] == "共 30 个错误,4 个警告。"
    r1 = next(m for m in commands if m and m[5] == "R1.display-name")
    assert r1[2] == "members/zhang-wei.yml" and r1[3] == "3" and r1[4] == "1"
    assert "张伟@分众(广告)" in r1[6] and "\n" not in r1[6]
    assert {m[1] for m in commands if m} == {"error", "warning"}


def test_github_escapes_percent(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    (root / "members" / "zhang-wei.yml").write_text(
        (RULE_FIXTURES / "R1.display-name" / "invalid" / "name-first" / "members" /
         "zhang-wei.yml").read_text(encoding="utf-8").replace("张伟@分众", "100%张伟"),
        encoding="utf-8")
    out = check(root, "--format", "github")[1]
    assert "100%25张伟" in out and "100%张伟" not in out


# --------------------------------------------------------------------------- languages


def test_lang_en(broken: Path) -> None:
    out = check_once(broken, "--lang", "en")[1]
    assert out.splitlines()[-1] == "30 error(s), 4 warning(s)."
    assert "error [R3.red-packet] The red packet is 20 yuan" in out


def test_charter_language_is_the_default(community: Path) -> None:
    charter = community / "content" / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("language: zh", "language: en"),
                       encoding="utf-8")
    assert check(community)[1] == "0 error(s), 0 warning(s).\n"
    assert check(community, "--lang", "zh")[1] == "共 0 个错误,0 个警告。\n"


def test_text_output_is_one_line_per_problem(broken: Path) -> None:
    lines = check_once(broken)[1].splitlines()
    assert len(lines) == 35
    assert all(re.match(r"^[\w./-]+:\d+:\d+: (错误|警告) \[[\w.-]+\] ", ln) for ln in lines[:-1])


def test_default_root_is_the_working_directory(community: Path) -> None:
    out = run_cli("check", *DAY, cwd=community)
    assert (out.returncode, out.stdout) == (0, "共 0 个错误,0 个警告。\n")


# --------------------------------------------------------------------------- sample community


@pytest.mark.parametrize("day", ["2026-11-24", "2027-06-01", "2030-01-01"])
def test_sample_community_passes_on_any_date(day: str) -> None:
    """The repository's own sample community: no errors, whatever the date (time-driven
    conditions such as lapsed dues are warnings)."""
    out = run_cli("check", "--today", day, "--format", "json", "--lang", "en")
    doc = json.loads(out.stdout)
    errors = [f"{p['file']}:{p['line']} [{p['rule']}] {p['message']}"
              for p in doc["problems"] if p["severity"] == "error"]
    assert errors == [] and out.returncode == 0


def test_verbose_reports_the_loading_stage_and_quiet_stays_silent() -> None:
    """Progress goes to stderr: one summary line with --verbose, nothing with --quiet, and
    no bar when stderr is not a terminal (CI logs stay clean)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = sum(1 for p in root.glob("members/*.yml")) + sum(
        1 for p in root.glob("resources/*/*.yml")) + sum(
        1 for p in root.glob("content/events/*.yml")) + sum(
        1 for p in root.glob("content/groups/*.yml"))
    args = [sys.executable, "-m", "generator", "check", "--root", str(root),
            "--today", "2026-11-24"]
    verbose = subprocess.run([*args, "--verbose"], capture_output=True, text=True, cwd=root,
                             check=False)
    assert verbose.stderr.strip().splitlines() == [f"loading: {files}/{files}"]
    quiet = subprocess.run([*args, "--quiet"], capture_output=True, text=True, cwd=root,
                           check=False)
    plain = subprocess.run(args, capture_output=True, text=True, cwd=root, check=False)
    assert quiet.stderr == "" and plain.stderr == ""
    assert quiet.stdout == plain.stdout
