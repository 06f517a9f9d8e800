"""Inputs that can't hurt (issue 14): each attack as it was reproduced, then the refusal.

Every case runs the real CLI on a copy of the tests' base community with one hostile file
or value, and expects a problem record naming the file, line and rule — never a traceback,
never a stall, never a control character on the terminal.
"""

from __future__ import annotations

import os
import shutil
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


# --------------------------------------------------------------------------- issue 23.1
# The record is the repository's regular files: a symbolic link or a special file anywhere
# check, build or MkDocs reads is a problem naming it, and the build refuses. A link that
# stays inside the repository is refused too (a record is files, not pointers; a link in a
# diff is one line that changes what another file says).

SECRET = "hunter2-" + "x7Kq9Zp3Lm5Nw8Rt2Vb6Yc4Hd1Jf0Gs"  # strong enough for the encrypted build


def cli_with_secret(*args: str, timeout: float = 120) -> tuple[int, str]:
    import subprocess
    import sys

    from conftest import REPO
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1",
           "COURTYARD_MASTER_SECRET": SECRET}
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout + done.stderr


def files_holding(folder: Path, needle: bytes) -> list[str]:
    if not folder.exists():
        return []
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.mark.slow
@pytest.mark.parametrize("edition", [("--audience", "public"),
                                     ("--audience", "members", "--encrypt")])
def test_a_page_linked_to_the_environment_publishes_nothing(root: Path, tmp_path: Path,
                                                             edition: tuple[str, ...]) -> None:
    """``content/pages/env.md -> /proc/self/environ`` put the build's environment, the
    master secret included, on env/index.html and in the search index."""
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "about.md").write_text("# About\n", encoding="utf-8")
    os.symlink("/proc/self/environ", root / "content" / "pages" / "env.md")
    out = tmp_path / "site"
    code, text = cli_with_secret("build", "--root", str(root), "--today", TODAY, "--lang", "en",
                                 "--out", str(out), *edition)
    assert code == 1, text
    assert "content/pages/env.md:1:1: " in text and "[io.symlink]" in text
    assert SECRET not in text
    assert not out.exists()  # nothing published, not even half
    assert files_holding(tmp_path, SECRET.encode()) == []


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_page_linked_to_an_endless_device_does_not_hang(root: Path, tmp_path: Path,
                                                          target: str) -> None:
    (root / "content" / "pages").mkdir()
    os.symlink(target, root / "content" / "pages" / "zero.md")
    code, text = cli_with_secret("build", "--root", str(root), "--today", TODAY, "--lang", "en",
                                 "--out", str(tmp_path / "site"), timeout=60)
    assert code == 1 and "content/pages/zero.md:1:1: " in text and "[io.symlink]" in text


def test_a_special_file_among_the_pages_is_refused(root: Path, tmp_path: Path) -> None:
    (root / "content" / "pages").mkdir()
    os.mkfifo(root / "content" / "pages" / "pipe.md")
    code, text = cli_with_secret("build", "--root", str(root), "--today", TODAY, "--lang", "en",
                                 "--out", str(tmp_path / "site"), timeout=60)
    assert code == 1 and "content/pages/pipe.md:1:1: " in text and "[io.special]" in text


@pytest.mark.parametrize("folder", ["resources", "resources/media", "content", "members",
                                    "content/pages"])
def test_a_folder_linked_outside_the_repository_is_refused(root: Path, tmp_path: Path,
                                                           folder: str) -> None:
    """``resources -> /some/outside/folder`` published the outside files: only the last
    component of a path was checked."""
    outside = tmp_path / "outside"
    (root / folder).mkdir(parents=True, exist_ok=True)
    shutil.move(root / folder, outside)
    os.symlink(outside, root / folder)
    code, text = check(root)
    assert code in (1, 2), text
    assert f"{folder}:1:1: error [io.symlink]" in text


def test_a_link_inside_the_repository_is_refused_too(root: Path) -> None:
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "about.md").write_text("# About\n", encoding="utf-8")
    os.symlink("about.md", root / "content" / "pages" / "copy.md")
    os.symlink("../../members/li-na.yml", root / "content" / "events" / "li-na.yml")
    code, text = check(root)
    assert code == 1
    assert "content/pages/copy.md:1:1: " in text and "[io.symlink]" in text
    assert "content/events/li-na.yml:1:1: error [io.symlink]" in text


