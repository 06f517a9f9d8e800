"""A charter another club can adopt (issue 13, item 6).

The second example community, ``examples/shanghai-designers`` (English, cap 40, dues 2,000 a
year from each member's joining date, no red-packet rule, its own media kinds, event kinds and
post types), is checked and built for real in both editions; then the switches one at a time:
a rule switched off, a kind outside the charter's list, dues years by anniversary, headings
whatever the inner circle is called, issue forms and ``new`` following the charter.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, build_editions, make_community, run_cli, set_charter

from generator.checks import run_all
from generator.data.community import load_charter, load_community
from generator.data.kinds import circle_members
from generator.github import forms

EXAMPLE = REPO / "examples" / "shanghai-designers"
TODAY = "2026-12-07"
RED_PACKET = re.compile(r"red[ _-]?packet|红包|🧧", re.IGNORECASE)
RULE_R3 = re.compile(r"(?<![A-Za-z0-9_])R3(?![A-Za-z0-9_])")
VENDORED = ("assets/javascripts/", "assets/courtyard/mermaid")
"""Third-party scripts shipped with the site: minified code whose identifiers may spell R3."""
CLUB_MEDIA_KINDS = "typography, print, exhibition_space, risograph, photography"


def _copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "club"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".courtyard"))
    return root


@pytest.fixture(scope="module")
def club_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example club's two editions, built with the real CLI (MkDocs, strict)."""
    base = tmp_path_factory.mktemp("club-sites")
    return build_editions(_copy_example(base), base, TODAY)


