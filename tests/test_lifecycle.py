"""The admins' year with commands instead of hand-edited YAML (`member …`, `event …`).

On a git copy of the sample community: one club year replayed through the CLI only, then
`check` is clean, every comment of the edited files is still there and `git diff` touches
only the fields the steps are about. Then the refusals (a step that does not apply, a change
that would break a rule), --dry-run, and the expelled member who vanishes from both editions
while the events and sponsorships that name them still build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, run_cli
from tests.test_site import site_files

DATA = ("content", "members", "resources", "schemas")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


@pytest.fixture
def club(tmp_path: Path) -> Path:
    """The sample community's data in a git repository of its own."""
    root = tmp_path / "club"
    root.mkdir()
    for top in DATA:
        shutil.copytree(REPO / top, root / top)
    git(root, "init", "-q")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "sample")
    return root


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, "--root", str(root))


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


# What each step may change: (file, the keys its changed lines may belong to).
CLUB_YEAR: list[tuple[list[str], str, set[str]]] = [
    (["member", "approve", "ke-yan", "--by", "wang-jian", "--date", "2027-01-12",
      "--today", "2027-01-12"], "members/ke-yan.yml", {"status", "joined", "approved_by"}),
    (["member", "dues", "ke-yan", "--paid", "2027/1/12", "--note", "首年会费",
      "--today", "2027-01-12"], "members/ke-yan.yml", {"dues"}),
    (["member", "dues", "li-na", "--paid", "2027年1月8日", "--today", "2027-01-12"],
     "members/li-na.yml", {"dues"}),
    (["event", "attend", "2026-monthly-member-salon", "--date", "2026-12-17", "li-na",
      "王健", "chen-jing", "--today", "2027-01-12"],
     "content/events/2026-monthly-member-salon.yml", {"occurrences"}),
    (["member", "promote", "bai-lu", "--date", "2027-02-01", "--today", "2027-02-01"],
     "members/bai-lu.yml", {"circle", "promoted"}),
    (["member", "dues", "bai-lu", "--paid", "2027-02-01", "--today", "2027-02-01"],
     "members/bai-lu.yml", {"dues"}),
    (["member", "suspend", "guo-qiang", "--reason", "2026 年会费逾期", "--date", "2027-02-10",
      "--today", "2027-02-10"], "members/guo-qiang.yml", {"status", "suspended", "reason"}),
    (["member", "dues", "guo-qiang", "--year", "2026", "--paid", "2027-02-20",
      "--today", "2027-02-20"], "members/guo-qiang.yml", {"dues"}),
    (["member", "reinstate", "guo-qiang", "--today", "2027-02-20"], "members/guo-qiang.yml",
     {"status", "suspended", "reason", "suspensions"}),
    (["member", "expel", "deng-yu", "--reason", "冒用他人名义对接客户", "--date", "2027-03-01",
      "--today", "2027-03-01"], "members/deng-yu.yml", {"status", "left", "reason"}),
]


def changed_keys(root: Path, rel: str) -> set[str]:
    """The top-level keys whose lines ``git diff`` shows removed or added in ``rel``."""
    sides = {"-": git(root, "show", f"HEAD:{rel}").splitlines(),
             "+": (root / rel).read_text("utf-8").splitlines()}
    keys: set[str] = set()
    hunks = re.finditer(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@",
                        git(root, "diff", "-U0", "--", rel), re.M)
    for h in hunks:
        for side, start, count in (("-", h.group(1), h.group(2)), ("+", h.group(3), h.group(4))):
            lines = sides[side]
            first, n = int(start), int(count or 1)
            for lineno in range(first, first + n):
                # the key a line belongs to: the nearest unindented line at or above it
                above = [ln for ln in lines[:lineno] if ln and not ln[0].isspace()
                         and not ln.startswith("#")]
                keys.add(above[-1].split(":", 1)[0] if above else "?")
    return keys