def test_overrides_and_the_configuration_are_regular_files(root: Path, tmp_path: Path) -> None:
    (root / "overrides" / "partials").mkdir(parents=True)
    os.symlink("/proc/self/environ", root / "overrides" / "partials" / "footer.html")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    os.symlink(tmp_path / "mkdocs.yml", root / "mkdocs.yml")
    code, text = check(root)
    assert code == 1
    assert "overrides/partials/footer.html:1:1: error [io.symlink]" in text
    assert "mkdocs.yml:1:1: error [io.symlink]" in text


def test_the_secret_is_gone_from_the_environment_before_any_data_is_read(root: Path,
                                                                         tmp_path: Path) -> None:
    """MkDocs, its hooks and every subprocess run without the master secret in their
    environment: the encrypted build reads it once, first, and removes it."""
    import yaml
    from conftest import REPO
    spy = tmp_path / "seen.txt"
    (root / "spy.py").write_text(
        "import os\n"
        "def on_config(config):\n"
        f"    open({str(spy)!r}, 'a').write(repr(sorted(os.environ)))\n", encoding="utf-8")
    shutil.copytree(REPO / "overrides", root / "overrides")
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["hooks"] = [str(REPO / "generator" / "build" / "hooks.py"), "spy.py"]
    cfg.pop("watch")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    code, text = cli_with_secret("build", "--root", str(root), "--today", TODAY,
                                 "--audience", "members", "--encrypt",
                                 "--out", str(tmp_path / "site"))
    assert code == 0, text
    seen = spy.read_text(encoding="utf-8")
    assert "PATH" in seen and "COURTYARD_MASTER_SECRET" not in seen


@pytest.mark.parametrize("line", ["docs_dir: /etc", "theme:\n  custom_dir: ../../outside"])
def test_mkdocs_folders_outside_the_repository_are_refused(root: Path, line: str) -> None:
    (root / "mkdocs.yml").write_text(f"site_name: x\n{line}\n", encoding="utf-8")
    code, text = check(root)
    assert code == 1 and "mkdocs.yml:1:1: error [io.outside]" in text


def test_the_master_secret_is_taken_out_of_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                           root: Path) -> None:
    from generator.__main__ import main
    from generator.build import access
    monkeypatch.setenv(access.SECRET_ENV, SECRET)
    assert main(["check", "--root", str(root), "--today", TODAY, "--quiet"]) in (0, 1)
    assert access.SECRET_ENV not in os.environ
    assert access.master_secret() == SECRET.encode()  # read once, kept for the command


# --------------------------------------------------------------------------- issue 23.4

ATTACK_URL = 'https://example.org/"><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("value", [
    ATTACK_URL, "https://example.org/a b", "https://example.org\\@evil.example/",
    "https://<script>/", "https://", "http:///path", "https://user:pw@example.org/",
    "https://example.org:99999/", "https://exa'mple.org/", "https://example.org/`x`",
])
def test_a_url_is_parsed_not_prefixed(root: Path, value: str) -> None:
    """``site.url`` with ``"><img src=x onerror=…>`` passed the prefix check and ran script
    on 404.html (MkDocs prints base_url unescaped)."""
    append(root, "content/charter.yml", f"site:\n  url: '{value.replace(chr(39), chr(39) * 2)}'\n")
    code, out = check(root)
    assert code == 2 and "content/charter.yml:" in out and "[schema.url]" in out, out


@pytest.mark.parametrize("value", ["https://example.org/", "http://club.example.cn:8080/y/",
                                   "https://院子.中国/"])
def test_ordinary_urls_pass(root: Path, value: str) -> None:
    append(root, "content/charter.yml", f"site:\n  url: '{value}'\n")
    code, out = check(root)
    assert code == 0, out


@pytest.mark.slow
def test_404_never_carries_the_attack(root: Path, tmp_path: Path) -> None:
    append(root, "content/charter.yml", f"site:\n  url: '{ATTACK_URL}'\n")
    done = run_cli("build", "--root", str(root), "--out", str(tmp_path / "site"),
                   "--today", TODAY)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "[schema.url]" in done.stdout + done.stderr
    assert files_holding(tmp_path / "site", b"onerror") == []


# --------------------------------------------------------------------------- issue 23.6


def event(root: Path, name: str, body: str) -> None:
    (root / "content" / "events" / f"{name}.yml").write_text(
        "title: 边界活动\norganizers: [li-na]\n" + body, encoding="utf-8")


