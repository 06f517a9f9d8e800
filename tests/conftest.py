"""Shared helpers: build small fixture communities in tmp dirs and run `check` on them.

Rule fixtures are *overlays* on one tiny, clean community (``tests/fixtures/rules/_base``):
a case folder holds only the files it adds or replaces, so each fixture shows exactly what
makes it valid or invalid. Two small conventions keep the expectations next to the data:

* a line ending in ``# expect: C3.chain error`` (several: ``# expect: A error, B warning``)
  must produce exactly that problem (rule id and severity) in that file at that line;
* ``charter-patch.yml`` maps dotted charter keys to new values (``inner_circle.cap: 4``);
  the base charter's lines are edited in place, so line numbers stay put;
* ``expect.yml`` lists problems expected in base files (``{rule, severity, file, line}``),
  for the few cases whose problem lands in the charter.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
BASE = RULE_FIXTURES / "_base"
TODAY = dt.date(2026, 2, 1)
"""The date every rule fixture is checked on: 2023–2025 are completed years."""

META_FILES = {"charter-patch.yml", "expect.yml"}
MARKER = re.compile(r"#\s*expect:\s*(.+?)\s*$")

Expected = tuple[str, str, str, int]  # (rule, severity, file, line)


def set_charter(root: Path, changes: dict[str, Any]) -> None:
    """Edit ``content/charter.yml`` line by line: ``{"inner_circle.cap": 4}`` rewrites the
    ``cap:`` line inside ``inner_circle:``. Values are written as YAML flow text."""
    path = root / "content" / "charter.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for dotted, value in changes.items():
        text = value if isinstance(value, str) else yaml.safe_dump(
            value, default_flow_style=True, allow_unicode=True).strip().removesuffix("...").strip()
        *parents, leaf = dotted.split(".")
        start, indent = 0, ""
        for parent in parents:
            start = next(i for i in range(start, len(lines))
                         if lines[i].startswith(f"{indent}{parent}:")) + 1
            indent += "  "
        for i in range(start, len(lines)):
            if lines[i].startswith(f"{indent}{leaf}:"):
                lines[i] = f"{indent}{leaf}: {text}"
                break
            if parents and lines[i].strip() and not lines[i].startswith(indent):
                raise KeyError(f"charter has no {dotted}")
        else:
            raise KeyError(f"charter has no {dotted}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_community(dest: Path, overlay: Path | None = None) -> Path:
    """Copy the base community to ``dest`` and lay ``overlay`` (a case folder) over it."""
    root = dest / "community"
    shutil.copytree(BASE, root)
    if overlay is not None:
        for src in sorted(overlay.rglob("*")):
            rel = src.relative_to(overlay)
            if src.is_dir() or rel.as_posix() in META_FILES:
                continue
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, root / rel)
        patch = overlay / "charter-patch.yml"
        if patch.exists():
            set_charter(root, yaml.safe_load(patch.read_text(encoding="utf-8")))
    return root


def expected_problems(overlay: Path) -> set[Expected]:
    """Problems a case promises: ``# expect:`` markers plus ``expect.yml``."""
    out: set[Expected] = set()
    for src in sorted(overlay.rglob("*.yml")):
        rel = src.relative_to(overlay).as_posix()
        if rel in META_FILES:
            continue
        for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), start=1):
            m = MARKER.search(line)
            if m:
                for item in m.group(1).split(","):
                    rule, severity = item.split()
                    out.add((rule, severity, rel, n))
    listed = overlay / "expect.yml"
    if listed.exists():
        for e in yaml.safe_load(listed.read_text(encoding="utf-8")):
            out.add((e["rule"], e["severity"], e["file"], int(e["line"])))
    return out


def found(problems: Iterable[Any]) -> set[Expected]:
    return {(p.rule, p.severity, p.file, p.line) for p in problems}


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``python -m generator …`` in a subprocess, as a user or CI would run it."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("COURTYARD_BLESS", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)


SAMPLE_TODAY = "2026-11-24"
"""The date the sample community's sites are built on in the tests."""


@pytest.fixture(scope="session")
def sample_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample community's two editions, built once per test session with the real CLI
    and shared (read-only) by the site, determinism and browser tests."""
    return build_editions(REPO, tmp_path_factory.mktemp("sample-sites"), SAMPLE_TODAY)


def build_editions(root: Path, base: Path, today: str) -> dict[str, Path]:
    """Build the community at ``root`` in both editions with the real CLI, into
    ``base/public`` and ``base/members``."""
    out = {}
    for edition in ("public", "members"):
        out[edition] = base / edition
        proc = run_cli("build", "--root", str(root), "--audience", edition, "--out",
                       str(out[edition]), "--today", today)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture
def community(tmp_path: Path) -> Path:
    """A fresh copy of the clean base community."""
    return make_community(tmp_path)
