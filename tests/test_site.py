"""The published site: `python -m generator build` on the sample community and on small fixture
communities — pages, links, editions, calendar, search dictionary, refusal on errors — plus
golden files of selected generated Markdown (bless: ``COURTYARD_BLESS=1 python -m pytest
tests/test_site.py``).

The helpers at the top are shared with test_privacy, test_escaping and test_determinism.
"""

from __future__ import annotations

import gzip
import html.parser
import json
import os
import posixpath
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import REPO, TODAY, make_community, run_cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
BLESS = os.environ.get("COURTYARD_BLESS") == "1"


# --------------------------------------------------------------------------- shared helpers


def build(root: Path, out: Path, edition: str = "public", today: str = TODAY.isoformat(),
          expect: int = 0) -> str:
    """Run the real CLI; assert its exit status; return its output."""
    proc = run_cli("build", "--root", str(root), "--audience", edition, "--out", str(out),
                   "--today", today)
    assert proc.returncode == expect, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def site_files(site: Path) -> Iterator[tuple[str, str]]:
    """(relative path, text) of every file in a built site; .gz files decompressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        yield path.relative_to(site).as_posix(), data.decode("utf-8", errors="replace")


def both_editions(root: Path, tmp: Path) -> dict[str, dict[str, str]]:
    """Build the public and the members edition of ``root``: edition → {path: text}."""
    out = {}
    for edition in ("public", "members"):
        build(root, tmp / edition, edition)
        out[edition] = dict(site_files(tmp / edition))
    return out


def write_yaml(root: Path, rel: str, doc: dict[str, object]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


class Links(html.parser.HTMLParser):
    """Every href/src in a page, and the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self.fetched: list[str] = []  # what a browser loads by itself (not links to follow)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.urls.append((tag, value))
                rel = dict(attrs).get("rel") or ""
                if name == "src" or (tag == "link" and rel in (
                        "stylesheet", "icon", "preload", "modulepreload", "manifest")):
                    self.fetched.append(value)


def parse_links(text: str) -> Links:
    p = Links()
    p.feed(text)
    p.close()
    return p


# --------------------------------------------------------------------------- the sample site


@pytest.fixture
def sample(sample_sites: dict[str, Path]) -> dict[str, Path]:
    return sample_sites


def test_sample_has_every_page(sample: dict[str, Path]) -> None:
    public = sample["public"]
    for rel in ("index.html", "directory/index.html", "calendar/index.html", "events/index.html",
                "tree/index.html", "charter/index.html", "contributing/index.html",
                "groups/index.html", "media/index.html", "board/index.html",
                "tags/index.html", "about/index.html", "hosting/index.html",
                "members/wang-jian/index.html", "search/search_index.json", "sitemap.xml",
                "assets/courtyard/mermaid.min.js", "assets/courtyard/table.js"):
        assert (public / rel).is_file(), rel
    assert not (public / "clients").exists() and not (public / "admin").exists()
    assert (sample["members"] / "clients" / "index.html").is_file()
    assert (sample["members"] / "admin" / "index.html").is_file()


def test_every_internal_link_resolves(sample: dict[str, Path]) -> None:
    """Page bodies are HTML blocks MkDocs does not check, so follow every link here."""
    for edition, site in sample.items():
        broken = []
        for rel, text in site_files(site):
            if not rel.endswith(".html"):
                continue
            links = parse_links(text)
            for tag, url in links.urls:
                parts = urlsplit(url)
                if parts.scheme or url.startswith(("//", "#", "mailto:", "tel:")):
                    continue
                here = "" if parts.path.startswith("/") else posixpath.dirname(rel)
                target = posixpath.normpath(posixpath.join(here, unquote(parts.path)
                                                           .lstrip("/")))
                path = site / target
                if path.is_dir():
                    path = path / "index.html"
                if not path.is_file():
                    broken.append(f"{rel}: <{tag}> {url}")
        assert not broken, f"{edition}: " + "\n".join(broken[:20])


def test_no_request_leaves_the_site(sample: dict[str, Path]) -> None:
    """No CDN, no web fonts: scripts, styles and images come from the site itself."""
    for rel, text in site_files(sample["public"]):
        if not rel.endswith(".html"):
            continue
        for url in parse_links(text).fetched:
            assert not urlsplit(url).scheme and not url.startswith("//"), (rel, url)
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, rel


def test_entity_pages_stay_out_of_the_navigation(sample: dict[str, Path]) -> None:
    page = (sample["public"] / "directory" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('class="md-nav md-nav--primary'):page.index('<div class="md-content"')]
    assert 'href="../charter/"' in nav and 'members/' not in nav and 'events/2' not in nav
    assert page.count('href="../members/') >= 38  # … while the directory links every member
    member = (sample["public"] / "members" / "wang-jian" / "index.html").read_text("utf-8")
    assert "<title>王健 - 广告菁英会SZ</title>" in member
    assert '<html lang="zh"' in member


