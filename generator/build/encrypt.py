"""The encrypted members edition: ``python -m generator build --audience members --encrypt``.

One static site that any host can serve: the public edition in plain files, and everything the
members edition adds or shows differently encrypted with a fresh random AES-256-GCM content
key per build, readable with a member's access code (:mod:`generator.build.access`).

1. MkDocs builds the public edition with the lock script in every page (:data:`PLANS` tells
   the hook), then the members edition, where every page the public edition does not have
   gets an opaque path (``clients/dji/`` → ``3f9c0a1b2d4e/8a7b6c5d4e3f/``: one HMAC per path
   segment, keyed from the master secret, so the depth and every relative link stay right):
   MkDocs moves the file (:func:`on_files`), its own links, the navigation, the search index
   and the sitemap follow, and the generator's root-relative ``href``s are rewritten
   (:func:`on_page_content`).
2. :func:`assemble` copies the public site, then gzips and encrypts every file of the
   members site that differs from the public file at the same path (pages, search index,
   exports) into ``_c/<name>`` (nonce ‖ ciphertext, the file's path as associated data; the
   name an HMAC of the path under a key derived from the content key, :func:`blob_name`, so
   a reader who holds the key finds a page's blob without the manifest), writes the
   encrypted manifest (path → content type, compressed or not), ``_c/lock.json`` (the KDF
   parameters, the content key wrapped once per eligible member, the reader's texts), a
   small shell page at each opaque path, each eligible member's secret calendar
   ``cal/<token>.ics`` and the edition marker; every plain page's lock script names the
   build (``data-build``: a device that keeps this build's key fetches the page's sealed file
   at once, without ``lock.json``), and a public page that has a members version is marked
   (``data-more``) so the locked page can say so.

Compressed before encrypting (ciphertext does not compress: the host's gzip cannot shrink
it), decompressed after decrypting with the browser's ``DecompressionStream``. Files under
``_c/`` are named per build and never change (:func:`cache_control`: a year, immutable),
except ``_c/lock.json``, which must be revalidated whenever it is read (``no-cache``) so that
a revoked code stops working as soon as the next build is published, even behind a CDN: a
device reads it when it holds no key of the build a page names (a revoked member's device
holds the old build's key only, and the old build's files only open with it).

In the browser, ``overrides/assets/courtyard/lock.js`` (WebCrypto only) unwraps the content
key with the code, replaces the page by its decrypted members version and serves the
decrypted search index and downloads to Material. Not deterministic by design: the content
key, salt and nonces are fresh random bytes every build.

Why not mkdocs-encryptcontent-plugin (3.1.0, read from its wheel): it has PBKDF2-SHA256,
per-user credentials (``password_inventory`` / ``password_file``), WebCrypto decryption,
remembered keys and an encrypted search index, but it encrypts a page's *content* only — the
title, ``<title>``, navigation entry, table of contents and URL stay readable (a client's name
in the path and the nav) —, uses AES-256-CBC without authentication through PyCryptodome (a
second crypto library beside the locked ``cryptography``), caches derived keys across builds
(``encryptcontent.cache``) instead of rotating a content key, takes credentials from a
hand-kept file rather than the members' data (no revocation by status or dues), leaves the
exports (calendar, vCards, CSV, JSON) plain, and needs BeautifulSoup; as a plugin Courtyard's
parallel page loop does not know, it would also make every build serial.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from generator.build import access
from generator.build.engine import write_edition_marker
from generator.build.layout import LOCK_DIR, LOCK_FILE, sealed_cache_control
from generator.build.mime import content_type
from generator.exports.common import site_url
from generator.i18n import dynamic, text
from generator.pages.context import page_url
from generator.pages.search_records import PATH as ENTITIES

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Member

EDITION = "members-encrypted"
CAL_DIR = "cal"
MANIFEST_AAD = b"courtyard/manifest/v2"
NAMES_INFO = b"courtyard/blob-names/v1"
SEGMENT_HEX = 12
BLOB_HEX = 20
STORED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz", ".zip", ".woff", ".woff2")
"""Files already compressed: encrypted as they are (the manifest says which)."""
UI_TEXT = ("button", "title", "intro", "label", "remember", "submit", "working", "format",
           "wrong", "revoked", "https", "logout", "missing", "close", "forget", "shared",
           "back", "banner", "hide", "browser")


@dataclass
class Plan:
    """How MkDocs builds one half of the encrypted site, found by the hook through the
    docs folder: every page carries the lock script; members-only pages move."""

    renames: dict[str, str] = field(default_factory=dict)  # src_uri → opaque URL
    by_url: dict[str, str] = field(default_factory=dict)   # old URL → opaque URL
    site_url: str = ""  # the public edition's, so the members 404 page links from any depth


PLANS: dict[str, Plan] = {}


@dataclass
class Counts:
    files: int = 0
    codes: int = 0
    calendars: int = 0
    bytes_plain: int = 0
    bytes_sealed: int = 0


# --------------------------------------------------------------------------- opaque paths


def opaque_url(key: bytes, url: str) -> str:
    """``a/b/`` → ``HMAC(a)/HMAC(a/b)/``: as deep as the original, nothing of it readable."""
    segs = url.strip("/").split("/")
    return "".join(hmac.new(key, "/".join(segs[:i + 1]).encode(), hashlib.sha256)
                   .hexdigest()[:SEGMENT_HEX] + "/" for i in range(len(segs)))


def markdown_sources(docs_dir: str) -> set[str]:
    out = set()
    for dirpath, _dirs, names in os.walk(docs_dir):
        for name in names:
            if name.endswith(".md"):
                out.add(os.path.relpath(os.path.join(dirpath, name), docs_dir)
                        .replace(os.sep, "/"))
    return out


def members_plan(public_pages: set[str], members_docs: str, key: bytes) -> Plan:
    plan = Plan()
    for src in sorted(markdown_sources(members_docs) - public_pages):
        old = page_url(src)
        new = opaque_url(key, old or "index/")
        plan.renames[src] = new
        plan.by_url[old] = new
    return plan


# --------------------------------------------------------------------------- MkDocs hook side

_LINK = re.compile(r'((?:href|src)=")((?:\.\./)*)([^"#?]*)')


def _plan(config: Any) -> Plan | None:
    return PLANS.get(os.path.abspath(config.docs_dir))


def on_config(config: Any) -> Any:
    plan = _plan(config)
    if plan is not None:
        config.extra["courtyard"] = {**config.extra.get("courtyard", {}), "lock": True}
        if plan.site_url and not config.site_url:
            config.site_url = plan.site_url
    return config


def on_files(files: Any, config: Any) -> Any:
    plan = _plan(config)
    if plan is not None and plan.renames:
        for f in files.documentation_pages():
            new = plan.renames.get(f.src_uri)
            if new is not None:
                f.dest_uri = new + "index.html"
                f.url = new
    return files


def on_page_content(html: str, page: Any, config: Any) -> str:
    """The generator writes links as "up to the root, then the page's path"
    (:func:`generator.pages.context.relative`): point those at the opaque paths."""
    plan = _plan(config)
    if plan is None or not plan.by_url:
        return html
    table = plan.by_url

    def swap(m: re.Match[str]) -> str:
        new = table.get(m.group(3))
        return m.group(0) if new is None else m.group(1) + m.group(2) + new

    return _LINK.sub(swap, html)


def on_post_build(config: Any) -> None:
    """Search results for members-only entities (a client, a members-only event) point at
    their opaque pages: the search worker reads ``locations`` beside the entities."""
    plan = _plan(config)
    path = os.path.join(config.site_dir, ENTITIES)
    if plan is None or not plan.by_url or not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    found = {f"{e[0]}/{e[1]}/" for e in doc.get("entities", [])}
    doc["locations"] = {old: new for old, new in sorted(plan.by_url.items()) if old in found}
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))


cache_control = sealed_cache_control
"""The encrypted edition's cache rule (:func:`generator.build.layout.sealed_cache_control`)."""