def test_one_club_year_with_commands_only(club: Path) -> None:
    before = {rel: (club / rel).read_text("utf-8") for _args, rel, _keys in CLUB_YEAR}
    for args, rel, allowed in CLUB_YEAR:
        out = ok(cli(club, *args))
        assert f"b/{rel}" in out, (args, out)  # the diff is printed
        assert changed_keys(club, rel) <= allowed, (args, changed_keys(club, rel))
        git(club, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam",
            " ".join(args[:3]))
    ok(cli(club, "check", "--today", "2027-03-15"))
    for rel, old in before.items():
        new = (club / rel).read_text("utf-8")
        assert comments(new) == comments(old), rel
    # the year's facts, as the data now says
    def load(rel: str) -> dict[str, object]:
        data: dict[str, object] = yaml.safe_load((club / rel).read_text("utf-8"))
        return data
    ke = load("members/ke-yan.yml")
    assert ke["status"] == "active" and ke["approved_by"] == ["wang-jian"]
    assert ke["dues"] == [{"year": 2027, "paid": __import__("datetime").date(2027, 1, 12),
                           "amount": 3000, "note": "首年会费"}]
    bai = load("members/bai-lu.yml")
    assert bai["circle"] == "inner" and str(bai["promoted"]) == "2027-02-01"
    assert [d["year"] for d in bai["dues"]] == [2027]  # type: ignore[attr-defined]
    guo = load("members/guo-qiang.yml")
    assert guo["status"] == "active" and "suspended" not in guo and "reason" not in guo
    deng = load("members/deng-yu.yml")
    assert deng["status"] == "expelled" and str(deng["left"]) == "2027-03-01"
    salon = load("content/events/2026-monthly-member-salon.yml")
    occ = {str(o["date"]): o for o in salon["occurrences"]}  # type: ignore[attr-defined]
    assert occ["2026-12-17"]["attended"] == ["li-na", "wang-jian", "chen-jing"]
    dates = [str(o["date"]) for o in salon["occurrences"]]  # type: ignore[attr-defined]
    assert dates == sorted(dates)


def test_dry_run_prints_the_diff_and_writes_nothing(club: Path) -> None:
    out = ok(cli(club, "member", "expel", "deng-yu", "--reason", "x", "--dry-run",
                 "--today", "2027-03-01"))
    assert "+status: expelled" in out and "-status: active" in out
    assert git(club, "status", "--porcelain") == ""


@pytest.mark.parametrize(("args", "code", "words"), [
    (["member", "approve", "li-na", "--by", "wang-jian"], 2, "candidate"),
    (["member", "approve", "ke-yan", "--by", "li-na"], 2, "--by"),
    (["member", "reinstate", "li-na"], 2, "suspended"),
    (["member", "promote", "li-na"], 2, "inner"),
    (["member", "dues", "li-na", "--year", "2026"], 2, "2026"),
    (["member", "expel", "nobody-here", "--reason", "x"], 2, "nobody-here"),
    (["event", "attend", "2026-monthly-member-salon", "--date", "2026-12-18", "li-na"], 2,
     "2026-12-17"),
    (["event", "rsvp", "no-such-event", "li-na"], 2, "no-such-event"),
    # a change that breaks a rule: C3, an outer-court member cannot sponsor … so a candidate
    # approved by a non-admin is refused above; here C5: the 2026 intake is already full
    (["member", "promote", "bai-lu", "--date", "2026-06-01"], 1, "C5.intake"),
])
def test_a_step_that_does_not_apply_changes_nothing(club: Path, args: list[str], code: int,
                                                    words: str) -> None:
    if "C5.intake" in words:  # make the 2026 quota exactly full, so one more breaks it
        charter = club / "content" / "charter.yml"
        count = sum(1 for f in (club / "members").glob("*.yml")
                    if re.search(r"^circle: inner$", f.read_text("utf-8"), re.M)
                    and re.search(r"^joined: 2026-", f.read_text("utf-8"), re.M)
                    and not re.search(r"^status: candidate$", f.read_text("utf-8"), re.M))
        text = re.sub(r"yearly_intake: \d+", f"yearly_intake: {count}",
                      charter.read_text("utf-8"))
        charter.write_text(text, "utf-8")
        git(club, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "q")
    proc = cli(club, *args, "--today", "2026-12-20")
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert words in proc.stdout + proc.stderr
    assert git(club, "status", "--porcelain") == ""