def test_search_index_holds_every_page_and_the_entities(sample: dict[str, Path]) -> None:
    """Courtyard's search index (issue 17): Material's file keeps its configuration (its
    separator highlights the page a result opens) and lists Courtyard's files; the text
    chunks hold every page as plain text, the entities every member by name, organisation
    and pinyin."""
    search = sample["public"] / "search"
    index = json.loads((search / "search_index.json").read_text("utf-8"))
    assert "\\u200b" in index["config"]["separator"]  # Material's zh separator, not overridden
    assert index["docs"] == []
    files = index["config"]["courtyard"]
    docs = {loc: (title, text) for rel in files["text"]
            for loc, title, text in json.loads((search / rel).read_text("utf-8"))}
    title, text = docs["members/wang-jian/"]
    assert title == "王健" and "分众传媒" in text and "\u200b" not in text
    entities = json.loads((search / files["entities"]).read_text("utf-8"))
    orgs = [org for org, _py, _alt in entities["orgs"]]
    wang = [e for e in entities["entities"] if e[:2] == ["members", "wang-jian"]]
    assert [(e[2], orgs[e[3]], e[5]) for e in wang] == [("王健", "分众传媒", "wang jian")]
    hand_written = {p.stem + "/" for p in (REPO / "content" / "pages").glob("*.md")}
    generated = [d for d in docs.items() if d[0].split("#")[0] not in hand_written]
    size = len(json.dumps(generated).encode()) + len(json.dumps(entities).encode())
    assert size / 44 < 4096  # generous: the benchmark reports the real figure


def test_events_page_splits_upcoming_and_past(sample: dict[str, Path]) -> None:
    page = (sample["public"] / "events" / "index.html").read_text("utf-8")
    ahead, past = page.split('id="past"')
    assert "events/2026-annual-gathering/" in ahead and "events/2026-annual-gathering/" not in past
    assert "events/2023-annual-gathering/" in past and "events/2023-annual-gathering/" not in ahead


def test_calendar_puts_events_in_their_day(sample: dict[str, Path]) -> None:
    cal = (sample["public"] / "calendar" / "index.html").read_text("utf-8")
    month = cal[cal.index('id="m-2026-12"'):]
    month = month[:month.index("</table>")]
    cells = month.split("<td")
    cell = next(c for c in cells if '<span class="cy-day">19</span>' in c)
    assert "events/2026-annual-gathering/" in cell
    members_cal = (sample["members"] / "calendar" / "index.html").read_text("utf-8")
    sep = members_cal[members_cal.index('id="m-2026-09"'):]
    sep = sep[:sep.index("</table>")]
    cell = next(c for c in sep.split("<td") if '<span class="cy-day">17</span>' in c)
    assert "<del>菁英会月度会员沙龙</del>" in cell  # the typhoon-cancelled occurrence


@pytest.mark.slow
def test_calendar_day_is_the_charter_time_zone_day(tmp_path: Path) -> None:
    """An event written in UTC sits in the cell of its Beijing-time day."""
    root = make_community(tmp_path)
    write_yaml(root, "content/events/late-call.yml", {
        "title": "跨时区电话会", "start": "2026-03-14T23:30:00Z", "end": "2026-03-15T00:30:00Z",
        "audience": "public", "kind": "open_event"})
    out = tmp_path / "site"
    build(root, out)
    cal = (out / "calendar" / "index.html").read_text("utf-8")
    month = cal[cal.index('id="m-2026-03"'):]
    month = month[:month.index("</table>")]
    cell = next(c for c in month.split("<td") if "events/late-call/" in c)
    assert '<span class="cy-day">15</span>' in cell and "<time>07:30</time>" in cell


def test_charter_page_lists_every_rule_with_its_enforcement(sample: dict[str, Path]) -> None:
    page = (sample["public"] / "charter" / "index.html").read_text("utf-8")
    charter = yaml.safe_load((REPO / "content" / "charter.yml").read_text("utf-8"))
    for rule in charter["rules"]:
        row = page[page.index(f'id="rule-{rule["id"]}"'):]
        row = row[:row.index("</tr>")]
        assert f"cy-enf-{rule['enforcement']}" in row, rule["id"]
    assert "不低于 30 元、5 人以上" in page and "20–50 人" in page


def test_contributing_shows_real_files_without_private_data(sample: dict[str, Path]) -> None:
    page = (sample["public"] / "contributing" / "index.html").read_text("utf-8")
    assert page.count('class="cy-sample"') == 4
    assert "contact:" not in page and "dues:" not in page


# --------------------------------------------------------------------------- fixture builds


