"""The build cache (generator/cache/store.py, generator/build/cache.py): outputs kept between
builds by the hash of their
inputs — taken from the cache when the inputs are the same, made afresh when they changed,
and never trusted when what is read fails its checks (a warning says so). A cache can make a
build faster, never different: builds with a cold, a warm and a tampered cache publish the
same bytes."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import machine_notes_removed, run_cli
from test_determinism import files

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "feeds"))
from feeds_testlib import ROOT, TODAY, load

from generator.build import cache
from generator.cache.store import Store
from generator.exports import vcard
from generator.pages.generate import generate

CARDS = {"public": 2, "members": 4}  # members with a QR code (see test_feeds_vcard.CARDS)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The feeds fixture community (members with contact cards) in a folder of its own, so
    its cache (``.courtyard/cache``) starts empty."""
    dest = tmp_path / "community"
    shutil.copytree(ROOT, dest)
    return dest


def cache_file(root: Path, edition: str = "public", kind: str = "qr-svg") -> Path:
    return root / ".courtyard" / "cache" / f"{kind}-{edition}.json"


def entries(root: Path, edition: str = "public", kind: str = "qr-svg") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cache_file(root, edition, kind).read_text("utf-8"))
    return data["entries"]  # type: ignore[no-any-return]


def gen(root: Path, out: Path, edition: str = "public") -> dict[str, bytes]:
    generate(load(root), edition, str(out / "docs"), str(out / "jieba.txt"))  # type: ignore[arg-type]
    return files(out / "docs")


def refuse(*args: object, **options: object) -> str:
    raise AssertionError("an output was made although the cache had it")


@pytest.mark.parametrize("edition", ["public", "members"])
def test_the_second_build_takes_every_code_from_the_cache(root: Path, tmp_path: Path,
                                                          edition: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = gen(root, tmp_path / "first", edition)
    written = {}
    for kind in ("qr-svg", "vcard"):
        assert len(entries(root, edition, kind)) == CARDS[edition]
        written[kind] = cache_file(root, edition, kind).stat().st_mtime_ns
    monkeypatch.setattr(vcard, "render_svg", refuse)
    monkeypatch.setattr(vcard, "_card", refuse)
    assert gen(root, tmp_path / "second", edition) == first
    for kind in ("qr-svg", "vcard"):  # nothing new: not rewritten
        assert cache_file(root, edition, kind).stat().st_mtime_ns == written[kind]


def test_changed_contact_details_make_a_new_code(root: Path, tmp_path: Path) -> None:
    before = gen(root, tmp_path / "before")
    old = set(entries(root))
    entries_before_vcard = set(entries(root, kind="vcard"))
    member = root / "members" / "ouyang-nana.yml"
    text = member.read_text("utf-8")
    assert "+86 138 0000 0001" in text
    member.write_text(text.replace("+86 138 0000 0001", "+86 138 0000 0009"), "utf-8")
    after = gen(root, tmp_path / "after")
    page = "members/ouyang-nana.md"
    assert after[page] != before[page]
    new = set(entries(root))
    assert len(new) == len(old) and len(new - old) == 1  # one new code, the old one dropped
    from test_feeds_vcard import decode, svg_matrix
    svg = vcard.qr_svg(load(root), load(root).members["ouyang-nana"], "public")
    assert svg is not None and svg in after[page].decode("utf-8")
    assert "+86 138 0000 0009" in decode(svg_matrix(svg))[0]
    vcf = "contacts/ouyang-nana.vcf"
    assert before[vcf] != after[vcf] and b"+86 138 0000 0009" in after[vcf]
    assert len(set(entries(root, kind="vcard")) - set(entries_before_vcard)) == 1
    others = [rel for rel in before if rel.startswith("members/") and rel != page]
    assert others and all(before[rel] == after[rel] for rel in others)


def _tamper(root: Path, how: str) -> None:
    path = cache_file(root)
    data = json.loads(path.read_text("utf-8"))
    keys = sorted(data["entries"])
    if how == "edited output":  # the hash recorded for the output no longer matches it
        data["entries"][keys[0]][1] = data["entries"][keys[0]][1].replace("M4", "M5", 1)
    elif how == "foreign entry":  # a valid entry, filed under another code's key
        data["entries"][keys[0]] = data["entries"][keys[1]]
    elif how == "truncated file":
        path.write_text(json.dumps(data)[:1000], "utf-8")
        return
    elif how == "another kind":
        data["name"] = "qr-svg-members"
    path.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize("how", ["edited output", "foreign entry", "truncated file",
                                 "another kind"])
def test_a_cache_that_fails_its_checks_is_not_used_and_says_so(
        root: Path, tmp_path: Path, how: str, caplog: pytest.LogCaptureFixture) -> None:
    first = gen(root, tmp_path / "first")
    _tamper(root, how)
    with caplog.at_level(logging.WARNING, logger="courtyard.cache"):
        again = gen(root, tmp_path / "again")
    assert again == first  # made afresh: the same bytes as before
    warned = [r.getMessage() for r in caplog.records if r.name == "courtyard.cache"]
    assert warned and "not used" in warned[0] and str(cache_file(root)) in warned[0]
    assert len(entries(root)) == CARDS["public"]  # rewritten, whole again
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="courtyard.cache"):
        assert gen(root, tmp_path / "third") == first
    assert not caplog.records