@pytest.mark.parametrize("body, rule", [
    ("start: 2026-12-01\nsequence: 2147483648\n", "schema.max"),
    ("start: 2026-12-01\nsequence: 99999999999999999999999\n", "schema.max"),
    ("start: 2026-12-01\ncapacity: 100000000000000000000\n", "schema.max"),
    ("start: 2026-12-01\nguests: 100000000000\n", "schema.max"),
    ("start: 20270101\n", "schema.date"),
    ("start: 2026-12-01\nend: 1700000000\n", "schema.date"),
    ("start: 2026-12-01\nupdated: 20270101\n", "schema.date"),
    ("start: 2026-12-01\nrecurrence:\n  rrule: FREQ=WEEKLY;COUNT=4\n  exdates: [20261208]\n",
     "schema.date"),
    ("start: 2026-12-01\nrecurrence:\n  rrule: FREQ=DAILY;BYMONTH=" + "2," * 5000 + "2\n",
     "schema.too-long"),  # icalendar and dateutil took 0.2 s to read it, at every question
])
def test_values_out_of_range_are_problems(root: Path, tmp_path: Path, body: str,
                                          rule: str) -> None:
    """``sequence: 2147483648`` passed check and crashed both builds (RFC 5545: 0 to
    2^31-1); ``start: 20270101`` was read as a Unix timestamp (1970-08-23)."""
    event(root, "edge", body)
    code, out = check(root)
    assert code == 1 and "content/events/edge.yml:" in out and f"[{rule}]" in out, out


@pytest.mark.parametrize("key, value", [
    ("dues.grace_days", "10000000000000"),
    ("timezone", "A" * 300),
    ("timezone", "../../../../etc/passwd"),
    ("timezone", "Asia/Nowhere"),
    ("inner_circle.cap", "1" + "0" * 30),
    ("annual_gathering.min_capacity", "1" + "0" * 30),
    ("red_packet.min_amount", "1e300"),
])
@pytest.mark.parametrize("command", ["check", "report", "build"])
def test_charter_values_out_of_range_are_refused_by_every_command(
        root: Path, tmp_path: Path, key: str, value: str, command: str) -> None:
    """A huge ``dues.grace_days`` crashed report (OverflowError); a 300-character timezone
    crashed check, report and build (ENAMETOOLONG)."""
    set_charter(root, {key: value})
    extra = ("--out", str(tmp_path / "site")) if command == "build" else ()
    done = run_cli(command, "--root", str(root), "--today", TODAY, "--lang", "en", *extra)
    out = done.stdout + done.stderr
    assert "Traceback" not in out and done.returncode == 2, out
    assert "content/charter.yml:" in out


# --------------------------------------------------------------------------- issue 23.7

INVISIBLE = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
             "\u2069", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", INVISIBLE)
@pytest.mark.parametrize("field", ["name", "org", "display_name", "sponsor"])
def test_invisible_and_reordering_characters_are_refused(root: Path, char: str,
                                                         field: str) -> None:
    """A zero-width copy of a member's nickname passed as another person; bidi overrides
    reorder what a reader sees. The problem names the character and where it is."""
    path = root / "members" / "li-na.yml"
    old = {"name": "李娜", "org": "深圳报业集团", "display_name": "深圳报业集团+李娜",
           "sponsor": "wang-jian"}[field]
    escaped = f"\\u{ord(char):04X}"
    text = path.read_text(encoding="utf-8").replace(f"{field}: {old}",
                                                    f'{field}: "{old[:1]}{escaped}{old[1:]}"', 1)
    path.write_text(text, encoding="utf-8")
    code, out = check(root)
    assert code == 1, out
    assert "members/li-na.yml:" in out and "[schema.invisible]" in out, out
    assert f"U+{ord(char):04X}, an invisible or reordering character, at character 2" in out
    assert char not in out  # never printed raw


def test_an_event_id_list_with_a_zero_width_space_is_refused(root: Path) -> None:
    event(root, "zw", "start: 2026-12-01\nrsvp: [\"li-na\\u200b\"]\n")
    code, out = check(root)
    assert code == 1 and "[schema.invisible]" in out and "U+200B" in out


# --------------------------------------------------------------------------- issue 23.6 fuzz


@pytest.mark.parametrize("command", [["report"], ["report", "--format", "markdown"],
                                     ["digest"], ["check"]])
@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01"])
def test_a_date_flag_outside_the_calendar_window_is_a_usage_error(root: Path, command: list[str],
                                                                   today: str) -> None:
    """Found by the command fuzzer: ``report --today 9999-12-31`` crashed with OverflowError
    (the ledger looks a month past today). Date flags take the data's window, 1900-2200."""
    done = run_cli(*command, "--root", str(root), "--today", today, "--lang", "en")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2 and "1900-01-01" in done.stderr and today in done.stderr, \
        done.stderr
