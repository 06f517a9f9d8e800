"""The members edition can't be deployed by accident (issue 14): ``mkdocs gh-deploy`` with
``COURTYARD_AUDIENCE=members`` stops before building, and nothing reaches a gh-pages branch.

Run for real, in a throw-away git repository holding a copy of the sample's data and an
mkdocs.yml that loads Courtyard's hook (no remote: had the guard failed, gh-deploy would
have committed the site to the local gh-pages branch, which the test looks for)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, standalone_club
from governance_helpers import GIT_ENV, git


@pytest.mark.slow
def test_gh_deploy_refuses_the_members_edition(tmp_path: Path) -> None:
    site = standalone_club(tmp_path / "club")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "club")
    env = {**os.environ, **GIT_ENV, "COURTYARD_AUDIENCE": "members",
           "COURTYARD_TODAY": "2026-11-24", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--no-history",
                           "--ignore-version"], cwd=site, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode != 0
    assert "refusing to deploy the members edition" in done.stderr
    assert "gh-pages" not in git(site, "branch", "--list")
    assert not (site / "site").exists()