def test_build_refuses_data_with_errors_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "previous.txt").write_text("old site", encoding="utf-8")
    write_yaml(root, "members/bad.yml", {"name": "坏人", "org": "某公司", "circle": "outer",
                                         "status": "active", "joined": "2025-01-01"})
    text = build(root, out, expect=1)
    assert "members/bad.yml" in text and "C3.sponsor" in text
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]


@pytest.mark.slow
def test_engine_failure_keeps_the_old_site(tmp_path: Path) -> None:
    """MkDocs runs strict: a broken link in a hand-written page fails the build, names the
    problem, and the previous output stays as it was."""
    root = make_community(tmp_path)
    (root / "content" / "pages").mkdir(parents=True)
    (root / "content" / "pages" / "notes.md").write_text("# 笔记\n\n[坏链接](missing.md)\n",
                                                         encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "previous.txt").write_text("old site", encoding="utf-8")
    text = build(root, out, expect=1)
    assert "missing.md" in text
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.building")]


def test_build_usage_errors_exit_2(tmp_path: Path) -> None:
    proc = run_cli("build", "--root", str(tmp_path), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    proc = run_cli("build", "--audience", "everyone")
    assert proc.returncode == 2
    root = make_community(tmp_path / "broken")
    (root / "content" / "charter.yml").write_text("name: [unclosed\n", encoding="utf-8")
    proc = run_cli("build", "--root", str(root), "--out", str(tmp_path / "o2"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert not (tmp_path / "o2").exists()


@pytest.mark.slow
def test_english_charter_gives_an_english_site(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    charter = root / "content" / "charter.yml"
    charter.write_text(charter.read_text("utf-8").replace("language: zh", "language: en"),
                       encoding="utf-8")
    out = tmp_path / "site"
    build(root, out)
    home = (out / "index.html").read_text("utf-8")
    assert '<html lang="en"' in home and "Upcoming events" in home
    config = json.loads((out / "search/search_index.json").read_text("utf-8"))["config"]
    assert "u200b" not in config["separator"]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return str(resp.read().decode("utf-8"))
    except (OSError, ValueError):
        return ""


def _wait_for(url: str, text: str, seconds: float = 120) -> bool:
    """Poll a local page until it shows ``text`` (bounded in time, loopback only)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if text in _fetch(url):
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_serve_rebuilds_when_data_changes(tmp_path: Path) -> None:
    """`python -m generator serve` previews the site and regenerates it when a YAML file
    changes."""
    root = make_community(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--root", str(root),
                             "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY.isoformat()],
                            cwd=REPO, env=env, stdout=log, stderr=log)
    page = f"http://127.0.0.1:{port}/members/wang-jian/"
    try:
        assert _wait_for(page, "华南区总经理"), (tmp_path / "serve.log").read_text("utf-8")
        member = root / "members" / "wang-jian.yml"
        member.write_text(member.read_text("utf-8").replace("华南区总经理", "华南区总裁"),
                          encoding="utf-8")
        assert _wait_for(page, "华南区总裁"), (tmp_path / "serve.log").read_text("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


# --------------------------------------------------------------------------- golden Markdown

GOLDEN_PAGES = ("directory.md", "calendar.md", "events.md", "groups.md", "board.md",
                "tags.md")


@pytest.mark.parametrize("edition", ["public", "members"])
def test_generated_markdown_matches_golden(tmp_path: Path, edition: str) -> None:
    """Generated pages are plain Markdown + front matter an engine (or a person) can read."""
    from generator.data.community import load_community
    from generator.pages.generate import generate
    root = make_community(tmp_path)
    com = load_community(str(root), TODAY)
    gen = generate(com, edition, str(tmp_path / "docs"), str(tmp_path / "jieba.txt"))  # type: ignore[arg-type]
    assert "members/wang-jian.md" in gen.pages
    for rel in GOLDEN_PAGES:
        got = (tmp_path / "docs" / rel).read_text("utf-8")
        front = yaml.safe_load(got.split("---\n")[1])
        assert isinstance(front["title"], str)
        golden = GOLDEN / edition / rel
        if BLESS:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(got, encoding="utf-8")
            continue
        assert golden.is_file(), f"no golden file {golden}: run COURTYARD_BLESS=1"
        assert got == golden.read_text("utf-8"), (
            f"{rel} differs from {golden}; if intended, bless with COURTYARD_BLESS=1 "
            f"python -m pytest tests/test_site.py")
    words = (tmp_path / "jieba.txt").read_text("utf-8").split("\n")
    assert "王健 50000" in words and "分众传媒 50000" in words
    if edition == "public":
        assert "何雨 50000" not in words  # a candidate: not in the public dictionary
    shutil.rmtree(tmp_path / "docs")