def _texts(site: Path) -> dict[str, str]:
    """Every output file as text (``.gz`` files decompressed), by its path in the site; not
    the PNG share cards and posters: their text is pixels, and their compressed bytes can
    spell "R3" by chance."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.suffix != ".png"):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return out


def test_example_club_checks_clean() -> None:
    proc = run_cli("check", "--root", str(EXAMPLE), "--today", TODAY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s), 0 warning(s)." in proc.stdout


@pytest.mark.parametrize("edition", ["public", "members"])
def test_example_club_site_has_no_red_packet_anywhere(club_sites: dict[str, Path],
                                                      edition: str) -> None:
    texts = _texts(club_sites[edition])
    assert "index.html" in texts and "sitemap.xml.gz" in texts and len(texts) > 50
    assert [f for f, t in texts.items() if RED_PACKET.search(t)] == []
    assert [f for f, t in texts.items()
            if not f.startswith(VENDORED) and RULE_R3.search(t)] == []
    assert [f for f, t in texts.items() if "Members members" in t] == []


def test_example_club_site_speaks_english_and_its_own_kinds(
        club_sites: dict[str, Path]) -> None:
    site = club_sites["members"]
    home = (site / "index.html").read_text("utf-8")
    assert '<html lang="en"' in home
    media = (site / "media" / "index.html").read_text("utf-8")
    for label in ("Typography", "Risograph studio", "Exhibition space", "Photography"):
        assert label in media  # the charter's label, else the value as words
    visit = (site / "events" / "2025-12-gallery-visit" / "index.html").read_text("utf-8")
    assert "Studio visit" in visit
    board = (site / "board" / "index.html").read_text("utf-8")
    assert "Job" in board and "Active posts; expired posts are hidden." in board
    charter = (site / "charter" / "index.html").read_text("utf-8")
    assert 'id="rule-R1"' in charter and 'id="rule-C6"' not in charter
    assert "2000 CNY a year, each member" in charter
    assert "进群" not in charter and "群红包" not in charter  # not the sample's clauses
    api = (site / "api" / "v1" / "board.json").read_text("utf-8")
    assert '"type": "job"' in api


def test_a_kind_outside_the_charters_list_is_refused_with_the_allowed_values(
        tmp_path: Path) -> None:
    root = _copy_example(tmp_path)
    media = root / "resources" / "media" / "north-bund-riso-studio.yml"
    media.write_text(media.read_text("utf-8").replace("kind: risograph", "kind: elevator"),
                     encoding="utf-8")
    proc = run_cli("check", "--root", str(root), "--today", TODAY, "--lang", "en")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    line = next(x for x in proc.stdout.splitlines() if "north-bund-riso-studio" in x)
    assert "[schema.enum]" in line and CLUB_MEDIA_KINDS in line and "elevator" in line
    # the sample's kinds are still the default: the sample's own charter accepts elevator
    assert "elevator" in load_charter(str(REPO)).kinds("media_kinds")


def test_new_takes_the_charters_kinds_and_no_red_packet(tmp_path: Path) -> None:
    root = _copy_example(tmp_path)
    ok = run_cli("new", "media", "--root", str(root), "--today", TODAY, "--yes", "--dry-run",
                 "--title", "Letterpress workshop", "--owner", "marco-chen",
                 "--kind", "typography", "--city", "Shanghai")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "kind: typography" in ok.stdout
    bad = run_cli("new", "media", "--root", str(root), "--today", TODAY, "--yes", "--dry-run",
                  "--title", "Screens", "--owner", "marco-chen", "--kind", "elevator",
                  "--city", "Shanghai", "--lang", "en")
    assert bad.returncode == 2 and "typography / print" in bad.stderr, bad.stderr
    post = run_cli("new", "post", "--root", str(root), "--today", TODAY, "--yes", "--dry-run",
                   "--title", "Junior type designer", "--type", "job", "--owner", "lena-zhou",
                   "--red-packet-amount", "30", "--lang", "en")
    assert post.returncode == 2, post.stdout + post.stderr
    assert "--red-packet-amount: this club's charter has no rule R3" in post.stderr
    post = run_cli("new", "post", "--root", str(root), "--today", TODAY, "--yes", "--dry-run",
                   "--title", "Junior type designer", "--type", "job", "--owner", "lena-zhou")
    assert post.returncode == 0, post.stdout + post.stderr
    assert "type: job" in post.stdout and not RED_PACKET.search(post.stdout + post.stderr)


def test_issue_forms_follow_the_charter() -> None:
    club = forms.for_charter(load_charter(str(EXAMPLE)))
    texts = {name: forms.template(f) for name, f in club.items()}
    assert [n for n, t in texts.items() if RED_PACKET.search(t) or RULE_R3.search(t)] == []
    assert texts["post"].splitlines()[2] == "name: Post to the board 发布供需"  # English first
    assert "- job — Job" in texts["post"] and "- studio_visit — Studio visit" in texts["event"]
    assert "placeholder: 张伟" not in texts["member"]
    assert [f.id for f in club["post"].fields if f.id.startswith("red_packet")] == []
    # the sample's forms are the defaults, and keep their red-packet fields
    sample = forms.for_charter(load_charter(str(REPO)))
    assert {n: forms.template(f) for n, f in sample.items()} == {
        n: forms.template(f) for n, f in forms.FORMS.items()}
    assert "red_packet_amount" in [f.id for f in sample["post"].fields]


def _switch_off(root: Path, rule_id: str) -> None:
    path = root / "content" / "charter.yml"
    text = path.read_text("utf-8")
    block = re.search(rf"  - id: {rule_id}\n(?:    .*\n)*?    enforcement: (\w+)\n", text)
    assert block is not None
    start, end = block.span(1)
    path.write_text(text[:start] + "off" + text[end:], encoding="utf-8")


def test_a_rule_switched_off_is_neither_checked_nor_reported(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    ad = root / "resources" / "board" / "ad-new-year.yml"
    ad.write_text("\n".join(x for x in ad.read_text("utf-8").splitlines()
                            if not x.startswith("red_packet")) + "\n", encoding="utf-8")
    today = dt.date(2026, 2, 1)

    def report() -> str:
        proc = run_cli("report", "--root", str(root), "--today", today.isoformat(),
                       "--format", "json")
        assert proc.returncode in (0, 1), proc.stderr
        return proc.stdout

    assert "R3.red-packet" in {p.rule for p in run_all(load_community(str(root), today))}
    assert '"red-packet"' in report()
    _switch_off(root, "R3")
    com = load_community(str(root), today)
    assert not com.charter.rule_on("R3") and com.charter.rule_on("R1")
    assert "R3.red-packet" not in {p.rule for p in run_all(com)}
    assert '"red-packet"' not in report() and '"dues-lapsed"' in report()


def test_dues_years_run_from_each_members_anniversary(tmp_path: Path) -> None:
    """Lena joined on 9 March: in the club's anniversary years her 2027 dues fall due on
    9 March 2027 (30 days' grace), in calendar years on 1 January."""
    root = _copy_example(tmp_path)
    day = dt.date(2027, 3, 20)

    def lapsed() -> set[tuple[str, int]]:
        com = load_community(str(root), day)
        return {(p.file.rsplit("/", 1)[-1], int(str(dict(p.args)["year"])))
                for p in run_all(com) if p.rule == "C2.lapsed"}

    assert ("lena-zhou.yml", 2027) not in lapsed()
    set_charter(root, {"dues.year": "calendar"})
    assert ("lena-zhou.yml", 2027) in lapsed()


@pytest.mark.parametrize(("name", "label", "lang", "expected"), [
    ("菁英会", None, "zh", "菁英会会员"),
    ("菁英会", None, "en", "菁英会 members"),
    ("Members", None, "en", "Members"),
    ("Studio Members", None, "en", "Studio Members"),
    ("The Studio", None, "en", "The Studio members"),
    ("Fellowship", "Fellows", "en", "Fellows"),
])
def test_headings_read_well_whatever_the_inner_circle_is_called(
        name: str, label: str | None, lang: str, expected: str) -> None:
    charter = load_charter(str(EXAMPLE))
    charter.inner_circle.name = name
    charter.inner_circle.members_label = label
    assert circle_members(charter, lang) == expected