def test_rsvp_and_cancel_round_trip_to_the_same_bytes(club: Path) -> None:
    rel = "content/events/2027-02-spring-kickoff-tea.yml"
    original = (club / rel).read_text("utf-8")
    replied = yaml.safe_load(original)["rsvp"]
    who = next(f.stem for f in sorted((club / "members").glob("*.yml"))
               if f.stem not in replied and "status: active" in f.read_text("utf-8"))
    ok(cli(club, "event", "rsvp", "2027-02-spring-kickoff-tea", who, "--today", "2026-12-01"))
    assert yaml.safe_load((club / rel).read_text("utf-8"))["rsvp"] == [*replied, who]
    again = cli(club, "event", "rsvp", "2027-02-spring-kickoff-tea", who, "--today", "2026-12-01")
    assert again.returncode == 0 and again.stdout == ""  # nothing to change
    ok(cli(club, "event", "rsvp", "--cancel", "2027-02-spring-kickoff-tea", who, "--today",
           "2026-12-01"))
    assert (club / rel).read_text("utf-8") == original


# --------------------------------------------------------------------------- expelled


@pytest.mark.slow
def test_an_expelled_member_is_in_no_output_of_either_edition(club: Path,
                                                              tmp_path: Path) -> None:
    ok(cli(club, "member", "expel", "deng-yu", "--reason", "冒用他人名义对接客户",
           "--date", "2026-11-20", "--today", "2026-11-24"))
    member = yaml.safe_load((club / "members" / "deng-yu.yml").read_text("utf-8"))
    secrets = [member["name"], "deng-yu", member["github"]] + [
        v["value"] for v in member["contact"].values()]
    assert len(secrets) == 6
    for edition in ("public", "members"):
        site = tmp_path / edition
        ok(run_cli("build", "--root", str(club), "--config", str(REPO / "mkdocs.yml"),
                   "--audience", edition, "--out", str(site), "--today", "2026-11-24"))
        texts = [(path, f"{path}\n{text}") for path, text in site_files(site)]
        assert len(texts) > 100
        leaks = [(path, s) for path, text in texts for s in secrets if s in text]
        assert leaks == [], leaks[:5]
        # the event they organised and the members they sponsored still have their pages
        event = (site / "events" / "2025-05-local-push-training" / "index.html")
        if edition == "members":  # a members-only event: not in the public edition
            assert "组织者</dt><dd data-search-exclude>1 位前成员" in event.read_text("utf-8")
        sponsored = [m for m in (club / "members").glob("*.yml")
                     if "sponsor: deng-yu" in m.read_text("utf-8")]
        assert sponsored
        for m in sponsored:
            page = site / "members" / m.stem / "index.html"
            assert "前成员" in page.read_text("utf-8"), m.stem


# --------------------------------------------------------------------------- issue 26.2


def agree(club: Path, today: str) -> None:
    """``report`` and ``check`` on the same day say the same: the members whose dues lapsed,
    and the check's counts in the report's header."""
    import json
    checked = json.loads(cli(club, "check", "--today", today, "--format", "json").stdout)
    rep = json.loads(ok(cli(club, "report", "--today", today, "--format", "json")))
    lapsed_check = {p["file"] for p in checked["problems"] if p["rule"] == "C2.lapsed"}
    lapsed_report = {it["file"] for s in rep["sections"] if s["id"] == "dues-lapsed"
                     for it in s["items"]}
    assert lapsed_check == lapsed_report, today
    errors = sum(1 for p in checked["problems"] if p["severity"] == "error")
    assert (rep["check"]["errors"], rep["check"]["warnings"]) == (
        errors, len(checked["problems"]) - errors), today
    for s in rep["sections"]:
        if s["id"].startswith("dues-"):
            assert all(it["command"].startswith("python -m generator member dues ")
                       for it in s["items"]), s


ADMINS_YEAR: list[tuple[list[str], str]] = [
    # (the step, the next command it must name)
    (["member", "approve", "柯妍", "--by", "wang-jian", "--today", "2027-01-12"],
     "member dues 柯妍"),
    (["member", "dues", "guo-qiang", "--amount", "3,000", "--paid", "2027年1月20日",
      "--today", "2027-01-20"], "report"),
    (["member", "promote", "bai-lu", "--date", "2027-02-01", "--today", "2027-02-01"],
     "member dues bai-lu"),
    (["member", "suspend", "jiang-tao", "--reason", "会费逾期", "--today", "2027-02-05"],
     "member reinstate jiang-tao"),
    (["member", "dues", "jiang-tao", "--amount", "¥3,000", "--year", "2026",
      "--today", "2027-02-10"], "report"),
    (["member", "reinstate", "jiang-tao", "--today", "2027-02-10"], "report"),
    (["member", "retire", "chen-hao", "--date", "2027-02-12", "--today", "2027-02-12"],
     "codeowners"),
    (["member", "expel", "deng-yu", "--reason", "冒用他人名义对接客户", "--today", "2027-02-15"],
     "codeowners"),
    (["event", "rsvp", "2027-02-spring-kickoff-tea", "何欣", "--today", "2027-02-16"],
     "event attend 2027-02-spring-kickoff-tea --date 2027-02-25 何欣"),
    (["event", "attend", "2027-02-spring-kickoff-tea", "何欣", "--today", "2027-02-26"],
     "report"),
]


