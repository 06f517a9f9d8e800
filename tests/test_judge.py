"""The judge (.github/workflows/judge.yml): who may change what is decided by trusted code.

These tests run the workflow's own "Judge" script, as written in judge.yml, in a throw-away
workspace laid out as the workflow lays it out: ``trusted/`` (the base branch's program: this
checkout's ``generator/``) and ``data/`` (a git repository holding the pull request). Only
``gh`` — GitHub's API, which is not reachable here — is replaced by a stand-in that answers
from files the test writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from governance_helpers import COMMUNITY, GIT_ENV, REPO, git

BODIES = Path(__file__).resolve().parent / "fixtures" / "forms"
JUDGE = REPO / ".github" / "workflows" / "judge.yml"


def judge_step() -> dict[str, Any]:
    doc = yaml.safe_load(JUDGE.read_text(encoding="utf-8"))
    return next(s for s in doc["jobs"]["judge"]["steps"] if s.get("name") == "Judge")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """``data/``: the community and the program, committed as the base branch."""
    data = tmp_path / "ws" / "data"
    shutil.copytree(COMMUNITY, data)
    shutil.copytree(REPO / "generator", data / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    git(data, "init", "-q", "-b", "main")
    git(data, "add", "-A")
    git(data, "commit", "-qm", "base")
    (tmp_path / "tmp").mkdir()
    return tmp_path / "ws"


def run_judge(ws: Path, author: str, program: Path, head_ref: str = "feature",
              issue: dict[str, Any] | None = None,
              editor: str = "") -> subprocess.CompletedProcess[str]:
    """The Judge step with the event's values. ``program`` is what Python imports as
    ``generator`` (the workflow installs ``trusted/``); ``issue`` is what the API answers."""
    data = ws / "data"
    base = git(data, "rev-parse", "main").strip()
    bin_dir = ws.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text("#!/bin/sh\n"  # the API's answers, from files (graphql: the editor's login)
                  'case "$2" in graphql) cat "$FAKE_EDITOR";; *) cat "$FAKE_ISSUE";; esac\n',
                  encoding="utf-8")
    gh.chmod(0o755)
    (ws.parent / "issue.json").write_text(json.dumps(issue or {}), encoding="utf-8")
    (ws.parent / "editor.txt").write_text(editor + "\n", encoding="utf-8")
    env = {**GIT_ENV, "PATH": f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin",
           "PYTHONPATH": str(program), "GITHUB_WORKSPACE": str(ws),
           "RUNNER_TEMP": str(ws.parent / "tmp"), "GITHUB_REPOSITORY": "club/courtyard",
           "AUTHOR": author, "BASE_SHA": base, "HEAD_REF": head_ref,
           "HEAD_REPO": "club/courtyard", "GH_TOKEN": "none",
           "FAKE_ISSUE": str(ws.parent / "issue.json"),
           "FAKE_EDITOR": str(ws.parent / "editor.txt"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(["bash", "-e", "-c", judge_step()["run"]], cwd=ws, env=env,
                          capture_output=True, text=True, check=False)


def commit_pr(data: Path) -> None:
    git(data, "checkout", "-q", "-b", "pr")
    git(data, "add", "-A")
    git(data, "commit", "-qm", "pull request")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_judge_reads_the_pull_request_as_data_only() -> None:
    """Base code in trusted/, the head in data/, nothing of data/ installed or imported."""
    doc = yaml.safe_load(JUDGE.read_text(encoding="utf-8"))
    assert list(doc[True]) == ["pull_request_target"]
    steps = doc["jobs"]["judge"]["steps"]
    trusted, data = steps[0], steps[1]
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert trusted["with"]["path"] == "trusted" and data["with"]["path"] == "data"
    install = next(s for s in steps if s.get("name", "").startswith("Install"))
    assert install["working-directory"] == "trusted" and "-e" not in install["run"]
    script = judge_step()["run"]
    assert script.splitlines()[1].startswith('cd "$RUNNER_TEMP"')
    assert "pip" not in script and "data/" not in script.replace('"$data"', "")
    env = judge_step()["env"]
    assert env["AUTHOR"] == "${{ github.event.pull_request.user.login }}"


def test_a_pull_request_that_disables_the_judge_is_still_judged(workspace: Path) -> None:
    """The attack from issue 14: a member's pull request rewrites the ownership check to
    accept everything, makes its author an admin and edits another member's file. With the
    pull request's own program it passes (the old setup); the trusted judge refuses it."""
    data = workspace / "data"
    edit(data / "generator" / "checks" / "judge.py",
         '    JudgeError when one is missing or git cannot answer."""\n',
         '    JudgeError when one is missing or git cannot answer."""\n'
         "    return []\n")
    charter = (data / "content" / "charter.yml").read_text(encoding="utf-8")
    assert "admins: [" in charter
    edit(data / "content" / "charter.yml", "admins: [", "admins: [li-na, ")
    edit(data / "members" / "zhou-yu.yml", "github: zhouyu\n", "github: zhouyu\ntitle: 被改了\n")
    commit_pr(data)
    untrusted = run_judge(workspace, "lina", program=data)
    assert untrusted.returncode == 0, untrusted.stdout + untrusted.stderr  # the hole
    trusted = run_judge(workspace, "lina", program=REPO)
    assert trusted.returncode == 1, trusted.stdout + trusted.stderr
    out = trusted.stdout
    assert "file=members/zhou-yu.yml" in out and "R2.owner-member" in out
    assert "file=content/charter.yml" in out and "file=generator/checks/judge.py" in out


