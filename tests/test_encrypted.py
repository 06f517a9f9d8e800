"""The encrypted members edition (issue 18): what a stranger can read in the published files
(nothing members-only: every value of the sample and a marker in every members-only field,
in every file and file name), what a member's code opens (everything the members edition
shows), who gets a code (active inner-circle members in good standing, from the data), the
KDF and cipher parameters, and that the master secret stays out of the output, the logs and
``git diff``. The reader's side runs in Chromium: tests/browser/test_encrypted.py."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import hmac
import html
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from conftest import MEMBERS_SECRET, REPO, SAMPLE_TODAY, TODAY, make_community, shared_build_log
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from test_privacy import MEMBERS_ONLY, NEVER, marked_community

from generator.build import access, encrypt
from generator.data.community import load_community

SECRET = MEMBERS_SECRET  # the shared encrypted build of the sample is sealed with it
CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
EVENT_MARKERS = ("MEMEVENTZZ", "MEMEVENTDESCZZ")  # a member's secret calendar holds these


def cli(*args: str, secret: str | None = SECRET, cwd: Path = REPO
        ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    env.pop(access.SECRET_ENV, None)
    if secret is not None:
        env[access.SECRET_ENV] = secret
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)


def build_encrypted(root: Path, out: Path, today: str, secret: str = SECRET) -> str:
    proc = cli("build", "--root", str(root), "--audience", "members", "--encrypt", "--out",
               str(out), "--today", today, secret=secret)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def code_of(member: str, secret: str = SECRET) -> str:
    return access.access_code(secret.encode(), member)


def unlock(site: Path, code: str) -> dict[str, bytes] | None:
    """What lock.js does, in Python: the members files a code opens, or None."""
    lock = json.loads((site / encrypt.LOCK_FILE).read_text(encoding="utf-8"))
    keys = {k: base64.b64decode(v) for k, v in lock["keys"].items()}
    content_key = access.unwrap(keys, code, base64.b64decode(lock["kdf"]["salt"]))
    if content_key is None:
        return None
    aead = AESGCM(content_key)
    names = hmac.new(content_key, b"courtyard/blob-names/v1", hashlib.sha256).digest()
    sealed = (site / lock["manifest"]).read_bytes()
    manifest = json.loads(gzip.decompress(aead.decrypt(sealed[:12], sealed[12:],
                                                       encrypt.MANIFEST_AAD)))
    out = {}
    for rel, (_kind, zipped) in manifest["files"].items():
        blob = "_c/" + hmac.new(names, rel.encode(), hashlib.sha256).hexdigest()[:20]
        data = (site / blob).read_bytes()
        plain = aead.decrypt(data[:12], data[12:], rel.encode())
        out[rel] = gzip.decompress(plain) if zipped else plain
    return out


def texts(site: Path) -> Iterator[tuple[str, str]]:
    """(path, text) of every file, .gz decompressed; the path itself is scanned too."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            yield path.relative_to(site).as_posix(), data.decode("utf-8", errors="replace")


def forms(value: str) -> set[str]:
    """The ways a value can be spelled in a file: as is, HTML-escaped, JSON-escaped
    (ASCII), URL-encoded."""
    return {value, html.escape(value), json.dumps(value)[1:-1], quote(value)}


def hits(site: Path, needles: list[str]) -> list[tuple[str, str]]:
    found = []
    for rel, body in texts(site):
        for needle in needles:
            if any(f in rel or f in body for f in forms(needle)):
                found.append((rel, needle))
    return found


def calendars(site: Path) -> list[Path]:
    return sorted((site / encrypt.CAL_DIR).glob("*.ics"))


# --------------------------------------------------------------------------- codes and KDF


def test_codes_are_short_grouped_unambiguous_and_per_member() -> None:
    codes = {m: code_of(m) for m in ("wang-jian", "li-na", "liu-yang")}
    assert all(CODE_RE.match(c) for c in codes.values()), codes
    assert len(set(codes.values())) == 3
    assert not set("ILOU") & set("".join(codes.values()))
    assert access.CODE_BYTES * 8 == 80 and len(codes["li-na"].replace("-", "")) * 5 == 80
    assert code_of("li-na", secrets.token_urlsafe(32)) != codes["li-na"]  # rotation
    typed = codes["li-na"].lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert access.normalise_code(typed) == codes["li-na"].replace("-", "")
    assert access.normalise_code("K7QM-3XHD-9PZA-WT2") is None
    assert access.normalise_code("K7QM-3XHD-9PZA-WT2U") is None