def test_the_admins_year_each_step_names_the_next(club: Path) -> None:
    """Approve, dues (written as people write them), promote, suspend, reinstate (refused
    while dues are lapsed, with the command that settles it), retire, expel, RSVP to the next
    session without a date, attend after it: every step says the next command, and
    ``report`` and ``check`` agree after each."""
    agree(club, "2027-01-12")
    for args, following in ADMINS_YEAR:
        today = args[args.index("--today") + 1]
        if args[:2] == ["event", "attend"]:  # not before the session
            early = cli(club, *args[:-1], "2027-02-20")
            assert early.returncode == 2 and "还没有举行" in early.stderr
        if args[:2] == ["member", "reinstate"]:
            assert "suspensions" not in (club / "members/jiang-tao.yml").read_text("utf-8")
        done = cli(club, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert f"下一步：python -m generator {following}" in done.stderr, (args, done.stderr)
        assert " -)" not in done.stderr and ": -" not in done.stderr
        agree(club, today)

    def load(rel: str) -> dict[str, object]:
        data: dict[str, object] = yaml.safe_load((club / rel).read_text("utf-8"))
        return data

    guo = load("members/guo-qiang.yml")["dues"]
    assert guo[-1] == {"year": 2026, "paid": __import__("datetime").date(2027, 1, 20),  # type: ignore[index]
                       "amount": 3000}
    jiang = load("members/jiang-tao.yml")
    assert jiang["status"] == "active" and "suspended" not in jiang
    assert jiang["suspensions"] == [{"start": __import__("datetime").date(2027, 2, 5),
                                     "end": __import__("datetime").date(2027, 2, 10),
                                     "reason": "会费逾期"}]
    assert load("members/chen-hao.yml")["status"] == "alumni"
    tea = load("content/events/2027-02-spring-kickoff-tea.yml")
    assert "he-xin" in tea["rsvp"] and tea["attended"] == ["he-xin"]  # type: ignore[operator]
    again = cli(club, "event", "rsvp", "2027-02-spring-kickoff-tea", "li-na",
                "--today", "2027-02-16")
    assert "已在名单上：li-na" in again.stderr  # said, in the charter's language


def test_reinstate_waits_for_the_dues(club: Path) -> None:
    ok(cli(club, "member", "suspend", "guo-qiang", "--reason", "会费逾期",
           "--today", "2027-01-05"))
    refused = cli(club, "member", "reinstate", "guo-qiang", "--today", "2027-01-06")
    assert refused.returncode == 2
    assert "python -m generator member dues guo-qiang --year 2026" in refused.stderr
    assert "status: suspended" in (club / "members/guo-qiang.yml").read_text("utf-8")


def test_dates_that_cannot_be_true_are_refused(club: Path) -> None:
    ahead = cli(club, "member", "dues", "li-na", "--paid", "2027-01-20", "--today",
                "2026-12-07")
    assert ahead.returncode == 2 and "晚于今天" in ahead.stderr
    future = cli(club, "event", "attend", "2026-monthly-member-salon", "--date", "2026-12-17",
                 "li-na", "--today", "2026-12-07")
    assert future.returncode == 2 and "还没有举行" in future.stderr
    assert git(club, "status", "--porcelain") == ""


def test_access_code_takes_a_name(club: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    env = {**os.environ, "COURTYARD_MASTER_SECRET": "a-test-master-secret-0123456789abcdefXYZ"}
    done = subprocess.run([__import__("sys").executable, "-m", "generator", "access-code",
                           "李娜", "--root", str(club), "--today", "2026-12-07"], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "(li-na)" in done.stdout or "（li-na）" in done.stdout
