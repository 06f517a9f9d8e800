"""The generated docs kept between builds, by content hash (the small outputs and compiled
templates: :mod:`generator.cache.store`).

**The generated docs** (:func:`generated_docs`, :func:`generation_key`) in
``docs-<edition>/``: the ``build`` command hashes everything generation reads — the charter
and every data file, the hand-written pages, Courtyard's own code, templates and message
catalogues, the installed packages, Python, the date, edition, language and root — and when
nothing changed it skips generation altogether and hands MkDocs the docs in place, after
checking every file against the SHA-256 its manifest recorded (a file edited, added or
missing: not used, regenerated). The data is still loaded and checked on every build. A build
reading the docs holds a shared lock on them; a build that generated new ones replaces them
only if it can take the lock exclusively at once, else it leaves its own out of the cache.

Whatever fails a check — an unreadable or truncated file, an edited output or page, an entry
filed under another key — is not used: the output is made afresh and a warning on the
``courtyard.cache`` logger names the file (on stderr unless logging is configured).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from generator.cache.store import CACHE_DIR, FORMAT, log
from generator.pages.generate import PAGES_DIR

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.pages.generate import Generated

# --------------------------------------------------------------------------- generated docs

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # generator/


def _file_sha(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _tree(folder: str) -> Iterator[tuple[str, str]]:
    """(relative path, absolute path) of every file under ``folder``, sorted; compiled
    Python left out."""
    found = []
    for dirpath, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            if not name.endswith((".pyc", ".pyo")):
                path = os.path.join(dirpath, name)
                found.append((os.path.relpath(path, folder).replace(os.sep, "/"), path))
    yield from sorted(found)


def generation_key(com: Community, edition: str) -> str:
    """The SHA-256 of everything the generated docs of ``edition`` are made from: the
    charter and every data file, the hand-written pages (bytes), Courtyard's code, templates
    and message catalogues, the installed packages and Python (versions), the date, edition,
    language and root, and the CJK font the cards are drawn in (or none: then the pages name
    the default card). Same key, same docs."""
    from generator.data.community import CHARTER_FILE, data_files
    from generator.pages import fonts

    h = hashlib.sha256()

    def add(*parts: str) -> None:
        for part in parts:
            h.update(part.encode("utf-8", "surrogateescape"))
            h.update(b"\0")

    root = os.path.abspath(com.root)
    add("courtyard-docs", str(FORMAT), edition, com.today.isoformat(), com.charter.language,
        root, sys.version, fonts.identity())
    for rel in [CHARTER_FILE, *(rel for _kind, rel in data_files(root))]:
        add("data", rel, _file_sha(os.path.join(root, rel)))
    for rel, path in _tree(os.path.join(root, PAGES_DIR)):
        add("page", rel, _file_sha(path))
    for rel, path in _tree(PACKAGE):
        add("code", rel, _file_sha(path))
    # a set: the same package can be found twice (an editable install's egg-info in the
    # source tree, when the process's path holds the tree, and its dist-info in site-packages)
    for name, version in sorted({(d.metadata["Name"] or "", d.version)
                                 for d in importlib.metadata.distributions()}):
        add("package", name, version)
    return h.hexdigest()


@dataclasses.dataclass
class GeneratedDocs:
    """The docs of one build: either the cached copy (``hit``: ``generated`` describes it,
    nothing to generate) or a fresh folder to generate into (``docs_dir``, ``jieba_path``),
    offered to the cache by :meth:`keep` once generated."""

    slot: str
    key: str
    docs_dir: str
    jieba_path: str
    generated: Generated | None = None

    @property
    def hit(self) -> bool:
        return self.generated is not None

    def keep(self, gen: Generated) -> None:
        """Make the freshly generated docs the cached copy for the next build — unless a
        build is reading the cached copy right now (then this one is not kept)."""
        if self.hit or _locking is None:
            return
        fresh = os.path.dirname(self.docs_dir)
        files = {rel: _file_sha(path) for rel, path in _tree(fresh)}
        manifest = {"format": FORMAT, "key": self.key, "files": files,
                    "generated": _relative(dataclasses.asdict(gen), fresh)}
        with open(os.path.join(fresh, MANIFEST), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, sort_keys=True)
        aside = tempfile.mkdtemp(prefix=".old-", dir=os.path.dirname(self.slot))
        try:
            with _locked(self.slot, exclusive=True, wait=False):
                had = os.path.exists(self.slot)
                if had:
                    os.rename(self.slot, os.path.join(aside, "docs"))
                try:
                    os.rename(fresh, self.slot)
                except OSError:
                    if had:  # put the previous copy back
                        os.rename(os.path.join(aside, "docs"), self.slot)
                    raise
        except BlockingIOError:
            return  # another build reads the cached copy: it stays, this one goes
        except OSError as exc:
            log.warning("build cache %s: not written (%s)", self.slot, exc)
            return
        finally:
            shutil.rmtree(aside, ignore_errors=True)
        self.docs_dir = os.path.join(self.slot, "docs")
        self.jieba_path = os.path.join(self.slot, "jieba.txt")


MANIFEST = "manifest.json"


def _relative(gen: dict[str, Any], base: str) -> dict[str, Any]:
    for name in ("docs_dir", "jieba_dict"):
        gen[name] = os.path.relpath(gen[name], base).replace(os.sep, "/")
    return gen


try:
    import fcntl as _locking
except ImportError:  # pragma: no cover - not on Windows: the docs are not cached there
    _locking = None  # type: ignore[assignment]


@contextlib.contextmanager
def _locked(slot: str, exclusive: bool, wait: bool = True) -> Iterator[None]:
    """An advisory lock on ``slot`` (shared: builds reading it; exclusive: replacing it)."""
    assert _locking is not None
    with open(slot + ".lock", "a+b") as fh:
        mode = _locking.LOCK_EX if exclusive else _locking.LOCK_SH
        _locking.flock(fh.fileno(), mode | (0 if wait else _locking.LOCK_NB))
        try:
            yield
        finally:
            _locking.flock(fh.fileno(), _locking.LOCK_UN)


def _verified(slot: str, key: str) -> dict[str, Any] | None:
    """The cached copy's manifest when it was made for ``key`` and every file in the slot is
    the one it lists (same set, same SHA-256); None otherwise (a warning when the copy was
    made for ``key`` but does not match)."""
    try:
        with open(os.path.join(slot, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("build cache %s: unreadable manifest (%s) — not used", slot, exc)
        return None
    if not (isinstance(manifest, dict) and manifest.get("format") == FORMAT
            and manifest.get("key") == key):
        return None  # made from other inputs: the common case after a change
    files = manifest.get("files")
    found = {rel: path for rel, path in _tree(slot) if rel != MANIFEST}
    if not isinstance(files, dict) or set(found) != set(files) or any(
            _file_sha(path) != files[rel] for rel, path in found.items()):
        log.warning("build cache %s: files differ from its manifest — not used; the docs "
                    "are generated afresh", slot)
        return None
    return manifest


@contextlib.contextmanager
def generated_docs(com: Community, edition: str) -> Iterator[GeneratedDocs]:
    """The docs for this build of ``edition``: the cached copy when it was generated from the
    same inputs (:func:`generation_key`) and passes its checks, held (a shared lock) while
    the block runs; else a new folder to generate into, removed at the end unless
    :meth:`GeneratedDocs.keep` made it the cached copy."""
    from generator.pages.generate import Generated

    folder = os.path.join(os.path.abspath(com.root), CACHE_DIR)
    os.makedirs(folder, exist_ok=True)
    slot = os.path.join(folder, f"docs-{edition}")
    key = generation_key(com, edition)
    del com  # held no longer than needed: the caller may let it go before MkDocs runs
    with contextlib.ExitStack() as stack:
        manifest = None
        if _locking is not None:
            stack.enter_context(_locked(slot, exclusive=False))
            manifest = _verified(slot, key)
        if manifest is not None:
            gen = Generated(**manifest["generated"])
            gen.docs_dir = os.path.join(slot, gen.docs_dir)
            gen.jieba_dict = os.path.join(slot, gen.jieba_dict)
            yield GeneratedDocs(slot, key, gen.docs_dir, gen.jieba_dict, gen)
            return
        stack.close()  # nothing to read: no build needs to wait for this one
        fresh = tempfile.mkdtemp(prefix=f".docs-{edition}-", dir=folder)
        docs = GeneratedDocs(slot, key, os.path.join(fresh, "docs"),
                             os.path.join(fresh, "jieba.txt"))
        try:
            yield docs
        finally:
            shutil.rmtree(fresh, ignore_errors=True)  # gone already when it was kept


