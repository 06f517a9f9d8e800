"""The little git that ownership checks need: what changed since a base, and old file bytes.

Why a module of its own: the ownership rules (R2) must compare the working tree with a
trusted base (the merge base of a pull request) without checking anything out, so that a
contributor's own changes can never decide who they are. Everything here shells out to the
``git`` command-line tool (always present where a pull request is checked) and never
modifies the repository.

Paths are returned relative to ``root`` (the folder holding ``content/``), with forward
slashes, whatever sub-folder of the repository that is.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass

LINK_MODE = "120000"
"""git's mode of a symbolic link (a one-line blob naming its target)."""
SUBMODULE_MODE = "160000"


class GitError(Exception):
    """git is missing, ``root`` is not inside a repository, or the ref does not exist."""


@dataclass(frozen=True)
class Change:
    status: str  # "A" added, "M" modified, "D" deleted (renames come as D + A)
    path: str
    mode: str = "100644"
    """git's mode of the new side: ``120000`` a symbolic link, ``160000`` a submodule, an
    untracked special file (a pipe, a device) ``special``."""


def _git(root: str, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                              check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])}: {detail[-1] if detail else 'failed'}")
    return done.stdout


def _split_z(raw: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in raw.split(b"\0") if p]


def resolve(root: str, ref: str) -> str:
    """The commit id ``ref`` names (refuses option-like refs such as ``--output=x``)."""
    if not ref or ref.startswith("-"):
        raise GitError(f"not a git revision: {ref!r}")
    return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                ref + "^{commit}").decode().strip()


def prefix(root: str) -> str:
    """Where ``root`` sits inside its repository ("" at the top, else "sub/dir/")."""
    return _git(root, "rev-parse", "--show-prefix").decode("utf-8").strip()


def changes(root: str, base: str) -> list[Change]:
    """Every file that differs between commit ``base`` and the working tree under ``root``,
    including untracked files that are not ignored (a local run before committing), with
    the mode of its new side."""
    raw = _split_z(_git(root, "diff", "--raw", "--no-renames", "-z", "--relative", base,
                        "--", "."))
    out: dict[str, Change] = {}
    for meta, path in zip(raw[::2], raw[1::2], strict=True):
        fields = meta.lstrip(":").split(" ")  # old mode, new mode, old id, new id, status
        kind = fields[4][:1]
        out[path] = Change("M" if kind == "T" else kind, path, fields[1])
    for path in _split_z(_git(root, "ls-files", "--others", "--exclude-standard", "-z", "--",
                              ".")):
        out.setdefault(path, Change("A", path, _mode(os.path.join(root, path))))
    return [out[p] for p in sorted(out)]


def _mode(path: str) -> str:
    """git's mode for an untracked file in the working tree."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "100644"
    if stat.S_ISLNK(mode):
        return LINK_MODE
    return "100644" if stat.S_ISREG(mode) else "special"


def tree(root: str, base: str) -> dict[str, str]:
    """Root-relative path → blob id of every file under ``root`` at commit ``base`` (one
    ``git ls-tree``; reading blobs by id later avoids re-walking a large tree per file)."""
    pre = prefix(root)
    out: dict[str, str] = {}
    for entry in _split_z(_git(root, "ls-tree", "-r", "-z", "--full-tree", base, "--",
                               pre or ".")):
        meta, _tab, path = entry.partition("\t")
        parts = meta.split(" ")
        if len(parts) == 3 and parts[1] == "blob" and path.startswith(pre):
            out[path[len(pre):]] = parts[2]
    return out


def files_at(listing: dict[str, str], folder: str) -> list[str]:
    """The paths of ``listing`` (from ``tree``) directly inside ``folder``."""
    return sorted(p for p in listing if p.rpartition("/")[0] == folder)


def read_at(root: str, listing: dict[str, str], paths: list[str]) -> dict[str, bytes | None]:
    """The bytes of each root-relative path in ``listing`` (None where it did not exist),
    read through one ``git cat-file --batch`` so that thousands of files cost one process."""
    wanted = [p for p in paths if p in listing]
    out: dict[str, bytes | None] = dict.fromkeys(paths)
    if not wanted:
        return out
    request = "".join(f"{listing[p]}\n" for p in wanted).encode("ascii")
    raw = _git(root, "cat-file", "--batch", stdin=request)
    pos = 0
    for p in wanted:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3:  # "<id> blob <size>"
            size = int(header[2])
            if header[1] == b"blob":
                out[p] = raw[pos:pos + size]
            pos += size + 1
    return out
