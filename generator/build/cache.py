"""Build outputs kept between builds, by content hash: same input, same output — skip the work.

Everything lives in ``<root>/.courtyard/cache/`` (gitignored with ``/.courtyard/``; the JSON
files are readable by their owner only: the members edition's hold contact details). Three
kinds of output are kept, each keyed by the SHA-256 of what it is made from, and everything
read back is checked before it is used: a cache can make a build faster, never different
(the tests build with a cold, a warm and a tampered cache and compare every byte).

**Small outputs** (:class:`Store`, :func:`session`, :func:`get_or_make`): a member's QR code
(7–8 ms with segno; at 10,000 members, making the public edition's 4,000 codes was a third
of generation) and vCard (about 0.4 ms with vobject) depend on a few values only — the vCard
text the code carries and its title, the card's fields. ``qr-svg-<edition>.json`` and
``vcard-<edition>.json`` hold, per entry, the key (SHA-256 of the version of the code that
makes the output and of the inputs), the inputs themselves, the output and the SHA-256 of
the output. A file must be this format, this kind and this version (else it is dropped as a
whole); an entry is used only when its key is the hash of the inputs asked for, its stored
inputs *are* those inputs and its output still has its recorded hash. When the session ends
without an error, a file whose entries changed is rewritten (written beside it, then renamed
over it: a concurrent build reads the old file or the new one, never half of one) with
exactly the entries this build used, so the outputs of removed members do not pile up.
Outside a session (a unit test calling an exporter directly) nothing is read or written.

**Compiled templates** (:class:`TemplateCache`, Jinja's public bytecode-cache interface) in
``jinja/``: compiling Courtyard's 20 templates takes about 0.2 s, a few per cent of a
1,000-member build. Jinja checks the source's checksum and its own and Python's version;
each file here also carries the SHA-256 of its bytes, and the key adds the environment's
options and the code that sets them.

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
import contextvars
import dataclasses
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import jinja2

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.pages.generate import Generated

CACHE_DIR = os.path.join(".courtyard", "cache")
FORMAT = 1

log = logging.getLogger("courtyard.cache")

_SESSION: contextvars.ContextVar[Session | None] = contextvars.ContextVar("courtyard_cache",
                                                                          default=None)


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """The outputs of one kind (``name``, e.g. ``qr-svg-public``) made by one ``version`` of
    the code that makes them; inputs and outputs are JSON values and strings."""

    def __init__(self, path: str | None, name: str, version: str) -> None:
        self.path, self.name, self.version = path, name, version
        self.loaded: dict[str, Any] = {}
        self.used: dict[str, list[Any]] = {}
        self.hits = self.made = self.rejected = 0
        if path is not None:
            self.loaded = self._read(path)

    def _read(self, path: str) -> dict[str, Any]:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            self._distrust(f"unreadable ({exc.__class__.__name__}: {exc})")
            return {}
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and data.get("name") == self.name and isinstance(data.get("entries"), dict)):
            self._distrust("not a cache file of this kind")
            return {}
        if data.get("version") != self.version:
            log.info("%s: made by another version of its code; starting afresh", path)
            return {}
        entries: dict[str, Any] = data["entries"]
        return entries

    def _distrust(self, why: str) -> None:
        self.rejected += 1
        if self.rejected == 1:
            log.warning("build cache %s: %s — not used; outputs are made afresh", self.path, why)

    def key(self, inputs: Any) -> str:
        return _sha(_canonical([self.version, inputs]))

    def get_or_make(self, inputs: Any, make: Callable[[], str]) -> str:
        """The output for ``inputs``: the stored one when it passes every check, else
        ``make()`` (stored for the next build)."""
        key = self.key(inputs)
        entry = self.used.get(key) or self.loaded.get(key)
        if entry is not None:
            if self._valid(entry, inputs):
                self.hits += 1
                self.used[key] = entry
                output: str = entry[1]
                return output
            self._distrust(f"entry {key[:12]}… does not match its inputs or its output hash")
        output = make()
        self.made += 1
        self.used[key] = [inputs, output, _sha(output)]
        return output

    @staticmethod
    def _valid(entry: Any, inputs: Any) -> bool:
        return (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[1], str)
                and _canonical(entry[0]) == _canonical(inputs) and entry[2] == _sha(entry[1]))

    def save(self) -> None:
        """Rewrite the file with the entries used, when they differ from what was read."""
        if self.path is None or (self.used.keys() == self.loaded.keys() and not self.made
                                 and not self.rejected):
            return
        data = {"format": FORMAT, "name": self.name, "version": self.version,
                "entries": dict(sorted(self.used.items()))}
        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.name}-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:
            log.warning("build cache %s: not written (%s)", self.path, exc)


class Session:
    """The stores of one build of the community at ``root``."""

    def __init__(self, root: str) -> None:
        self.folder = os.path.join(os.path.abspath(root), CACHE_DIR)
        self.stores: dict[str, Store] = {}

    def store(self, name: str, version: str) -> Store:
        got = self.stores.get(name)
        if got is None or got.version != version:
            got = self.stores[name] = Store(os.path.join(self.folder, f"{name}.json"), name,
                                            version)
        return got


@contextlib.contextmanager
def session(root: str) -> Iterator[Session]:
    """Outputs made inside this block (by :func:`get_or_make`) are read from and kept in the
    cache of the community at ``root``; the files are written when the block ends without
    an error."""
    current = Session(root)
    token = _SESSION.set(current)
    try:
        yield current
    finally:
        _SESSION.reset(token)
    for store in current.stores.values():
        store.save()


def get_or_make(name: str, version: str, inputs: Any, make: Callable[[], str]) -> str:
    """``make()``'s output for ``inputs``, from the current session's cache when it has a
    valid one; outside a session simply ``make()``."""
    current = _SESSION.get()
    if current is None:
        return make()
    return current.store(name, version).get_or_make(inputs, make)


def code_version(*parts: str) -> str:
    """A version string for outputs made by the given source files and library versions:
    the SHA-256 of each file's bytes (a change in the code that makes an output is a new
    version of it) and each other part as it is."""
    out = []
    for part in parts:
        if os.path.isfile(part):
            with open(part, "rb") as fh:
                out.append(hashlib.sha256(fh.read()).hexdigest()[:16])
        else:
            out.append(part)
    return "|".join(out)


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's compiled templates in ``folder``, one file per template: the SHA-256 of the
    bytecode, then the bytecode (Jinja's own header: its version, Python's, the source's
    checksum). A file that fails the hash is not used (a warning says so) and is replaced."""

    def __init__(self, folder: str, salt: str) -> None:
        self.folder, self.salt = folder, salt
        self.rejected = 0

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # the options that change what a template compiles to are part of the key
        return _sha(_canonical([self.salt, name, filename]))

    def _path(self, bucket: jinja2.bccache.Bucket) -> str:
        return os.path.join(self.folder, f"{bucket.key}.jinja")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self._path(bucket)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("template cache %s: unreadable (%s) — not used", path, exc)
            return
        digest, body = data[:32], data[32:]
        if hashlib.sha256(body).digest() != digest:
            self.rejected += 1
            log.warning("template cache %s: fails its hash — not used; compiled afresh", path)
            return
        bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = bucket.bytecode_to_string()
        try:
            os.makedirs(self.folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".jinja-", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(hashlib.sha256(body).digest() + body)
                os.replace(tmp, self._path(bucket))
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:
            log.warning("template cache %s: not written (%s)", self.folder, exc)


def template_cache(env: jinja2.Environment, *code: str) -> TemplateCache | None:
    """The current session's :class:`TemplateCache` for ``env`` (whose options, with the
    files ``code`` that set them, are part of every key), or None outside a session."""
    current = _SESSION.get()
    if current is None:
        return None
    options = [getattr(env, name) for name in (
        "block_start_string", "block_end_string", "variable_start_string",
        "variable_end_string", "comment_start_string", "comment_end_string",
        "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
        "newline_sequence", "keep_trailing_newline", "optimized")]
    options += [repr(env.autoescape), sorted(env.extensions), jinja2.__version__]
    return TemplateCache(os.path.join(current.folder, "jinja"),
                         code_version(*code) + "|" + _canonical(options))


# --------------------------------------------------------------------------- generated docs

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # generator/
PAGES_DIR = os.path.join("content", "pages")


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
    for name, version in sorted((d.metadata["Name"] or "", d.version)
                                for d in importlib.metadata.distributions()):
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


def session_folder() -> str | None:
    """The cache folder of the current session (outputs kept as files of their own, such as
    share-card images: :mod:`generator.pages.cards`), or None outside a session."""
    current = _SESSION.get()
    return None if current is None else current.folder
