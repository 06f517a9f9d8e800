"""Outputs kept between builds, by content hash: same input, same output — skip the work.

Everything lives in ``<root>/.courtyard/cache/`` (gitignored with ``/.courtyard/``; the JSON
files are readable by their owner only: the members edition's hold contact details). Two
kinds of output are kept here (the third, the generated docs, is
:mod:`generator.build.cache`'s), each keyed by the SHA-256 of what it is made from, and everything
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

Whatever fails a check — an unreadable or truncated file, an edited output or page, an entry
filed under another key — is not used: the output is made afresh and a warning on the
``courtyard.cache`` logger names the file (on stderr unless logging is configured).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import jinja2

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


def session_folder() -> str | None:
    """The cache folder of the current session (outputs kept as files of their own, such as
    share-card images: :mod:`generator.pages.cards`), or None outside a session."""
    current = _SESSION.get()
    return None if current is None else current.folder