def test_a_member_editing_their_own_file_passes(workspace: Path) -> None:
    data = workspace / "data"
    edit(data / "members" / "li-na.yml", "\ntitle: ", "\ntitle: 新 ")
    commit_pr(data)
    done = run_judge(workspace, "lina", program=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def form_pr(ws: Path, extra: bool = False) -> dict[str, Any]:
    """A bot's pull request made from li-na's profile form (the issue-form workflow's
    output), optionally with one more change pushed onto its branch afterwards."""
    data = ws / "data"
    body = (BODIES / "profile.md").read_text(encoding="utf-8")
    (ws.parent / "body.md").write_text(body, encoding="utf-8")
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "generator", "from-issue", "--root", str(data),
                           "--form", "profile", "--body", str(ws.parent / "body.md"),
                           "--author", "lina", "--issue", "7"], env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    if extra:  # someone who can push branches adds a change of their own
        edit(data / "members" / "zhou-yu.yml", "github: zhouyu\n",
             "github: zhouyu\ntitle: 顺手改了\n")
    commit_pr(data)
    return {"user": {"login": "lina"}, "body": body,
            "labels": [{"name": "form:profile"}, {"name": "other"}]}


def test_a_form_pull_request_is_judged_as_the_issue_author(workspace: Path) -> None:
    issue = form_pr(workspace)
    done = run_judge(workspace, "github-actions[bot]", REPO, "from-issue/7", issue)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "judged as its author lina" in done.stdout


def test_a_form_pull_request_with_anything_else_is_judged_as_the_bot(workspace: Path) -> None:
    """The branch name only names the issue: a commit pushed onto from-issue/7 makes the
    pull request differ from what the form makes, so nobody's identity is borrowed."""
    issue = form_pr(workspace, extra=True)
    done = run_judge(workspace, "github-actions[bot]", REPO, "from-issue/7", issue)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "judged as the bot" in done.stdout and "R2.not-member" in done.stdout


def test_a_form_edited_by_someone_else_is_judged_as_the_bot(workspace: Path) -> None:
    issue = form_pr(workspace)
    done = run_judge(workspace, "github-actions[bot]", REPO, "from-issue/7", issue,
                     editor="zhouyu")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "judged as the bot" in done.stdout


def test_a_branch_named_like_a_form_from_a_person_is_judged_as_that_person(
        workspace: Path) -> None:
    """Identity by branch name is gone: zhou-yu's branch from-issue/7 is zhou-yu's."""
    issue = form_pr(workspace)
    done = run_judge(workspace, "zhouyu", REPO, "from-issue/7", issue)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "R2.owner-member" in done.stdout


# issue 23 item 2: attendance only from those who can certify it (the judge's clock is
# today's date, so the series below lie far in the future or well in the past)

SERIES = "content/events/tuesday-talks.yml"


def judge_occurrences(ws: Path, start: str, occurrences: str
                      ) -> subprocess.CompletedProcess[str]:
    """A weekly series organised by li-na from ``start``, committed on main (the base); li-na's
    pull request adds ``occurrences`` (YAML list items) to it and is judged."""
    data = ws / "data"
    text = (f"title: 周二分享会\nstart: {start}\nkind: salon\norganizers: [li-na]\n"
            "recurrence:\n  rrule: FREQ=WEEKLY;BYDAY=TU;COUNT=30\n")
    (data / SERIES).write_text(text, encoding="utf-8")
    git(data, "add", "-A")
    git(data, "commit", "-qm", "a series")
    (data / SERIES).write_text(text + "occurrences:\n" + occurrences, encoding="utf-8")
    commit_pr(data)
    return run_judge(ws, "lina", program=REPO)


def test_a_new_future_series_with_its_authors_attendance_is_refused(workspace: Path) -> None:
    """The red team's case: 0 errors on the old judge."""
    data = workspace / "data"
    (data / "content" / "events" / "ghost.yml").write_text(
        "title: 没人见过的系列\nstart: 2099-01-06\norganizers: [li-na]\n"
        "recurrence:\n  rrule: FREQ=WEEKLY;BYDAY=TU;COUNT=10\n"
        "occurrences:\n  - {date: 2099-03-03, attended: [li-na]}\n", encoding="utf-8")
    commit_pr(data)
    done = run_judge(workspace, "lina", program=REPO)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "file=content/events/ghost.yml,line=7" in done.stdout
    assert "R4.attendance-future" in done.stdout


def test_an_occurrence_moved_into_the_past_to_certify_it_is_refused(workspace: Path) -> None:
    done = judge_occurrences(workspace, "2099-01-06", "  - {date: 2026-02-10, moved_from: "
                             "2099-01-06, attended: [li-na]}\n")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "R4.attendance-past" in done.stdout and "event.occurrence-date" in done.stdout


def test_an_organiser_records_a_past_occurrences_attendance(workspace: Path) -> None:
    done = judge_occurrences(workspace, "2026-01-13",
                             "  - {date: 2026-02-10, attended: [li-na, zhou-yu]}\n"
                             "  - {date: 2026-02-19, moved_from: 2026-02-17, "
                             "attended: [li-na]}\n")
    assert done.returncode == 0, done.stdout + done.stderr