def test_kdf_and_cipher_parameters() -> None:
    assert access.ITERATIONS == 100_000
    assert (access.SALT_BYTES, access.KEY_BYTES, access.LOOKUP_BYTES, access.NONCE_BYTES) == (
        16, 32, 16, 12)
    salt, key = os.urandom(16), AESGCM.generate_key(bit_length=256)
    lookup, wrapped = access.wrap(key, code_of("li-na"), salt)
    assert len(bytes.fromhex(lookup)) == 16 and len(wrapped) == 12 + 32 + 16
    derived = hashlib.pbkdf2_hmac("sha256", code_of("li-na").replace("-", "").encode(), salt,
                                  100_000, 48)  # the standard PBKDF2, computed independently
    assert derived[32:].hex() == lookup
    assert AESGCM(derived[:32]).decrypt(wrapped[:12], wrapped[12:], access.WRAP_AAD) == key
    assert access.unwrap({lookup: wrapped}, code_of("li-na").lower(), salt) == key
    assert access.unwrap({lookup: wrapped}, code_of("wang-jian"), salt) is None
    assert access.unwrap({lookup: wrapped}, code_of("li-na"), os.urandom(16)) is None


@pytest.mark.parametrize(("value", "key"), [
    ("", "access.secret-missing"), ("x" * 64, "access.secret-weak"),
    ("abcdefghijkl", "access.secret-weak")])
def test_missing_or_weak_secret(value: str, key: str) -> None:
    with pytest.raises(access.SecretError) as err:
        access.master_secret({access.SECRET_ENV: value} if value else {})
    assert err.value.key == key
    assert access.master_secret({access.SECRET_ENV: SECRET}) == SECRET.encode()


