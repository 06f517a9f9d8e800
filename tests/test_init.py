"""A new club from zero (issue 26 items 1 and 5): ``init`` with flags for an English club
without red packets (R3) and without outer-court groups (C6), two founders who founded it last
year, then a weekly series and a member added with ``new``; the club checks clean and builds
both editions for real (MkDocs, strict). The pages read English: no Chinese at all (so none of
the sample's words), no groups page, tiles or link, one row for the series.

Also: ``new member`` in a club with no members asks whether this is a founder (and makes the
first member one), ``serve --root`` keeps its files in that root, argparse and an unusable
charter speak the charter's language."""

from __future__ import annotations

import gzip
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build_editions, run_cli

TODAY = "2026-12-07"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
FOUNDERS = ("Ada Lane|Lane Press", "Bo Chen|Chen Type")


def init_club(base: Path, *extra: str) -> Path:
    root = base / "club"
    args = ["init", str(root), "--yes", "--name", "Riverside Printers", "--language", "en",
            "--cap", "30", "--dues", "1200", "--year", "anniversary",
            "--rules", "R1,R2,R4,R5,C1,C2,C3,C5", "--founded", "2025-05-01",
            "--today", TODAY, *extra]
    for f in FOUNDERS:
        args += ["--founder", f]
    done = run_cli(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "check: 0 error(s), 0 warning(s)." in done.stdout
    assert f"cd {root}" in done.stdout  # the next command
    return root


CIRCLE, ORG_WORD = "Guild", "studio"  # the charter's words, in place of the defaults


@pytest.fixture(scope="module")
def club(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = init_club(tmp_path_factory.mktemp("init"), "--circle", CIRCLE,
                     "--organisation-word", ORG_WORD)
    series = run_cli("new", "event", "--root", str(root), "--today", TODAY, "--yes",
                     "--title", "Thursday critique", "--start", "2026-12-10 19:30",
                     "--rrule", "FREQ=WEEKLY;BYDAY=TH", "--audience", "public",
                     "--organizers", "ada-lane", "--location", "Lane Press studio")
    assert series.returncode == 0, series.stderr
    member = run_cli("new", "member", "--root", str(root), "--today", TODAY, "--yes",
                     "--name", "Cai Wen", "--org", "Wen Print", "--sponsor", "ada-lane")
    assert member.returncode == 0, member.stderr
    owners = run_cli("codeowners", "--root", str(root), "--today", TODAY)  # as after any edit
    assert owners.returncode == 0, owners.stderr
    return root


@pytest.fixture(scope="module")
def sites(club: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_editions(club, tmp_path_factory.mktemp("init-sites"), TODAY)


def test_init_writes_a_club_that_checks_clean(club: Path) -> None:
    charter = yaml.safe_load((club / "content" / "charter.yml").read_text(encoding="utf-8"))
    assert charter["language"] == "en" and charter["dues"]["year"] == "anniversary"
    assert [r["id"] for r in charter["rules"]] == ["R1", "R2", "R4", "R5", "C1", "C2", "C3",
                                                   "C5"]
    assert charter["founders"] == charter["admins"] == ["ada-lane", "bo-chen"]
    ada = yaml.safe_load((club / "members" / "ada-lane.yml").read_text(encoding="utf-8"))
    assert ada["founder"] is True and "sponsor" not in ada
    assert [d["year"] for d in ada["dues"]] == [2025, 2026]  # no C2.lapsed on day one
    for path in [*club.glob("members/*.yml"), club / "content" / "charter.yml"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = first.split("$schema=", 1)[1]
        assert (path.parent / schema).resolve().is_file(), (path, schema)  # exists locally
    for rel in (".gitignore", ".github/workflows/publish.yml", ".github/workflows/judge.yml",
                ".github/ISSUE_TEMPLATE/member.yml", ".github/CODEOWNERS",
                "content/pages/about.md", "README.md", "pyproject.toml",
                "requirements/app.txt", "generator/__main__.py"):
        assert (club / rel).is_file(), rel
    assert "/site/" in (club / ".gitignore").read_text(encoding="utf-8")
    form = (club / ".github" / "ISSUE_TEMPLATE" / "member.yml").read_text(encoding="utf-8")
    assert not re.search(r"red[ _-]?packet|红包", form, re.I)
    label = re.search(r"label: (.+)", form)
    assert label and re.match(r"[A-Za-z]", label.group(1))  # the charter's language first
    done = run_cli("check", "--root", str(club), "--today", TODAY, "--strict")
    assert done.returncode == 0, done.stdout + done.stderr


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "club").mkdir()
    (tmp_path / "club" / "keep.txt").write_text("mine", encoding="utf-8")
    done = run_cli("init", str(tmp_path / "club"), "--yes", "--name", "X", "--language", "en",
                   "--founder", "Ada Lane|Lane Press")
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    assert sorted(p.name for p in (tmp_path / "club").iterdir()) == ["keep.txt"]
    done = run_cli("init", str(tmp_path / "other"), "--yes", "--name", "X", "--language", "en")
    assert done.returncode == 2 and "at least one founder" in done.stderr
    assert not (tmp_path / "other").exists()


def _page_texts(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.startswith("assets/") or path.suffix in (".png", ".ico"):
            continue  # scripts read Chinese input (request form, search): not page text
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out[rel] = data.decode("utf-8", errors="replace")
    return out


@pytest.mark.slow
def test_the_new_club_builds_both_editions_in_english(sites: dict[str, Path]) -> None:
    for edition, site in sites.items():
        texts = _page_texts(site)
        assert "index.html" in texts and "events/index.html" in texts
        chinese = {rel: CJK.findall(text)[:10] for rel, text in texts.items()
                   if CJK.search(text)}
        assert chinese == {}, (edition, chinese)
        assert not (site / "groups").exists(), edition  # no groups page without C6
        home = html.unescape(texts["index.html"])
        assert "Outer-court groups" not in home and "People in groups" not in home
        assert "groups/" not in home
        assert "inner inner" not in home.lower()
        assert not re.search(r"red[ _-]?packet", home, re.I)


@pytest.mark.slow
def test_the_charters_words_reach_the_pages(club: Path, sites: dict[str, Path]) -> None:
    """What a member's organisation is called and the inner circle's name come from the
    charter (``words.organisation``, ``inner_circle.name``, written by ``init``): the member
    badge, the directory's column and search hint, the member page, the charts and the request
    form use them, and no page says the defaults ("organisation", "Inner circle")."""
    charter = yaml.safe_load((club / "content" / "charter.yml").read_text(encoding="utf-8"))
    assert charter["words"]["organisation"] == ORG_WORD
    assert charter["inner_circle"]["name"] == CIRCLE
    form = (club / ".github" / "ISSUE_TEMPLATE" / "member.yml").read_text(encoding="utf-8")
    assert "label: Studio" in form and f"inner — {CIRCLE}" in form  # the issue forms too
    assert "rganisation" not in form and "inner circle" not in form
    asked = subprocess.run([sys.executable, "-m", "generator", "new", "member", "--root",
                            str(club), "--today", TODAY, "--dry-run"], cwd=REPO,
                           input="Cai Wen\n", capture_output=True, text=True, check=False)
    assert "Studio *" in asked.stderr  # new's question (then the input ends: cancelled)
    for edition, site in sites.items():
        texts = {rel: html.unescape(text) for rel, text in _page_texts(site).items()
                 if rel.endswith(".html")}
        defaults = {rel: m.group(0) for rel, text in texts.items()
                    for m in [re.search(r"organisation|inner circle|Members ·", text, re.I)]
                    if m}
        assert defaults == {}, (edition, defaults)
        member = texts["members/ada-lane/index.html"]
        assert f'<span class="cy-badge cy-inner">{CIRCLE}</span>' in member
        assert "<dt data-search-exclude>Studio</dt>" in member
        directory = texts["directory/index.html"]
        assert "Name, studio, city or tag" in directory and ">Studio</th>" in directory


@pytest.mark.slow
def test_the_weekly_series_is_one_row(sites: dict[str, Path]) -> None:
    events = (sites["public"] / "events" / "index.html").read_text(encoding="utf-8")
    assert events.count("Thursday critique") == 1


# --------------------------------------------------------------------------- new member


def test_new_member_makes_the_first_member_a_founder(tmp_path: Path) -> None:
    """A club whose members/ is empty: ``new`` asks "founder" with yes as the default, asks
    for no sponsor, records dues for every year since joining and lists them in the
    charter's founders."""
    root = tmp_path / "club"
    shutil.copytree(REPO / "examples" / "shanghai-designers" / "content", root / "content")
    (root / "members").mkdir()
    charter = root / "content" / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8").replace(
        "founders: [lena-zhou, marco-chen, yuki-tan]", "founders: []").replace(
        "admins: [lena-zhou, marco-chen]", "admins: [nina-park]"), encoding="utf-8")
    answers = "\n".join(["Nina Park", "Park Studio", "", "", "", "2025-03-01", "", "", "",
                         "", "", "", "", "", "", "", "", ""]) + "\n"
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "generator", "new", "member", "--root",
                           str(root), "--today", TODAY], input=answers, capture_output=True,
                          text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "founder [y]" in done.stderr
    assert "sponsor" not in done.stderr.split("founder [y]", 1)[1]
    data = yaml.safe_load((root / "members" / "nina-park.yml").read_text(encoding="utf-8"))
    assert data["founder"] is True and data["status"] == "active"
    assert [d["year"] for d in data["dues"]] == [2025, 2026]
    assert "founders: [nina-park]" in charter.read_text(encoding="utf-8")
    check = run_cli("check", "--root", str(root), "--today", TODAY)
    assert "C2.lapsed" not in check.stdout and "founder." not in check.stdout, check.stdout


# --------------------------------------------------------------------------- language


def test_argparse_speaks_the_charters_language(tmp_path: Path) -> None:
    zh = run_cli("member", "dues", "--amount", "x", "li-na")  # the sample: zh
    assert zh.returncode == 2
    assert zh.stderr.startswith("用法：") and "不是金额" in zh.stderr
    assert "invalid float value" not in zh.stderr and "usage:" not in zh.stderr
    missing = run_cli("deploy", "site")
    assert "缺少必需的参数：--endpoint, --bucket" in missing.stderr
    choice = run_cli("member", "frobnicate")
    assert "不是可选值之一" in choice.stderr
    en = run_cli("member", "dues", "--root", str(REPO / "examples" / "shanghai-designers"))
    assert "the following arguments are required: ID" in en.stderr
    assert run_cli("check", "--bogus", "--lang", "en").stderr.count("unknown arguments") == 1


def test_an_unusable_charter_is_reported_in_its_language(tmp_path: Path) -> None:
    root = tmp_path / "club"
    shutil.copytree(REPO / "examples" / "shanghai-designers", root)
    charter = root / "content" / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8").replace(
        "timezone: Asia/Shanghai", "timezone: Mars/Olympus"), encoding="utf-8")
    for args in (["check"], ["report"], ["member", "dues", "anna-wu"]):
        done = run_cli(*args, "--root", str(root), "--today", TODAY)
        assert done.returncode == 2, args
        said = done.stdout + done.stderr
        assert "must be a time zone name from the zoneinfo database" in said, args
        assert not CJK.search(done.stdout + done.stderr), args
    done = run_cli("check", "--root", str(root), "--lang", "zh")
    assert CJK.search(done.stdout + done.stderr)


