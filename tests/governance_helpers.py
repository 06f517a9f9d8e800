"""Helpers for the governance tests: a throw-away git repository holding a small community.

The community (``tests/fixtures/governance/community``) is tiny and clean: three admins
(wang-jian with a mixed-case login, chen-jing, lin-feng without any login), two more founders
(zhao-min, huang-lei), an active inner member li-na, an outer member zhou-yu, a candidate
sun-li, one resource of each kind, an event organised by zhao-min and a group run by chen-jing
and huang-lei. ``repo()`` commits it once per session and hands each test its own copy.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMMUNITY = Path(__file__).resolve().parent / "fixtures" / "governance" / "community"
TODAY = dt.date(2026, 3, 1)
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def init_repo(root: Path) -> None:
    """``git init`` + one commit of everything in ``root``."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")


@pytest.fixture(scope="session")
def committed_community(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gov-template") / "repo"
    shutil.copytree(COMMUNITY, root)
    init_repo(root)
    return root


@pytest.fixture
def repo(committed_community: Path, tmp_path: Path) -> Path:
    """A fresh copy of the committed community, for one test to change as it likes."""
    root = tmp_path / "repo"
    shutil.copytree(committed_community, root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) by ``new`` in ``root/rel``."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def cli(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator ARGS --root ROOT`` the way a workflow does."""
    env = {**os.environ, "PYTHONPATH": str(REPO), **GIT_ENV}
    cmd = [sys.executable, "-m", "generator", *args, "--root", str(root)]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True,
                          input=stdin, check=False)