def test_commands_refuse_without_a_good_secret(tmp_path: Path) -> None:
    for secret in (None, "too-short"):
        for args in (["access-code", "wang-jian"],
                     ["build", "--audience", "members", "--encrypt", "--out",
                      str(tmp_path / "o")]):
            proc = cli(*args, "--today", SAMPLE_TODAY, secret=secret)
            assert proc.returncode == 2, proc.stdout + proc.stderr
            assert access.SECRET_ENV in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()
    proc = cli("build", "--encrypt", "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "--audience members" in proc.stderr


# --------------------------------------------------------------------------- who gets a code


def test_eligibility_comes_from_status_circle_and_dues() -> None:
    com = load_community(str(REPO), dt.date.fromisoformat(SAMPLE_TODAY))
    ok = {m.id for m in access.eligible_members(com)}
    for m in com.members.values():
        if m.status != "active" or m.circle != "inner":
            assert m.id not in ok, m.id
    assert "wang-jian" in ok
    proc = cli("access-code", "wang-jian", "--today", SAMPLE_TODAY)
    assert proc.returncode == 0 and code_of("wang-jian") in proc.stdout
    assert access.calendar_token(SECRET.encode(), "wang-jian") in proc.stdout
    outsider = next(m.id for m in com.members.values() if m.id not in ok)
    proc = cli("access-code", outsider, "--today", SAMPLE_TODAY)
    assert proc.returncode == 1 and code_of(outsider) not in proc.stdout + proc.stderr
    assert cli("access-code", "nobody-zz", "--today", SAMPLE_TODAY).returncode == 2
    # dues lapsed past the grace period: no code (the C2.lapsed computation)
    member = com.members["wang-jian"]
    member.dues = [d for d in member.dues if d.year != 2027]
    grace = dt.timedelta(days=com.charter.dues.grace_days)
    com.today = dt.date(2027, 1, 1) + grace
    assert access.eligible(com, member)
    com.today += dt.timedelta(days=1)
    assert not access.eligible(com, member)
    member.status = "suspended"
    com.today = dt.date.fromisoformat(SAMPLE_TODAY)
    assert not access.eligible(com, member)


# --------------------------------------------------------------------------- the sample, sealed


@pytest.fixture(scope="module")
def sealed(sample_encrypted: Path) -> tuple[Path, str]:
    """The sample sealed with SECRET (built once per run, shared) and what its build printed."""
    return sample_encrypted, shared_build_log(sample_encrypted)


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def members_only_values(root: Path) -> dict[str, set[str]]:
    """source → every string of the sample that only the members edition may show."""
    out: dict[str, set[str]] = {"clients": set(), "events": set(), "other": set()}
    for path in sorted(root.glob("resources/clients/*.yml")):
        out["clients"] |= set(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    for folder, default in (("content/events", "members"), ("resources/media", "public"),
                            ("resources/board", "public")):
        for path in sorted(root.glob(f"{folder}/*.yml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            if doc.get("audience", default) == "members":
                fields = {k: v for k, v in doc.items() if k in (
                    "title", "description", "location", "need", "tags", "city")}
                out["events" if folder == "content/events" else "other"] |= set(
                    _strings(fields))
    for path in sorted(root.glob("members/*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc["status"] not in ("active", "alumni"):
            out["other"] |= set(_strings({k: doc.get(k) for k in ("name", "org", "bio")}))
        for f in (doc.get("contact") or {}).values():
            if f["visibility"] != "public":
                out["other"].add(str(f["value"]))
    return out


def needles(values: set[str], public_text: str) -> list[str]:
    """Whole short values, 12-character pieces of long ones; whatever the public edition
    shows anyway is not members-only."""
    out = set()
    for value in values:
        flat = re.sub(r"\s+", " ", value).strip()
        pieces = [flat] if len(flat) <= 16 else [flat[i:i + 12] for i in
                                                  range(0, len(flat) - 11, 12)]
        out |= {p for p in pieces if len(p) >= 2 and p not in public_text}
    return sorted(out)


def test_nothing_members_only_is_readable(sealed: tuple[Path, str],
                                          sample_sites: dict[str, Path]) -> None:
    site, _log = sealed
    public_text = "\n".join(body for _rel, body in texts(sample_sites["public"]))
    values = members_only_values(REPO)
    by_source = {k: needles(v, public_text) for k, v in values.items()}
    every = sorted(set().union(*by_source.values()))
    assert len(every) > 150, "the scan must look for the sample's members-only values"
    cal = {p.relative_to(site).as_posix() for p in calendars(site)}
    found = [(rel, n) for rel, n in hits(site, every) if rel not in cal]
    assert found == [], f"members-only values readable: {found[:20]}"
    # a member's secret calendar holds members-only events, and nothing else members-only
    not_events = sorted(set(by_source["clients"]) | set(by_source["other"]))
    in_cal = [(rel, n) for rel, n in hits(site, not_events) if rel in cal]
    assert in_cal == [], in_cal[:20]
    # ... while a member's code opens all of it: the scan looked where the values would be
    opened = unlock(site, code_of("wang-jian"))
    assert opened is not None
    members_text = "\n".join(v.decode("utf-8", "replace") for v in opened.values())
    shown = [n for n in by_source["clients"] if any(f in members_text for f in forms(n))]
    assert len(shown) > 0.8 * len(by_source["clients"]), "clients missing from the members files"


def test_members_only_pages_have_opaque_paths_and_shells(sealed: tuple[Path, str],
                                                         sample_sites: dict[str, Path]) -> None:
    site, _log = sealed
    assert not (site / "clients").exists() and not (site / "clients.html").exists()
    opened = unlock(site, code_of("liu-yang"))
    assert opened is not None
    html_pages = [rel for rel in opened if rel.endswith("index.html")]
    only = [rel for rel in html_pages if not (sample_sites["public"] / rel).exists()]
    assert len(only) >= 7  # the client library and its seven clients, at least
    shells = {(site / rel).read_bytes().replace(b"../", b"") for rel in only}
    assert len(shells) == 1, "every members-only path holds the same small shell"
    for rel in only:
        assert re.fullmatch(r"([0-9a-f]{12}/)+index\.html", rel), rel
    dji = [rel for rel in only if "大疆创新" in opened[rel].decode()]
    assert dji and all("dji" not in rel for rel in dji)
    # the members edition's search index (entities, text chunks: issue 17) is sealed
    search = [rel for rel in opened if rel.startswith("search/courtyard/")]
    assert "search/courtyard/entities.json" in search
    assert any("大疆创新" in opened[rel].decode() for rel in search)
    assert (site / ".courtyard-edition").read_text() == "members-encrypted\n"
    assert (site / "index.html").is_file() and b"lock.js" in (site / "index.html").read_bytes()


def test_every_plain_page_names_its_build(sealed: tuple[Path, str],
                                          sample_sites: dict[str, Path]) -> None:
    """A device that keeps a build's key opens a page of that build without lock.json
    (issue 27.2): every plain page's lock script names the build (the same id lock.json
    gives), and a page of a newer build names the newer one; the public page's bytes are
    otherwise the public edition's (the public edition's own bytes do not change)."""
    site, _log = sealed
    build = json.loads((site / encrypt.LOCK_FILE).read_text(encoding="utf-8"))["build"]
    pages = sorted(p for p in site.rglob("*.html") if "_c" not in p.parts)
    assert len(pages) > 100
    for path in pages:
        data = path.read_bytes()
        assert data.count(f'lock.js" data-build="{build}"'.encode()) == 1, path
        rel = path.relative_to(site).as_posix()
        public = sample_sites["public"] / rel
        if public.is_file():  # the public page and the two lines of the lock, no more
            plain = re.sub(rb'\n    <script src="[^"]*lock\.js"[^>]*></script>\n    '
                           rb'<link rel="stylesheet" href="[^"]*lock\.css">\n  ', b"", data)
            assert plain == public.read_bytes(), rel
    assert b"data-more" in (site / "index.html").read_bytes()


def test_lock_file_states_the_parameters(sealed: tuple[Path, str]) -> None:
    site, _log = sealed
    lock = json.loads((site / encrypt.LOCK_FILE).read_text(encoding="utf-8"))
    assert lock["kdf"] == {"name": "PBKDF2", "hash": "SHA-256", "iterations": 100_000,
                           "salt": lock["kdf"]["salt"], "bits": 384}
    assert len(base64.b64decode(lock["kdf"]["salt"])) == 16
    assert lock["cipher"] == {"name": "AES-GCM", "length": 256, "nonce": 12}
    com = load_community(str(REPO), dt.date.fromisoformat(SAMPLE_TODAY))
    eligible = access.eligible_members(com)
    assert len(lock["keys"]) == len(eligible)
    assert all(len(base64.b64decode(v)) == 60 for v in lock["keys"].values())
    assert len(calendars(site)) == len(eligible)
    for m in com.members.values():
        opened = unlock(site, code_of(m.id))
        assert (opened is not None) == (m in eligible), m.id
    assert unlock(site, code_of("wang-jian", secrets.token_urlsafe(32))) is None


def test_secret_stays_out_of_output_and_logs(sealed: tuple[Path, str]) -> None:
    site, log = sealed
    assert SECRET not in log
    for rel, body in texts(site):
        assert SECRET not in body and SECRET not in rel, rel
        for raw in (SECRET.encode(), base64.b64encode(SECRET.encode())):
            assert raw not in (site / rel).read_bytes(), rel


def test_fresh_content_key_site_salt_and_one_code_rotated(tmp_path: Path,
                                                          sealed: tuple[Path, str]) -> None:
    """Every build has a new content key under the site's own salt; raising one member's
    access_code_version gives them a new code (and calendar) and leaves everyone else's."""
    first, _log = sealed
    root = make_community(tmp_path)
    com = load_community(str(root), TODAY)
    rotated, kept = [m.id for m in access.eligible_members(com)][:2]
    path = root / "members" / f"{rotated}.yml"
    path.write_text(path.read_text(encoding="utf-8") + "access_code_version: 1\n",
                    encoding="utf-8")
    second = tmp_path / "second"
    build_encrypted(root, second, TODAY.isoformat())
    a = json.loads((first / encrypt.LOCK_FILE).read_text(encoding="utf-8"))
    b = json.loads((second / encrypt.LOCK_FILE).read_text(encoding="utf-8"))
    assert a["build"] != b["build"]
    # the salt is the site's (a device keeps the KDF's output for the next build)
    assert a["kdf"]["salt"] == b["kdf"]["salt"]
    assert b["kdf"]["salt"] == base64.b64encode(access.site_salt(SECRET.encode())).decode()
    shared = set(a["keys"]) & set(b["keys"])
    assert shared and all(a["keys"][k] != b["keys"][k] for k in shared)  # a new content key
    new_code = access.access_code(SECRET.encode(), rotated, 1)
    assert new_code != code_of(rotated)
    assert unlock(second, code_of(rotated)) is None
    assert unlock(second, new_code) is not None
    assert unlock(second, code_of(kept)) is not None
    proc = cli("access-code", rotated, "--root", str(root), "--today", TODAY.isoformat())
    assert proc.returncode == 0, proc.stderr
    assert new_code in proc.stdout and code_of(rotated) not in proc.stdout
    token = access.calendar_token(SECRET.encode(), rotated, 1)
    assert token in proc.stdout and (second / encrypt.CAL_DIR / f"{token}.ics").is_file()
    old_token = access.calendar_token(SECRET.encode(), rotated)
    assert not (second / encrypt.CAL_DIR / f"{old_token}.ics").exists()


def test_members_files_are_compressed_before_sealing(sealed: tuple[Path, str]) -> None:
    """Ciphertext does not compress: the pages are gzipped before they are sealed, so the
    host sends a members page in about the bytes of a gzipped public page."""
    site, _log = sealed
    opened = unlock(site, code_of("liu-yang"))
    assert opened is not None
    lock = json.loads((site / encrypt.LOCK_FILE).read_text(encoding="utf-8"))
    sealed_bytes = sum(p.stat().st_size for p in (site / "_c").iterdir()
                       if p.name not in ("lock.json", Path(lock["manifest"]).name))
    plain_bytes = sum(len(v) for v in opened.values())
    assert sealed_bytes < 0.35 * plain_bytes, (sealed_bytes, plain_bytes)
    assert (site / lock["manifest"]).stat().st_size < 8_000


def test_lock_file_is_never_cached_and_blobs_forever() -> None:
    """A revoked code must stop working when the next build is published, even behind a
    CDN: the lock file is revalidated on every load; blobs are named per build."""
    assert encrypt.cache_control(encrypt.LOCK_FILE) == "no-cache"
    assert encrypt.cache_control("_c/0123456789abcdef0123") == "public, max-age=31536000, immutable"
    assert encrypt.cache_control("index.html") is None


def test_search_results_point_at_opaque_pages(sealed: tuple[Path, str]) -> None:
    """A client found by search links to its opaque page (its plain path is a 404)."""
    site, _log = sealed
    opened = unlock(site, code_of("liu-yang"))
    assert opened is not None
    entities = json.loads(opened["search/courtyard/entities.json"])
    clients = [e for e in entities["entities"] if e[0] == "clients"]
    assert clients
    for kind, ident, *_rest in clients:
        where = entities["locations"][f"{kind}/{ident}/"]
        assert re.fullmatch(r"([0-9a-f]{12}/)+", where) and (site / where / "index.html").is_file()


# --------------------------------------------------------------------------- planted markers


def test_planted_markers_are_sealed(tmp_path: Path) -> None:
    root = marked_community(tmp_path)
    site = tmp_path / "site"
    build_encrypted(root, site, "2026-02-01")
    cal = {p.relative_to(site).as_posix() for p in calendars(site)}
    assert cal, "the marked community has members with a secret calendar"
    found = hits(site, MEMBERS_ONLY + NEVER)
    assert [(rel, n) for rel, n in found if rel not in cal or n not in EVENT_MARKERS] == []
    opened = unlock(site, code_of("wang-jian"))
    assert opened is not None
    text = "\n".join(v.decode("utf-8", "replace") for v in opened.values())
    assert [m for m in MEMBERS_ONLY if m not in text] == []
    assert [m for m in NEVER if m in text] == []


@pytest.mark.slow
def test_secret_stays_out_of_git(tmp_path: Path) -> None:
    root = make_community(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    proc = cli("build", "--root", str(root), "--audience", "members", "--encrypt",
               "--today", TODAY.isoformat(), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert cli("access-code", "wang-jian", "--root", str(root), "--today",
               TODAY.isoformat()).returncode == 0
    subprocess.run([*git, "add", "-A"], check=True)
    diff = subprocess.run([*git, "diff", "--cached", "--text"], check=True,
                          capture_output=True).stdout
    assert b"members-encrypted" in diff  # the diff holds the build and its cache
    assert SECRET.encode() not in diff
    shutil.rmtree(root / "site-encrypted", ignore_errors=True)


def test_publish_builds_the_encrypted_edition_only_with_the_secret() -> None:
    doc = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    step = next(s for s in doc["jobs"]["build"]["steps"] if s.get("name") == "Build")
    assert step["env"] == {access.SECRET_ENV: "${{ secrets.COURTYARD_MASTER_SECRET }}"}
    lines = [line.strip() for line in step["run"].splitlines()]
    assert lines[0] == 'if [ -n "$COURTYARD_MASTER_SECRET" ]; then'
    assert lines[1] == "python -m generator build --audience members --encrypt --out site"
    assert lines[3] == "python -m generator build --audience public --out site"
    assert "secrets." not in json.dumps(doc["jobs"]["deploy"])  # the deploy job never sees it


def test_secret_calendars_parse_and_link_to_pages_that_exist(sealed: tuple[Path, str]) -> None:
    from icalendar import Calendar

    from generator.exports.common import site_url
    site, _log = sealed
    com = load_community(str(REPO), dt.date.fromisoformat(SAMPLE_TODAY))
    base = site_url(com, "members")
    files = calendars(site)
    assert len({p.read_bytes() for p in files}) == 1  # the same calendar, at secret addresses
    events = Calendar.from_ical(files[0].read_bytes()).walk("VEVENT")
    members_only = {e.id for e in com.events.values() if e.audience == "members"}
    assert members_only and len(events) >= len(com.events)
    for event in events:
        url = str(event["URL"])
        assert url.startswith(base)
        assert (site / url[len(base):] / "index.html").is_file(), url
    assert not [e for e in members_only if any(e in str(ev["URL"]) for ev in events)]
