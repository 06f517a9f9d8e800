"""A data pull request's path to a verdict: what a member waits for after changing their title.

The pull-request workflow (.github/workflows/pull-request.yml) runs, for a change that
touches only members/, resources/ or content/: ``check`` with ownership (``--changed-by``
the author, ``--base`` the merge base), the public and the members build, and the preview
upload — and no test suite. This benchmark replays those commands on a copy of a community
in a fresh git repository, where one member changes their own title in one commit:

    python -m benchmarks.bench_pr                       # the sample and 1,000 members
    python -m benchmarks.bench_pr --suite               # also the old path's test suite

Figures are wall seconds on this machine, one run each (the install from the lock is cached
by pip on a runner too and is left out). ``--suite`` also runs the whole test suite once, the
step every data pull request used to wait for; the last column is then the data path's share
of the old path (data path / (data path + suite)), measured in the same run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import common

REPO = common.REPO
TODAY = "2026-11-24"
DATA = ("members", "resources", "content")  # the code and mkdocs.yml come from Courtyard


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()


def pull_request(src: Path, dest: Path) -> tuple[str, str]:
    """Copy a community into a new git repository, then commit one member's title change
    as that member would. Returns (their GitHub login, the base commit)."""
    for name in DATA:
        if (src / name).is_dir():
            shutil.copytree(src / name, dest / name)
        elif (src / name).is_file():
            shutil.copyfile(src / name, dest / name)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "config", "user.email", "bench@example.invalid")
    git(dest, "config", "user.name", "bench")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "base")
    base = git(dest, "rev-parse", "HEAD")
    for path in sorted((dest / "members").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        login = re.search(r"^github: (\S+)$", text, re.M)
        title = re.search(r"^title: .*$", text, re.M)
        if login and title and "status: active" in text:
            path.write_text(text.replace(title.group(0), "title: 首席媒介官"), encoding="utf-8")
            git(dest, "commit", "-qam", "my new title")
            return login.group(1), base
    raise SystemExit(f"{src}: no active member with a github login and a title")


def run(argv: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout[-2000:]}"
                         f"{done.stderr[-2000:]}")
    return wall


def data_path(src: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-pr-") as tmp:
        root = Path(tmp)
        login, base = pull_request(src, root)
        gen = [sys.executable, "-m", "generator"]
        steps = {
            "check + ownership": [*gen, "check", "--format", "github", "--changed-by", login,
                                  "--base", base, "--today", TODAY],
            "build public": [*gen, "build", "--audience", "public", "--out", "site",
                             "--today", TODAY],
            "build members": [*gen, "build", "--audience", "members", "--out", "site-members",
                              "--today", TODAY],
        }
        return {name: run(argv, root) for name, argv in steps.items()}


def suite() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=REPO,
                   check=True, capture_output=True)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, nargs="*", default=[1000],
                    help="synthetic community sizes besides the sample (default: 1000)")
    ap.add_argument("--suite", action="store_true",
                    help="also time the whole test suite once (the old data-PR path)")
    args = ap.parse_args(argv)
    communities = [("sample", REPO)] + [(f"{n} members", common.community(n))
                                        for n in args.members]
    suite_wall = suite() if args.suite else None
    rows = []
    for name, src in communities:
        steps = data_path(src)
        total = sum(steps.values())
        row: list[object] = [name, *(round(v, 2) for v in steps.values()), round(total, 2)]
        if suite_wall is not None:
            row += [round(suite_wall, 1), round(total / (total + suite_wall), 2)]
        rows.append(row)
    header = ["community", *steps.keys(), "data path (s)"]
    if suite_wall is not None:
        header += ["suite (s)", "data / (data + suite)"]
    print(common.table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
