"""The record's files: which files of the repository check, build and MkDocs read, refusing a
symbolic link or special file anywhere among them (:func:`record_problems`, once per load),
and reading one data file without following a link or stalling on a FIFO (:func:`load_file`;
the YAML itself is parsed by :func:`generator.data.load.parse_bytes`)."""

from __future__ import annotations

import errno
import os
import stat

import yaml

from generator.data.load import DEFAULT_MAX_BYTES, Loaded, parse_bytes
from generator.i18n.keys import Key
from generator.problems import Problem

RECORD_TREES = ("members", "resources", "content", "overrides")
"""Folders whose every file check, build or MkDocs reads (data, hand-written pages, theme
overrides and their assets): walked whole, every entry must be a folder or a regular file."""
RECORD_FILES = ("mkdocs.yml", ".github/CODEOWNERS")
"""Single files read from the repository root when present."""


def unsafe_component(root: str, rel: str) -> tuple[str, Key] | None:
    """The first component of the root-relative path ``rel`` that is a symbolic link
    (``io.symlink``), or a special file where a folder or regular file belongs
    (``io.special``), as (root-relative path, key); None when every component that exists is
    a folder (the last one: a folder or a regular file). Every component is checked, not
    only the last: ``resources -> /elsewhere`` makes ``resources/media/x.yml`` an outside
    file although ``x.yml`` itself is regular. The root itself is the caller's choice."""
    parts = [p for p in rel.replace(os.sep, "/").split("/") if p not in ("", ".")]
    for i in range(len(parts)):
        sub = "/".join(parts[:i + 1])
        try:
            mode = os.lstat(os.path.join(root, sub)).st_mode
        except OSError:
            return None  # missing: the caller says what it expected
        if stat.S_ISLNK(mode):
            return sub, "io.symlink"
        last = i == len(parts) - 1
        if not (stat.S_ISDIR(mode) or (last and stat.S_ISREG(mode))):
            return sub, "io.special"
    return None


def _walk_tree(root: str, rel: str, out: list[Problem]) -> None:
    """A problem for every symbolic link and special file under the folder ``rel`` (which
    is checked), never following a link."""
    try:
        entries = sorted(os.scandir(os.path.join(root, rel)), key=lambda e: e.name)
    except OSError as exc:
        out.append(Problem.make("io", "error", rel, 1, 1, "io", detail=exc.strerror or str(exc)))
        return
    for entry in entries:
        sub = f"{rel}/{entry.name}"
        if entry.is_symlink():
            out.append(Problem.make("io.symlink", "error", sub, 1, 1, "io.symlink"))
        elif entry.is_dir(follow_symlinks=False):
            _walk_tree(root, sub, out)
        elif not entry.is_file(follow_symlinks=False):
            out.append(Problem.make("io.special", "error", sub, 1, 1, "io.special"))


def record_problems(root: str) -> list[Problem]:
    """Every symbolic link or special file among what check, build and MkDocs read: the
    folders of :data:`RECORD_TREES` whole, :data:`RECORD_FILES`, and the ``docs_dir`` and
    ``theme.custom_dir`` the community's own ``mkdocs.yml`` names (which must lie inside the
    repository). The record is the repository's regular files: a link is refused wherever
    it points, inside the repository too (a one-line link in a diff would otherwise change
    what another file says, or publish ``/proc/self/environ``)."""
    out: list[Problem] = []
    trees = list(RECORD_TREES)
    for rel in RECORD_FILES:
        bad = unsafe_component(root, rel)
        if bad is not None:
            out.append(Problem.make(bad[1], "error", bad[0], 1, 1, bad[1]))
        elif rel == "mkdocs.yml":
            trees += _mkdocs_folders(root, out)
    seen: set[str] = set()
    for rel in trees:
        if rel in seen or any(rel.startswith(t + "/") for t in seen):
            continue
        seen.add(rel)
        bad = unsafe_component(root, rel)
        if bad is not None:
            out.append(Problem.make(bad[1], "error", bad[0], 1, 1, bad[1]))
        elif os.path.isdir(os.path.join(root, rel)):
            _walk_tree(root, rel, out)
    return out


class _ToleratingLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name:`` and ``!ENV`` tags: read them as null."""


_ToleratingLoader.add_multi_constructor("", lambda _loader, _suffix, _node: None)


def _mkdocs_folders(root: str, out: list[Problem]) -> list[str]:
    """The root-relative ``docs_dir`` and ``theme.custom_dir`` of the community's own
    mkdocs.yml (a problem ``io.outside`` for one that leaves the repository)."""
    path = os.path.join(root, "mkdocs.yml")
    try:
        with open(path, "rb") as fh:  # a regular file: unsafe_component said so
            cfg = yaml.load(fh.read(DEFAULT_MAX_BYTES), Loader=_ToleratingLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []  # MkDocs itself reports a configuration it cannot read
    if not isinstance(cfg, dict):
        return []
    theme = cfg.get("theme")
    found = [("docs_dir", cfg.get("docs_dir")),
             ("theme.custom_dir", theme.get("custom_dir") if isinstance(theme, dict) else None)]
    folders = []
    for key, value in found:
        if not isinstance(value, str) or not value:
            continue
        rel = os.path.normpath(value).replace(os.sep, "/")
        if os.path.isabs(value) or rel == ".." or rel.startswith("../"):
            out.append(Problem.make("io.outside", "error", "mkdocs.yml", 1, 1, "io.outside",
                                    field=key, found=value))
        elif rel != ".":
            folders.append(rel)
    return folders


def load_file(root: str, rel: str, max_bytes: int = DEFAULT_MAX_BYTES,
              parents_checked: bool = False) -> Loaded:
    """One data file, parsed (:func:`parse_bytes`), or the problem that keeps it out: a
    symbolic link or special file anywhere on its path (``parents_checked``: the caller has
    checked the folders above it, as :func:`generator.data.community.discover` does)."""
    path = os.path.join(root, rel)
    if not parents_checked:
        bad = unsafe_component(root, os.path.dirname(rel))
        if bad is not None:
            return Loaded(rel, "", None, {}, [Problem.make(bad[1], "error", bad[0], 1, 1,
                                                           bad[1])])
    try:
        # os.open/os.read, not open(): no buffered file object for a single read (half the
        # cost of reading 20,000 small files). O_NOFOLLOW: a symbolic link is refused (it
        # could point outside the repository, or at /dev/zero); O_NONBLOCK: a FIFO does not
        # stall the open; anything but a regular file is refused before reading.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return Loaded(rel, os.path.basename(rel).rsplit(".", 1)[0], None, {}, [
                    Problem.make("io.special", "error", rel, 1, 1, "io.special")])
            size = st.st_size
            if size > max_bytes:  # refused before reading it
                return Loaded(rel, os.path.basename(rel).rsplit(".", 1)[0], None, {}, [
                    Problem.make("yaml.size", "error", rel, 1, 1, "yaml.size", size=size,
                                 limit=max_bytes)])
            raw = os.read(fd, size + 1)
            while len(raw) > size:  # it grew since fstat: read to the end
                more = os.read(fd, 1 << 16)
                if not more:
                    break
                raw += more
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symbolic link
            return Loaded(rel, "", None, {}, [
                Problem.make("io.symlink", "error", rel, 1, 1, "io.symlink")])
        return Loaded(rel, "", None, {}, [
            Problem.make("io", "error", rel, 1, 1, "io", detail=exc.strerror or str(exc))])
    return parse_bytes(raw, rel, max_bytes)