# --------------------------------------------------------------------------- serve --root


def test_serve_root_keeps_its_work_inside_that_root(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``serve --root CLUB`` runs on each rebuild (MkDocs' hook with COURTYARD_ROOT):
    the generated pages land in CLUB/.courtyard/, nothing in the program's checkout; and the
    folders watched are the club's data, not the sample's beside the program."""
    from generator.build import engine
    from generator.commands.serve import watched

    root = tmp_path / "club"
    shutil.copytree(REPO / "examples" / "shanghai-designers", root,
                    ignore=shutil.ignore_patterns(".courtyard"))
    watch = watched(str(root), str(REPO))
    assert all(not w.startswith(str(REPO / d)) for w in watch
               for d in ("members", "resources", "content")), watch
    assert str(root / "members") in watch
    assert str(REPO / "generator" / "pages" / "templates") in watch

    monkeypatch.setenv("COURTYARD_ROOT", str(root))
    monkeypatch.setenv("COURTYARD_TODAY", TODAY)
    monkeypatch.setenv("COURTYARD_AUDIENCE", "public")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")  # the hook would set it otherwise
    before = set((REPO / ".courtyard").rglob("*")) if (REPO / ".courtyard").exists() else set()

    class Config:
        config_file_path = str(REPO / "mkdocs.yml")
        site_dir = str(tmp_path / "site")

    gen = engine.generate_for_hook(Config())
    assert Path(gen.docs_dir).is_relative_to(root / ".courtyard")
    after = set((REPO / ".courtyard").rglob("*")) if (REPO / ".courtyard").exists() else set()
    assert after - before == set()
