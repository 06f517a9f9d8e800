"""CODEOWNERS generated from the data; `--check` and `check` both notice drift."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from governance_helpers import COMMUNITY, REPO, TODAY, cli, edit

from generator.commands.check import collect
from generator.data.community import load_community
from generator.github import codeowners

ADMINS = "@WangJian-SZ @chenjing"  # lin-feng is an admin without a GitHub login


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "c"
    shutil.copytree(COMMUNITY, dest)
    return dest


def lines_for(text: str, path: str) -> list[str]:
    return [line for line in text.splitlines() if line.split(" ", 1)[0] == path]


def test_owners_come_from_the_data(root: Path) -> None:
    text = codeowners.render(load_community(str(root), TODAY))
    assert lines_for(text, "*") == [f"* {ADMINS}"]
    for gov in ("/content/charter.yml", "/.github/", "/generator/", "/mkdocs.yml",
                "/overrides/", "/schemas/"):
        assert lines_for(text, gov) == [f"{gov} {ADMINS}"]
    assert lines_for(text, "/members/li-na.yml") == [f"/members/li-na.yml @lina {ADMINS}"]
    # a member without a login is reviewed by the admins alone; an admin is not repeated
    assert lines_for(text, "/members/lin-feng.yml") == [f"/members/lin-feng.yml {ADMINS}"]
    assert lines_for(text, "/members/chen-jing.yml") == [
        "/members/chen-jing.yml @chenjing @WangJian-SZ"]
    assert lines_for(text, "/resources/clients/milk-tea.yml") == [
        f"/resources/clients/milk-tea.yml @zhaomin {ADMINS}"]
    assert lines_for(text, "/content/events/2026-03-salon.yml") == [
        f"/content/events/2026-03-salon.yml @zhaomin {ADMINS}"]
    assert lines_for(text, "/content/groups/events-group.yml") == [
        "/content/groups/events-group.yml @chenjing @huanglei @WangJian-SZ"]
    # the catch-all comes first: GitHub lets the last matching line win
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert body[0].startswith("* ")
    members = [line.split()[0] for line in body if line.startswith("/members/")]
    assert members == sorted(members)


def test_render_is_deterministic(root: Path) -> None:
    a = codeowners.render(load_community(str(root), TODAY))
    b = codeowners.render(load_community(str(root), TODAY))
    assert a == b


def test_command_writes_then_checks(root: Path) -> None:
    assert cli(root, "codeowners", "--check").returncode == 1  # missing
    done = cli(root, "codeowners")
    assert done.returncode == 0, done.stderr
    written = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert written == codeowners.render(load_community(str(root), TODAY))
    assert cli(root, "codeowners", "--check").returncode == 0
    edit(root, "resources/media/luohu-elevator.yml", "owner: li-na", "owner: zhao-min")
    done = cli(root, "codeowners", "--check")
    assert done.returncode == 1
    assert "+/resources/media/luohu-elevator.yml @zhaomin" in done.stdout
    assert (root / ".github/CODEOWNERS").read_text(encoding="utf-8") == written  # untouched


def test_check_warns_on_drift_only_when_the_file_exists(root: Path) -> None:
    def drift() -> list[tuple[str, int]]:
        _com, problems = collect(str(root), TODAY)
        return [(p.file, p.line) for p in problems if p.rule == "codeowners.drift"]

    assert drift() == []  # no CODEOWNERS: nothing asked
    assert cli(root, "codeowners").returncode == 0
    assert drift() == []
    edit(root, "members/li-na.yml", "github: lina", "github: li-na-sz")
    line = next(i for i, text in enumerate(
        (root / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines(), 1)
        if "@lina" in text)
    assert drift() == [(".github/CODEOWNERS", line)]
    done = cli(root, "check", "--today", TODAY.isoformat(), "--lang", "en")
    assert done.returncode == 0  # a warning: the data is fine, the review list is stale
    assert "[codeowners.drift]" in done.stdout and "python -m generator codeowners" in done.stdout


def test_ids_lists_recorded_github_ids(root: Path) -> None:
    edit(root, "members/li-na.yml", "github: lina", "github: lina\ngithub_id: 1234567")
    done = cli(root, "codeowners", "--ids")
    assert done.returncode == 0
    assert done.stdout == "lina\t1234567\n"


def test_repository_codeowners_matches_the_sample_community() -> None:
    """The committed file is what the sample data says (after changing members or resources,
    run `python -m generator codeowners` and commit .github/CODEOWNERS)."""
    if not (REPO / ".github/CODEOWNERS").exists():
        pytest.skip("no CODEOWNERS committed yet")
    done = cli(REPO, "codeowners", "--check")
    assert done.returncode == 0, done.stdout