def test_a_cache_from_another_version_of_the_code_is_dropped(root: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    first = gen(root, tmp_path / "first")
    monkeypatch.setattr(vcard, "_CODE_VERSION", vcard._CODE_VERSION + "|next")
    made: list[object] = []
    real = vcard.render_svg

    def counting(key: vcard.SvgKey) -> str:
        made.append(key)
        return real(key)

    monkeypatch.setattr(vcard, "render_svg", counting)
    assert gen(root, tmp_path / "second") == first
    assert len(made) == CARDS["public"]  # every code made anew by the new version


def test_the_store_checks_key_inputs_and_output(tmp_path: Path) -> None:
    path = str(tmp_path / "x.json")
    store = Store(path, "x", "v1")
    assert store.get_or_make(["a", 1], lambda: "A") == "A"
    assert store.get_or_make(["b", 2], lambda: "B") == "B"
    store.save()
    store = Store(path, "x", "v1")
    assert store.get_or_make(["a", 1], refuse) == "A" and store.hits == 1
    assert store.key(["a", 1]) != Store(None, "x", "v2").key(["a", 1])
    bad = json.loads(Path(path).read_text("utf-8"))
    key_a, key_b = store.key(["a", 1]), store.key(["b", 2])
    bad["entries"][key_a] = bad["entries"][key_b]  # B's entry under A's key
    Path(path).write_text(json.dumps(bad), "utf-8")
    store = Store(path, "x", "v1")
    assert store.get_or_make(["a", 1], lambda: "A") == "A" and store.rejected == 1


def test_compiled_templates_are_reused_and_checked(root: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    import jinja2

    first = gen(root, tmp_path / "first")
    folder = root / ".courtyard" / "cache" / "jinja"
    stored = sorted(folder.iterdir())
    assert len(stored) >= 10
    real = jinja2.Environment.compile

    def refuse_compile(self: jinja2.Environment, source: str, *args: Any, **kw: Any) -> Any:
        if kw.get("raw") or (len(args) > 2 and args[2]):
            return real(self, source, *args, **kw)
        raise AssertionError("a template was compiled although the cache had it")

    with monkeypatch.context() as m:
        m.setattr(jinja2.Environment, "compile", refuse_compile)
        assert gen(root, tmp_path / "warm") == first
    victim = stored[0]
    data = bytearray(victim.read_bytes())
    data[-5] ^= 0xFF  # one flipped bit in the bytecode: its hash no longer matches
    victim.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="courtyard.cache"):
        assert gen(root, tmp_path / "tampered") == first
    assert any("fails its hash" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="courtyard.cache"):
        assert gen(root, tmp_path / "again") == first  # compiled afresh and stored again
    assert not caplog.records


def test_outside_a_build_nothing_is_read_or_written(root: Path) -> None:
    com = load(root)
    svg = vcard.qr_svg(com, com.members["ouyang-nana"], "public")
    assert svg is not None and svg.startswith("<svg")
    assert not (root / ".courtyard").exists()


# --------------------------------------------------------------------------- generated docs


def cli_build(root: Path, out: Path, edition: str = "public") -> tuple[dict[str, bytes], str]:
    """The real CLI (one build per process: jieba's dictionary is process-wide state):
    (the site's files, what it printed on stderr)."""
    proc = run_cli("build", "--root", str(root), "--audience", edition, "--out", str(out),
                   "--today", TODAY.isoformat(), "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "", proc.stdout
    return files(out), proc.stderr


def site_build(root: Path, out: Path, edition: str = "public") -> dict[str, bytes]:
    site, stderr = cli_build(root, out, edition)
    assert machine_notes_removed(stderr) == "", stderr
    return site


def slot(root: Path, edition: str = "public") -> Path:
    return root / ".courtyard" / "cache" / f"docs-{edition}"


def hit(root: Path, edition: str = "public") -> bool:
    """Whether a build now would take the cached docs (nothing to generate)."""
    with cache.generated_docs(load(root), edition) as docs:
        return docs.hit


@pytest.mark.slow
def test_unchanged_inputs_reuse_the_generated_docs(root: Path, tmp_path: Path) -> None:
    assert not hit(root)
    first = site_build(root, tmp_path / "first")
    manifest = json.loads((slot(root) / "manifest.json").read_text("utf-8"))
    assert "docs/index.md" in manifest["files"] and "jieba.txt" in manifest["files"]
    assert hit(root)
    kept = slot(root).stat().st_ino
    assert site_build(root, tmp_path / "second") == first
    assert slot(root).stat().st_ino == kept  # read, not replaced
    member = root / "members" / "ouyang-nana.yml"
    member.write_text(member.read_text("utf-8").replace("华南区销售总监", "华南区销售副总裁"),
                      "utf-8")
    assert not hit(root)
    changed = site_build(root, tmp_path / "changed")
    assert slot(root).stat().st_ino != kept  # generated anew, and kept for the next build
    page = "members/ouyang-nana/index.html"
    assert changed[page] != first[page] and "华南区销售副总裁".encode() in changed[page]
    assert hit(root)
    assert site_build(root, tmp_path / "again") == changed


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The feeds community in a folder of its own, built once for the module (the cache
    filled): (its root, the site's files). A test using it leaves the cache as it found it:
    whole, and holding the docs of that same build."""
    tmp = tmp_path_factory.mktemp("built")
    root = tmp / "community"
    shutil.copytree(ROOT, root)
    return root, site_build(root, tmp / "first")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["edited page", "added file", "removed file", "bad manifest"])
def test_generated_docs_that_fail_their_check_are_regenerated(
        built: tuple[Path, dict[str, bytes]], tmp_path: Path, how: str) -> None:
    root, first = built
    assert hit(root)  # the cache holds the docs of the first build, checked
    docs = slot(root) / "docs"
    if how == "edited page":
        page = docs / "members" / "ouyang-nana.md"
        page.write_text(page.read_text("utf-8") + "\n<script>alert(1)</script>\n", "utf-8")
    elif how == "added file":
        (docs / "extra.md").write_text("# 多出来的页面\n", "utf-8")
    elif how == "removed file":
        (docs / "members" / "ouyang-nana.md").unlink()
    else:
        (slot(root) / "manifest.json").write_text("{not json", "utf-8")
    second, stderr = cli_build(root, tmp_path / "second")
    assert second == first
    assert "not used" in stderr and str(slot(root)) in stderr, stderr
    assert site_build(root, tmp_path / "third") == first  # the regenerated copy was kept


def test_the_key_covers_every_input(root: Path) -> None:
    """Data, hand-written pages, the date, the edition and the language all change the key
    (the code and the installed packages are in it too)."""
    import datetime as dt

    com = load(root)
    keys = {cache.generation_key(com, "public")}
    assert cache.generation_key(load(root), "public") in keys  # stable
    keys.add(cache.generation_key(com, "members"))
    keys.add(cache.generation_key(load(root, TODAY + dt.timedelta(days=1)), "public"))
    com.charter.language = "en" if com.charter.language == "zh" else "zh"
    keys.add(cache.generation_key(com, "public"))
    (root / "content" / "pages").mkdir(parents=True, exist_ok=True)
    (root / "content" / "pages" / "x.md").write_text("# x\n", "utf-8")
    keys.add(cache.generation_key(load(root), "public"))
    event = sorted((root / "content" / "events").iterdir())[0]
    event.write_bytes(event.read_bytes() + b"\n")
    keys.add(cache.generation_key(load(root), "public"))
    assert len(keys) == 6


@pytest.mark.slow
def test_a_build_reading_the_docs_keeps_them_in_place(root: Path, tmp_path: Path) -> None:
    """A build that generated new docs while another build reads the cached copy (a shared
    lock) does not replace that copy under it: it leaves its own docs out of the cache."""
    first = site_build(root, tmp_path / "first")
    before = json.loads((slot(root) / "manifest.json").read_text("utf-8"))["key"]
    member = root / "members" / "ouyang-nana.yml"
    member.write_text(member.read_text("utf-8") + "\n", "utf-8")
    with cache._locked(str(slot(root)), exclusive=False):
        assert site_build(root, tmp_path / "second") == first  # a blank line changes nothing
    assert json.loads((slot(root) / "manifest.json").read_text("utf-8"))["key"] == before
    site_build(root, tmp_path / "third")  # no reader now: the new docs are kept
    assert json.loads((slot(root) / "manifest.json").read_text("utf-8"))["key"] != before
    leftovers = [p.name for p in slot(root).parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.slow
def test_builds_with_a_cold_a_warm_and_a_tampered_cache_are_identical(root: Path,
                                                                      tmp_path: Path) -> None:
    """The real CLI, both editions: the first build fills the cache, the second reads it
    (nothing generated), the third finds it tampered with — the generated docs, the QR codes
    and the vCards — and says so on stderr; every file of the three sites is the same."""
    for edition in ("public", "members"):
        sites = []
        for run in ("cold", "warm", "tampered"):
            if run == "tampered":
                page = slot(root, edition) / "docs" / "index.md"
                page.write_text(page.read_text("utf-8") + "\n篡改\n", "utf-8")
                for kind, old, new in (("qr-svg", "<path", "<path fill=\"red\""),
                                       ("vcard", "FN:", "FN:X")):
                    path = cache_file(root, edition, kind)
                    data = json.loads(path.read_text("utf-8"))
                    for entry in data["entries"].values():
                        assert old in entry[1]
                        entry[1] = entry[1].replace(old, new, 1)
                    path.write_text(json.dumps(data), "utf-8")
            out = tmp_path / f"{edition}-{run}"
            proc = run_cli("build", "--root", str(root), "--audience", edition, "--out",
                           str(out), "--today", TODAY.isoformat(), "-q")
            assert proc.returncode == 0, proc.stdout + proc.stderr
            warned = proc.stderr.count("build cache")
            assert warned == (3 if run == "tampered" else 0), proc.stderr
            sites.append(files(out))
        assert len(sites[0]) > 50
        assert sites[0] == sites[1] == sites[2], edition
