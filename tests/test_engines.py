"""Engine continuity (issue 22): the sample builds with ProperDocs 1.6.x — the maintained
continuation of MkDocs 1.x — into the same pages as with MkDocs 1.6.1, apart from the
``<meta name="generator">`` tag, through ``python -m generator build`` (``COURTYARD_ENGINE=
properdocs``, :mod:`generator.build`) and through plain ``properdocs build -f mkdocs.yml``.

The ProperDocs tests run where ProperDocs is installed (the weekly Drift workflow installs
it; locally ``.venv/bin/pip install properdocs``) and skip elsewhere, saying so."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_TODAY, run_cli, standalone_club
from test_determinism import files

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def without_generator_tag(site: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: GENERATOR_TAG.sub(b"", data) if rel.endswith(".html") else data
            for rel, data in site.items()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    a, b = without_generator_tag(a), without_generator_tag(b)
    return sorted(set(a) ^ set(b)) + [rel for rel in sorted(set(a) & set(b)) if a[rel] != b[rel]]


def needs_properdocs() -> None:
    if importlib.util.find_spec("properdocs") is None:
        pytest.skip("needs ProperDocs: .venv/bin/pip install properdocs (the Drift workflow "
                    "builds the sample with it every week)")


@pytest.mark.slow
def test_the_generator_builds_the_same_pages_with_properdocs(
        sample_sites: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs_properdocs()
    monkeypatch.setenv("COURTYARD_ENGINE", "properdocs")
    out = tmp_path / "properdocs"
    proc = run_cli("build", "--root", str(REPO), "--out", str(out), "--today", SAMPLE_TODAY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "changed since generator/build/parallel.py" not in proc.stderr  # recognised
    ours, theirs = files(sample_sites["public"]), files(out)
    tag = GENERATOR_TAG.search(theirs["index.html"])
    assert tag is not None and b"ProperDocs 1.6." in tag.group(0), tag
    assert b'content="mkdocs-1.6.1' in ours["index.html"]
    assert differences(ours, theirs) == []


@pytest.mark.slow
def test_plain_properdocs_build_matches_the_generator(
        sample_sites: dict[str, Path], tmp_path: Path) -> None:
    """What a ProperDocs user types, in a copy of the repository (plain builds generate
    into the project's own ``.courtyard/``, which another test's ``mkdocs build`` uses)."""
    needs_properdocs()
    club = standalone_club(tmp_path / "club")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(COURTYARD_TODAY=SAMPLE_TODAY, PYTHONPATH=str(REPO))
    out = tmp_path / "plain"
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "-q", "-f",
                           "mkdocs.yml", "-d", str(out)], cwd=club, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert differences(files(sample_sites["public"]), files(out)) == []


def test_an_engine_that_cannot_be_had_is_mkdocs_with_a_warning() -> None:
    """COURTYARD_ENGINE naming something else: a warning (outside MkDocs' loggers, so a
    strict build goes on) and MkDocs."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "COURTYARD_ENGINE": "zensical"}
    done = subprocess.run([sys.executable, "-c", ("import generator.build, mkdocs; "
                           "print(mkdocs.__name__)")], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "mkdocs"
    assert "COURTYARD_ENGINE=zensical" in done.stderr and "MkDocs" in done.stderr
