"""Two builds of the same data give identical bytes in every file (sitemap dates and the gzip
header of sitemap.xml.gz included), whatever the output folder is called and whatever hash
seed each process drew; and the sitemap date is the build's ``--today``, not the clock."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_TODAY, run_cli


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_identical(tmp_path: Path, sample_sites: dict[str, Path],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's shared build (a random hash seed) against a second build into a folder
    of another name, with a fixed hash seed (different set/dict orders per process)."""
    again = tmp_path / "second-elsewhere"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    proc = run_cli("build", "--root", str(REPO), "--out", str(again), "--today", SAMPLE_TODAY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first, second = files(sample_sites["public"]), files(again)
    assert sorted(first) == sorted(second)
    differ = [rel for rel in first if first[rel] != second[rel]]
    assert not differ, differ[:20]
    assert len(first) > 100
    sitemap = first["sitemap.xml"].decode()
    assert f"<lastmod>{SAMPLE_TODAY}</lastmod>" in sitemap
    assert gzip.decompress(first["sitemap.xml.gz"]).decode() == sitemap


def test_plain_mkdocs_build_matches_the_generator(tmp_path: Path,
                                                 sample_sites: dict[str, Path]) -> None:
    """What MkDocs users type (`mkdocs build`, through the hook) publishes the same bytes as
    `python -m generator build`."""
    ours = sample_sites["public"]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(COURTYARD_TODAY=SAMPLE_TODAY, PYTHONPATH=str(REPO))
    plain = tmp_path / "plain"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    a, b = files(ours), files(plain)
    assert sorted(a) == sorted(b)
    assert [rel for rel in a if a[rel] != b[rel]] == []
    generated = REPO / ".courtyard" / "docs-public"
    assert (generated / "members" / "wang-jian.md").read_text("utf-8").startswith("---\n")
