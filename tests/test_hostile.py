"""Inputs that can't hurt (issue 14): each attack as it was reproduced, then the refusal.

Every case runs the real CLI on a copy of the tests' base community with one hostile file
or value, and expects a problem record naming the file, line and rule — never a traceback,
never a stall, never a control character on the terminal.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import make_community, run_cli, set_charter

TODAY = "2026-02-01"


def check(root: Path, *extra: str) -> tuple[int, str]:
    done = run_cli("check", "--root", str(root), "--today", TODAY, "--lang", "en", *extra)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout + done.stderr


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_community(tmp_path)


@pytest.mark.parametrize("value", ['"李\\0娜\\x07\\x1b"', '"李娜\\e[2J"', '"a\\u0085b"'])
def test_control_characters_are_refused_where_they_are(root: Path, value: str) -> None:
    path = root / "members" / "li-na.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 李娜", f"name: {value}"),
                    encoding="utf-8")
    code, out = check(root)
    assert code == 1
    assert "members/li-na.yml:1:" in out and "[yaml.control]" in out
    assert "\x00" not in out and "\x1b" not in out and "\x07" not in out


def test_a_raw_control_character_in_the_file_is_refused(root: Path) -> None:
    path = root / "members" / "li-na.yml"
    path.write_bytes(path.read_bytes().replace("李娜".encode(), "李\x07娜".encode(), 1))
    code, out = check(root)
    assert code == 1 and "members/li-na.yml:1:" in out and "[yaml.control]" in out


@pytest.mark.parametrize("line", [
    'title: "总监\\nURL:https://evil.example/p\\nTEL:+19005550100"',
    'city: "深圳\\t南山"',
    'contact:\n  phone: {value: "138\\nEMAIL:x@evil.example", visibility: public}',
])
def test_a_line_break_in_a_one_line_field_is_refused(root: Path, line: str) -> None:
    """The QR payload injection: a title (or phone) with newlines added lines to the vCard
    inside the QR code."""
    append(root, "members/li-na.yml", line + "\n")
    code, out = check(root)
    assert code == 1 and "members/li-na.yml:" in out and "[schema.newline]" in out


@pytest.mark.parametrize("key, value", [
    ("site.repo", '"javascript:alert(1)"'),
    ("site.url", '"data:text/html,x"'),
    ("name", '"广告菁英会\\nX-EVIL: 1"'),
])
def test_the_charter_takes_no_script_link_and_no_line_break(root: Path, key: str,
                                                            value: str) -> None:
    """A charter problem is a configuration error: exit 2, with file, line and rule."""
    if key == "site.repo":
        append(root, "content/charter.yml",
               f"site:\n  url: https://example.org/\n  repo: {value}\n")
    elif key == "site.url":
        append(root, "content/charter.yml", f"site:\n  url: {value}\n")
    else:
        set_charter(root, {key: value})
    code, out = check(root)
    assert code == 2 and "content/charter.yml:" in out
    assert "[schema.url]" in out or "[schema.newline]" in out


@pytest.mark.slow
@pytest.mark.parametrize("start", ["9999-12-31", '"0001-01-01 00:30"', "1899-12-31"])
def test_dates_outside_the_window_are_refused_and_build_does_not_crash(root: Path, tmp_path: Path,
                                                                       start: str) -> None:
    (root / "content" / "events" / "far.yml").write_text(
        f"title: 远方的活动\nstart: {start}\norganizers: [li-na]\n", encoding="utf-8")
    code, out = check(root)
    assert code == 1 and "content/events/far.yml:2:" in out and "[schema.date-range]" in out
    done = run_cli("build", "--root", str(root), "--out", str(tmp_path / "site"),
                   "--today", TODAY)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout


def test_an_infinite_amount_is_refused(root: Path) -> None:
    path = root / "members" / "li-na.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{year: 2025, paid: 2025-01-15, amount: 3000}",
        "{year: 2025, paid: 2025-01-15, amount: 1e400}"), encoding="utf-8")
    code, out = check(root)
    assert code == 1 and "[schema.finite]" in out


def test_symlinks_and_special_files_are_not_data(root: Path, tmp_path: Path) -> None:
    """A member file that is a link to /dev/zero used to make check spin forever; a link to
    YAML outside the repository was loaded as data."""
    outside = tmp_path / "outside.yml"
    outside.write_text((root / "members" / "li-na.yml").read_text(encoding="utf-8"),
                       encoding="utf-8")
    os.symlink("/dev/zero", root / "members" / "zero.yml")
    os.symlink(outside, root / "members" / "outside.yml")
    os.mkfifo(root / "members" / "pipe.yml")
    code, out = check(root)
    assert code == 1
    assert "members/zero.yml:1:1: error [io.symlink]" in out
    assert "members/outside.yml:1:1: error [io.symlink]" in out
    assert "members/pipe.yml:1:1: error [io.special]" in out


def test_files_that_look_like_data_but_are_not_read_are_named(root: Path) -> None:
    for name in ("..yml", "Zhang.YML", "notes.txt"):
        (root / "members" / name).write_text("name: x\n", encoding="utf-8")
    (root / "members" / ".gitkeep").write_text("", encoding="utf-8")
    code, out = check(root)
    assert code == 0  # a warning: the data itself is fine
    for name in ("..yml", "Zhang.YML", "notes.txt"):
        assert f"members/{name}:1:1: warning [data.unread]" in out
    assert ".gitkeep" not in out
    assert check(root, "--strict")[0] == 1