# --------------------------------------------------------------------------- assembling


def _files(folder: str) -> list[str]:
    out = []
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            out.append(os.path.relpath(os.path.join(dirpath, name), folder).replace(os.sep, "/"))
    return sorted(out)


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def seal(aead: Any, data: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(access.NONCE_BYTES)
    return nonce + bytes(aead.encrypt(nonce, data, aad))


def squeeze(rel: str, data: bytes) -> tuple[bytes, int]:
    """(what to encrypt, 1 if gzipped): text compressed, images and archives as they are."""
    if rel.lower().endswith(STORED):
        return data, 0
    return gzip.compress(data, compresslevel=9, mtime=0), 1


def names_key(content_key: bytes) -> bytes:
    return hmac.new(content_key, NAMES_INFO, hashlib.sha256).digest()


def blob_name(key: bytes, rel: str) -> str:
    """``_c/<20 hex>``: where a site path's encrypted file lies; lock.js computes the same
    with WebCrypto from the content key."""
    return f"{LOCK_DIR}/" + hmac.new(key, rel.encode(), hashlib.sha256).hexdigest()[:BLOB_HEX]


def stamp(data: bytes, build: str, more: bool = False) -> bytes:
    """A plain page's lock script names the build the page belongs to (``data-build``: a
    device that keeps this build's content key fetches the page's sealed file at once, without
    ``lock.json``) and, for a public page that has a members version, says so (``data-more``:
    the banner)."""
    attrs = f' data-build="{build}"' + (" data-more" if more else "")
    return data.replace(b'assets/courtyard/lock.js" data-root=',
                        b'assets/courtyard/lock.js"' + attrs.encode() + b" data-root=", 1)


def mime(rel: str) -> str:
    return content_type(rel)  # the one table (generator/build/mime.py), as deploy sends it


def shell(rel: str, lang: str, site_name: str, build: str) -> bytes:
    """The plain page at a members-only path: the site's name and the lock script, which
    asks for the code or shows the decrypted page. The same bytes at every depth."""
    root = "../" * rel.count("/") or "./"
    return (f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta name="robots" content="noindex, nofollow">'
            f"<title>{escape(site_name)}</title>"
            f'<link rel="stylesheet" href="{root}assets/courtyard/lock.css">'
            f'<script src="{root}assets/courtyard/lock.js" data-build="{build}" '
            f'data-root="{root}" data-shell>'
            '</script></head><body class="cy-lock-shell"></body></html>\n').encode()


def lock_json(build: str, salt: bytes, keys: dict[str, bytes], lang: str) -> bytes:
    doc = {
        "v": 2,
        "build": build,
        "manifest": f"{LOCK_DIR}/{build}.bin",
        "cipher": {"name": "AES-GCM", "length": access.KEY_BYTES * 8,
                   "nonce": access.NONCE_BYTES},
        "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": access.ITERATIONS,
                "salt": base64.b64encode(salt).decode(),
                "bits": (access.KEY_BYTES + access.LOOKUP_BYTES) * 8},
        "keys": {k: base64.b64encode(v).decode() for k, v in sorted(keys.items())},
        "text": {name: text(lang, dynamic("lock.ui.", name)) for name in UI_TEXT},
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def assemble(public: str, members: str, out: str, com: Community, eligible: list[Member],
             secret: bytes, plan: Plan, site_name: str) -> Counts:
    """Write the encrypted site into ``out`` (a new folder) from the two built editions."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    shutil.copytree(public, out)
    lang = com.charter.language
    counts = Counts()
    content_key = AESGCM.generate_key(bit_length=access.KEY_BYTES * 8)
    aead = AESGCM(content_key)
    names = names_key(content_key)
    build = secrets.token_hex(8)
    table: dict[str, list[str | int]] = {}
    more: set[str] = set()
    for rel in _files(members):
        data = Path(members, rel).read_bytes()
        plain = os.path.join(public, rel)
        if os.path.isfile(plain) and Path(plain).read_bytes() == data:
            continue
        packed, zipped = squeeze(rel, data)
        sealed = seal(aead, packed, rel.encode())
        _write(os.path.join(out, blob_name(names, rel)), sealed)
        table[rel] = [mime(rel), zipped]
        counts.files += 1
        counts.bytes_plain += len(data)
        counts.bytes_sealed += len(sealed)
        if not rel.endswith(".html"):
            continue
        if os.path.exists(plain):
            more.add(rel)
        else:
            _write(os.path.join(out, rel), shell(rel, lang, site_name, build))
    for rel in _files(public):
        if rel.endswith(".html"):
            data = Path(public, rel).read_bytes()
            _write(os.path.join(out, rel), stamp(data, build, rel in more))
    manifest = json.dumps({"build": build, "files": table}, ensure_ascii=False,
                          separators=(",", ":")).encode()
    _write(os.path.join(out, LOCK_DIR, f"{build}.bin"),
           seal(aead, squeeze("manifest", manifest)[0], MANIFEST_AAD))
    salt = access.site_salt(secret)
    keys = dict(access.wrap(content_key, access.member_code(secret, m), salt)
                for m in eligible)
    counts.codes = len(keys)
    _write(os.path.join(out, LOCK_FILE), lock_json(build, salt, keys, lang))
    calendar = os.path.join(members, "calendar.ics")
    if os.path.isfile(calendar):
        data = secret_calendar(Path(calendar).read_bytes(), site_url(com, "members"),
                               plan.by_url)
        for m in eligible:
            _write(os.path.join(out, CAL_DIR, access.member_calendar(secret, m) + ".ics"),
                   data)
            counts.calendars += 1
    write_edition_marker(out, EDITION)
    return counts


def secret_calendar(data: bytes, base: str, by_url: dict[str, str]) -> bytes:
    """The members edition's calendar with each event's URL pointing at the page's opaque
    path (an event page only members see has no page at its old path)."""
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    for event in cal.walk("VEVENT"):
        url = str(event.get("URL", ""))
        new = by_url.get(url[len(base):]) if url.startswith(base) else None
        if new is not None:
            del event["URL"]
            event.add("url", base + new)
    return bytes(cal.to_ical())


# --------------------------------------------------------------------------- the build


def build(com: Community, out: str, cfg: Path, secret: bytes) -> Counts:
    """Build both editions beside ``out``, assemble the encrypted site, swap it in (a failed
    build leaves the previous ``out`` untouched)."""
    from generator.build.engine import SiteBuild

    lang = com.charter.language
    site_name = com.charter.name_en if lang == "en" and com.charter.name_en else \
        com.charter.name
    plan = Plan()
    public_url = site_url(com, "public")
    eligible = access.eligible_members(com)
    key = access.path_key(secret)
    out = os.path.abspath(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    work = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.encrypting-",
                            dir=os.path.dirname(out))
    try:
        halves = {}
        public_pages: set[str] = set()
        for edition in ("public", "members"):
            halves[edition] = os.path.join(work, edition)
            with SiteBuild(halves[edition]) as site:
                gen = site.docs(com, edition)
                docs = os.path.abspath(gen.docs_dir)
                if edition == "public":
                    public_pages = markdown_sources(docs)
                    PLANS[docs] = Plan(site_url=public_url)
                else:
                    PLANS[docs] = plan = members_plan(public_pages, docs, key)
                    plan.site_url = public_url
                try:
                    site.publish(gen, cfg)
                finally:
                    PLANS.pop(docs, None)
        assembled = os.path.join(work, "site")
        counts = assemble(halves["public"], halves["members"], assembled, com, eligible,
                          secret, plan, site_name)
        if os.path.exists(out):
            os.rename(out, os.path.join(work, "previous"))
        os.rename(assembled, out)
        return counts
    finally:
        shutil.rmtree(work, ignore_errors=True)
