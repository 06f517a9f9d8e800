"""MkDocs' page loop on several cores (generator/build/parallel.py) publishes exactly what
MkDocs' own serial build publishes — search index order, sitemap and anchors included — and
loses nothing a serial build would report: a warning in a page another process built still
fails a strict build, and so does a crash there.

On a tiny MkDocs project (theme and search as Courtyard uses them, 150 pages outside the
navigation) and on the sample community through the real CLI (``COURTYARD_JOBS``).

It is the one speed device kept that uses MkDocs' private API: the first test fails as soon as
MkDocs or Material is not the version, or its code not the code, the module was checked
against."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SAMPLE_TODAY, run_cli
from test_determinism import files

from generator.build import forks, parallel

PAGES = 150  # outside the navigation: shared out to the processes (≥ 2 × MIN_PAGES_PER_JOB)


def project(tmp: Path, pages: dict[str, str] | None = None, hooks: str | None = None,
            plugins: list[object] | None = None) -> Path:
    """A small MkDocs project: a home page and an about page in the nav, PAGES pages under
    p/ outside it (Chinese text, headings, an anchor link between them)."""
    docs = tmp / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n[关于](about.md#团队)\n", encoding="utf-8")
    (docs / "about.md").write_text("# 关于\n\n## 团队 {#团队}\n\n深圳广告人\n", encoding="utf-8")
    for i in range(PAGES):
        body = f"---\ntitle: 第{i}页\n---\n\n# 第{i}页\n\n## 分众传媒 {i}\n\n内容 {i} " * 1
        body += f"\n\n[下一页](p{(i + 1) % PAGES}.md#分众传媒-{(i + 1) % PAGES})\n"
        body += "\n" + "文字" * (i * 7 % 300) + "\n"
        (docs / "p" / f"p{i}.md").write_text(body, encoding="utf-8")
    for rel, text in (pages or {}).items():
        (docs / rel).write_text(text, encoding="utf-8")
    (docs / "logo.txt").write_text("static", encoding="utf-8")
    cfg: dict[str, object] = {
        "site_name": "测试", "site_url": "https://example.org/", "docs_dir": "docs",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": plugins if plugins is not None else ["search"],
        "markdown_extensions": ["toc", "attr_list"],
        "nav": [{"首页": "index.md"}, {"关于": "about.md"}],
        "not_in_nav": "/p/\n",
        "strict": True,
    }
    if hooks:
        (tmp / "hook.py").write_text(hooks, encoding="utf-8")
        cfg["hooks"] = ["hook.py"]
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return tmp / "mkdocs.yml"


@pytest.fixture(autouse=True)
def _build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs' build date (sitemap) pinned for this module's builds, and unpinned after."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")


def run(cfg: Path, site: Path, jobs: int) -> None:
    from mkdocs.config import load_config

    config = load_config(config_file=str(cfg), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    parallel.build(config, jobs=jobs)


def test_mkdocs_and_material_are_what_parallel_py_was_checked_against() -> None:
    """Fails loudly when MkDocs or Material changed (a new lock, say): re-check
    generator/build/parallel.py against the new code (the build steps it repeats, the
    private functions it calls, where the search plugin keeps its entries), re-measure its
    gain (benchmarks/README.md), then update VERIFIED and SOURCES."""
    assert parallel.version_changes() == [], "re-check generator/build/parallel.py"
    assert parallel.fingerprints() == parallel.SOURCES[parallel.engine()], (
        "re-check generator/build/parallel.py")


def test_another_version_is_not_used_silently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    """At run time a version it was not checked against gets MkDocs' own build, and a
    warning (outside the ``mkdocs`` loggers, so a strict build still passes)."""
    cfg = project(tmp_path)
    run(cfg, tmp_path / "serial", jobs=1)
    monkeypatch.setitem(parallel.VERIFIED[parallel.engine()], parallel.engine(), "0.0.1")
    monkeypatch.setattr(parallel, "Forked", None)  # no process may be started
    with caplog.at_level(logging.WARNING, logger="courtyard.build"):
        run(cfg, tmp_path / "other", jobs=2)
    assert any(f"{parallel.engine()} " in r.getMessage() and "(checked: 0.0.1)" in r.getMessage()
               for r in caplog.records)
    assert files(tmp_path / "serial") == files(tmp_path / "other")


def test_parallel_build_is_the_serial_build(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    run(cfg, tmp_path / "serial", jobs=1)  # jobs=1: MkDocs' own build
    run(cfg, tmp_path / "parallel", jobs=2)
    serial, par = files(tmp_path / "serial"), files(tmp_path / "parallel")
    assert sorted(serial) == sorted(par)
    assert [rel for rel in serial if serial[rel] != par[rel]] == []
    index = serial["search/search_index.json"].decode()
    assert index.count('"location":"p/p') > PAGES  # every page indexed, in MkDocs' order
    assert "p/p149/" in serial["sitemap.xml"].decode()


def test_the_queue_gives_each_page_to_exactly_one_process() -> None:
    """Chunks are claimed, never shared: a forked child and the parent drain one queue."""
    items = list(range(1000))
    queue = parallel.Queue(items)  # type: ignore[arg-type]  # any list will do
    child = forks.Forked(lambda: list(queue))
    mine = list(queue)
    theirs = child.result()
    assert sorted(mine + theirs) == items
    assert not set(mine) & set(theirs)
    assert mine == sorted(mine) and theirs == sorted(theirs)  # MkDocs' order within each


def test_without_shared_memory_the_parent_builds_alone(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.context

    def no_shm(*args: object, **kwargs: object) -> None:
        raise OSError("no /dev/shm")

    cfg = project(tmp_path)
    run(cfg, tmp_path / "serial", jobs=1)
    monkeypatch.setattr(multiprocessing.context.ForkContext, "Value", no_shm)
    run(cfg, tmp_path / "alone", jobs=2)
    assert files(tmp_path / "serial") == files(tmp_path / "alone")


def test_a_warning_in_another_process_fails_a_strict_build(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    from mkdocs.exceptions import Abort

    bad = {f"p/p{i}.md": f"# 坏 {i}\n\n[断链](missing-{i}.md)\n" for i in range(0, PAGES, 37)}
    cfg = project(tmp_path, pages=bad)
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort) as err:
        run(cfg, tmp_path / "site", jobs=2)
    assert f"{len(bad)} warnings" in str(err.value)
    for i in range(0, PAGES, 37):  # reported from whichever process built the page
        assert any(f"missing-{i}.md" in r.getMessage() for r in caplog.records), i


def test_a_broken_anchor_across_processes_is_reported(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    cfg = project(tmp_path, pages={"p/p3.md": "# 三\n\n[没有](p4.md#不存在)\n"})
    config_text = cfg.read_text(encoding="utf-8")
    cfg.write_text(config_text + "validation:\n  anchors: warn\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        run(cfg, tmp_path / "site", jobs=2)
    assert any("不存在" in r.getMessage() for r in caplog.records)


def test_a_crash_in_another_process_aborts_the_build(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that raises in a child (the parent is slowed down so the children take pages)
    aborts the build with the child's traceback."""
    import time

    from mkdocs.exceptions import Abort

    parent, convert = os.getpid(), parallel.mkbuild._populate_page

    def populate(page: object, *args: object, **kwargs: object) -> None:
        if os.getpid() == parent:
            time.sleep(0.05)
        else:
            raise RuntimeError("页面坏了")
        convert(page, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel.mkbuild, "_populate_page", populate)
    with pytest.raises(Abort) as err:
        run(project(tmp_path), tmp_path / "site", jobs=2)
    assert "页面坏了" in str(err.value) and "Traceback" in str(err.value)


def test_an_unknown_plugin_gets_the_serial_build(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(config_file=str(project(tmp_path, plugins=["search", "offline"])))
    assert not parallel.parallel_safe(config)
    config = load_config(config_file=str(project(tmp_path / "b")))
    assert parallel.parallel_safe(config)
    hook = "def on_page_markdown(markdown, **kw):\n    return markdown\n"
    config = load_config(config_file=str(project(tmp_path / "c", hooks=hook)))
    assert not parallel.parallel_safe(config)  # a hook of its own: it might keep state
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    assert parallel.parallel_safe(config)  # Courtyard's hook keeps none


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["public", "members"])
def test_the_cli_publishes_the_same_bytes_on_one_core_or_several(
        tmp_path: Path, edition: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sites = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("COURTYARD_JOBS", jobs)
        out = tmp_path / f"jobs{jobs}"
        proc = run_cli("build", "--root", str(REPO), "--audience", edition, "--out", str(out),
                       "--today", SAMPLE_TODAY)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        sites[jobs] = files(out)
    assert sorted(sites["1"]) == sorted(sites["2"])
    assert [rel for rel in sites["1"] if sites["1"][rel] != sites["2"][rel]] == []
