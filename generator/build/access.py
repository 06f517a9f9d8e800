"""Access codes for the encrypted members edition: who may read it, their codes, the KDF.

Everything here is derived from one master secret that lives only in the environment
(``COURTYARD_MASTER_SECRET``: the admin's shell, a CI secret), never in the repository, the
logs or the output:

* a member's **access code** is HMAC-SHA256(secret, ``courtyard/access-code/v1`` ‖ id
  [‖ ``#`` version]), the version being the member's ``access_code_version`` (an admin-set
  counter, default 0 and then left out, so raising it rotates that member's code alone),
  its first 80 bits written as 16 Crockford base-32 characters in four groups
  (``K7QM-3XHD-9PZA-WT2C``: no I, L, O or U; typing ``o``, ``i`` or ``l`` means 0 or 1, case
  and dashes do not matter);
* a member's **calendar token** (the secret calendar URL ``cal/<token>.ics``) is
  HMAC-SHA256(secret, ``courtyard/calendar/v1`` ‖ id), 128 bits in hex;
* the **path key** that names members-only pages (:mod:`generator.build.encrypt`) is
  HMAC-SHA256(secret, ``courtyard/paths/v1``);
* the **site salt** of the KDF is the first 16 bytes of HMAC-SHA256(secret,
  ``courtyard/salt/v1``): the same for every build, so a device can keep the KDF's output
  for this site (what lock.js remembers, never the code itself) and open the next build
  without running PBKDF2 again.

Rotating the secret changes every code, calendar URL and opaque path at the next build.

Each build wraps a fresh random content key once per eligible member: PBKDF2-HMAC-SHA256
(:data:`ITERATIONS` iterations, the site salt, 48 bytes out) turns the code
into a 256-bit key-encryption key and a 128-bit lookup id; AES-256-GCM (12-byte random nonce)
under that key encrypts the content key. The browser runs the same PBKDF2 with WebCrypto,
finds its entry by the lookup id and unwraps the content key.

Against offline guessing: a code carries 80 random bits; with every eligible member's entry
as a target (at most the charter's cap, 50; 1,000 in the benchmark, 2^10) an attacker still
expects 2^69 guesses, each costing 100,000 PBKDF2 iterations: about 2·10^8 GPU-years at
9·10^9 HMAC-SHA256 iterations per second (a current high-end GPU).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from typing import TYPE_CHECKING

from generator.build import secret as _secret
from generator.build.secret import SECRET_ENV
from generator.core.standing import in_good_standing
from generator.i18n import text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.data.community import Community
    from generator.data.models import Member
    from generator.i18n.keys import Key

MIN_SECRET_CHARS = 32
MIN_SECRET_DISTINCT = 12

ITERATIONS = 100_000
"""PBKDF2-HMAC-SHA256 iterations per code (tests/test_encrypted.py asserts it)."""
SALT_BYTES = 16
KEY_BYTES = 32      # AES-256
LOOKUP_BYTES = 16
NONCE_BYTES = 12    # AES-GCM
CODE_BYTES = 10     # 80 bits → 16 base-32 characters
WRAP_AAD = b"courtyard/content-key/v1"

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = str.maketrans(_RFC4648, CROCKFORD)
_READ = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})
CODE_RE = re.compile(f"[{CROCKFORD}]{{16}}")


HOW = "python -c \"import secrets; print(secrets.token_urlsafe(32))\""


class SecretError(Exception):
    """The master secret is missing or too weak (exit status 2). The message names the
    variable and how to make a good one, never the value."""

    def __init__(self, key: Key) -> None:
        super().__init__(key)
        self.key = key

    def message(self, lang: str) -> str:
        return text(lang, self.key, env=SECRET_ENV, how=HOW, chars=MIN_SECRET_CHARS,
                    distinct=MIN_SECRET_DISTINCT)


def master_secret(environ: Mapping[str, str] | None = None) -> bytes:
    """The master secret (taken out of the process environment: :mod:`.secret`, or from
    ``environ`` when given); SecretError when missing or weak."""
    value = _secret.take() if environ is None else environ.get(SECRET_ENV, "")
    if not value:
        raise SecretError("access.secret-missing")
    if len(value) < MIN_SECRET_CHARS or len(set(value)) < MIN_SECRET_DISTINCT:
        raise SecretError("access.secret-weak")
    return value.encode("utf-8")


def _derive(secret: bytes, purpose: str, subject: str = "") -> bytes:
    return hmac.new(secret, f"courtyard/{purpose}/v1\0{subject}".encode(), hashlib.sha256).digest()


def access_code(secret: bytes, member_id: str, version: int = 0) -> str:
    """``XXXX-XXXX-XXXX-XXXX``: 80 bits, Crockford base 32. ``version`` is the member's
    ``access_code_version``; 0 (the default) leaves the codes of the first release as they
    were."""
    subject = member_id if not version else f"{member_id}#{version}"
    raw = base64.b32encode(_derive(secret, "access-code", subject)[:CODE_BYTES]).decode()
    text = raw.translate(_TO_CROCKFORD)
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def member_code(secret: bytes, m: Member) -> str:
    """The code that opens the encrypted edition for ``m`` now: their id and their
    ``access_code_version`` (raise it to rotate this one member's code)."""
    return access_code(secret, m.id, m.access_code_version)


def normalise_code(typed: str) -> str | None:
    """The 16 characters a typed code stands for (case, dashes and spaces ignored; O → 0,
    I and L → 1), or None when it cannot be a code. lock.js does the same."""
    text = typed.strip().upper().translate(_READ)
    return text if CODE_RE.fullmatch(text) else None


def calendar_token(secret: bytes, member_id: str, version: int = 0) -> str:
    """The secret calendar's name; rotates with the member's code (a lost phone holds both)."""
    subject = member_id if not version else f"{member_id}#{version}"
    return _derive(secret, "calendar", subject)[:16].hex()


def member_calendar(secret: bytes, m: Member) -> str:
    return calendar_token(secret, m.id, m.access_code_version)


def path_key(secret: bytes) -> bytes:
    return _derive(secret, "paths")


def site_salt(secret: bytes) -> bytes:
    """The KDF's salt: per site (per master secret), stable across builds."""
    return _derive(secret, "salt")[:SALT_BYTES]


def eligible(com: Community, m: Member) -> bool:
    """Active inner-circle members in good standing: status ``active`` (any other status —
    candidate, suspended, alumni, expelled … — has no code) and no year of dues lapsed past
    the charter's grace period (the C2.lapsed rule's own computation)."""
    return in_good_standing(com.charter, m, com.today)


def eligible_members(com: Community) -> list[Member]:
    return [m for _id, m in sorted(com.members.items()) if eligible(com, m)]


def kdf(code: str, salt: bytes) -> tuple[bytes, bytes]:
    """(key-encryption key, lookup id) for a normalised code: PBKDF2-HMAC-SHA256."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    out = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES + LOOKUP_BYTES, salt=salt,
                     iterations=ITERATIONS).derive(code.encode("ascii"))
    return out[:KEY_BYTES], out[KEY_BYTES:]


def wrap(content_key: bytes, code: str, salt: bytes) -> tuple[str, bytes]:
    """(lookup id in hex, nonce ‖ AES-256-GCM(content key)) for one member's code."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    normal = normalise_code(code)
    assert normal is not None, "not an access code"
    kek, lookup = kdf(normal, salt)
    nonce = os.urandom(NONCE_BYTES)
    return lookup.hex(), nonce + AESGCM(kek).encrypt(nonce, content_key, WRAP_AAD)


def unwrap(entries: dict[str, bytes], code: str, salt: bytes) -> bytes | None:
    """The content key a typed code opens, or None (wrong or revoked): what lock.js does."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    normal = normalise_code(code)
    if normal is None:
        return None
    kek, lookup = kdf(normal, salt)
    blob = entries.get(lookup.hex())
    if blob is None:
        return None
    try:
        return AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], WRAP_AAD)
    except InvalidTag:
        return None
