"""Requests from members without GitHub (issues 15, 23.3, 25.5, 26.3): a short text a member
makes with the site's form, signed with a key derived from their access code, sends to an
admin in WeChat; ``python -m generator apply`` verifies it and turns it into the same edits as
the CLI (``event rsvp``, a profile change, a board post, a join request).

This module is the protocol, defined once for Python and the browser: the fields of each
kind (:func:`form`: who asks, then the record's fields from the field registry), who signs
each kind (:data:`SIGNER`), the labels and choice names the text uses in the club's language,
the canonical serialisation that is signed, the signature, and the parser. :func:`protocol`
is what the page embeds (``generator/pages/request.py``);
``overrides/assets/courtyard/request.js`` reads everything it needs from it. Test vectors
shared by the Python and the browser test: ``tests/fixtures/request/vectors.json``.

The text (what the form's copy button puts on the clipboard; labels in the club's language,
values as the registry writes them; the line before the header is a summary for the admin's
eyes and is not read)::

    韩梅报名 2026-12-17 菁英会月度会员沙龙
    #院子申请
    类型：活动报名
    活动：2026-monthly-member-salon
    日期：2026-12-17
    会员：han-mei
    操作：报名
    签名：3c5e…（32 个十六进制字符）

Read back: any language's label or the field's own name, a full-width colon too; chat
decorations (blank lines, emoji, greetings) around the text are ignored; a repeated field, a
field the kind does not have, a text over :data:`MAX_CHARS` characters or a line over
:data:`MAX_LINE` are refused.

**Canonical serialisation** (:func:`canonical`): ``courtyard-request-v1``, then ``kind=<kind>``,
then ``<field>=<value>`` for every non-empty field sorted by field name, joined by ``\\n``,
UTF-8; a value is NFC-normalised, every run of :data:`SPACE` characters becomes one space and
the ends are trimmed. **Signature** (:func:`sign`): the request key is
HMAC-SHA-256(key = the 16-character normalised access code, ``courtyard/request-key/v1``); the
signature is the first 16 bytes of HMAC-SHA-256(request key, canonical), in hex. Only the
member's code (which the browser holds once the members edition is unlocked) and the master
secret (from which ``apply`` derives every code, :mod:`generator.build.access`) make it.

A text made without a code (the public edition, or the members edition opened without one)
carries :data:`UNSIGNED` in place of the signature: ``apply`` shows what it would change and
applies it only with ``--unsigned``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.data.kinds import charter_words, field_word, kind_label
from generator.i18n import LANGS, dynamic, text

if TYPE_CHECKING:
    import datetime as dt

    from generator.data.charter_models import Charter

VERSION = "courtyard-request-v1"
KEY_PURPOSE = "courtyard/request-key/v1"
SIGNATURE_HEX = 32
MAX_CHARS = 20_000
"""A pasted text longer than this is refused before it is read (the longest real request, a
2,000-character bio, is about 2,300)."""
MAX_LINE = 2_500
SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
"""The characters a value's whitespace runs are made of: JavaScript's ``\\s``, spelled out so
that Python and the browser fold exactly the same characters."""
_SPACES = re.compile(f"[{SPACE}]+")

KINDS = ("rsvp", "profile", "post", "join")
_PROTOCOL: dict[str, tuple[tuple[str, bool], ...]] = {
    "rsvp": (("event", True), ("date", False), ("member", True), ("action", False)),
    "profile": (("member", True),), "post": (("member", True),), "join": (("sponsor", True),),
}
"""The fields of each kind that say who asks and for which occurrence (and whether they are
required), shown first; the record's fields follow in the registry's order
(``registry.request_forms()``: what ``request:<kind>`` offers)."""


def _fields(kind: str) -> tuple[tuple[str, bool], ...]:
    from generator.data import registry

    own = _PROTOCOL[kind]
    record = registry.request_forms().get(kind, [])
    return own + tuple((f["name"], bool(f["required"])) for f in record
                       if f["name"] not in dict(own))


def form() -> dict[str, tuple[str, ...]]:
    """The fields of each kind, in the order the text shows them."""
    return {k: tuple(name for name, _req in _fields(k)) for k in KINDS}


def required() -> dict[str, tuple[str, ...]]:
    """The fields each kind cannot leave empty."""
    return {k: tuple(name for name, req in _fields(k) if req) for k in KINDS}


def profile_fields() -> tuple[str, ...]:
    """What a member may change in their own profile through a request: what the registry
    offers ``request:profile`` (not the name, org, status, dues or anything an admin
    decides); ``admin/profile.py`` applies it, the page prefills it."""
    return tuple(name for name, _req in _fields("profile") if name != "member")


def widgets() -> dict[str, dict[str, str]]:
    """kind → record field → its widget on the page (``text``, ``textarea``, ``list``,
    ``date``, ``enum``, ``member`` …), as the registry declares it."""
    from generator.data import registry

    return {k: {f["name"]: f["widget"] for f in fields}
            for k, fields in registry.request_forms().items()}


SIGNER = {"rsvp": "member", "profile": "member", "post": "member", "join": "sponsor"}
"""The field naming the member whose code signs each kind: a join request is its sponsor's."""
ACTIONS = ("join", "cancel")
UNSIGNED = "unsigned"


class RequestError(Exception):
    """The text is not a usable request: a message key and its arguments."""

    def __init__(self, key: str, **args: str) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass
class Request:
    kind: str
    fields: dict[str, str] = field(default_factory=dict)
    signature: str = UNSIGNED

    @property
    def signed(self) -> bool:
        return self.signature != UNSIGNED

    @property
    def signer(self) -> str:
        """The member id the request names as its signer (the sponsor of a join)."""
        return self.fields.get(SIGNER[self.kind], "")

    def get(self, key: str) -> str:
        value = self.fields.get(key, "").strip()
        if not value:
            raise RequestError("ap.missing", field=key, kind=self.kind)
        return value

    def date(self, key: str) -> dt.date | None:
        import datetime as dt

        value = self.fields.get(key, "").strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise RequestError("ap.bad-date", field=key, value=value) from None


# --------------------------------------------------------------------------- signing


def clean(value: str) -> str:
    """A value as it is signed and written: NFC, whitespace runs folded, ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip(" ")


def canonical(kind: str, fields: Mapping[str, str]) -> str:
    lines = [VERSION, f"kind={kind}"]
    lines += [f"{k}={clean(v)}" for k, v in sorted(fields.items()) if clean(v)]
    return "\n".join(lines)


def request_key(code: str) -> bytes:
    """The signing key of a normalised 16-character access code."""
    return hmac.new(code.encode("ascii"), KEY_PURPOSE.encode("ascii"), hashlib.sha256).digest()


def sign(code: str, kind: str, fields: Mapping[str, str]) -> str:
    mac = hmac.new(request_key(code), canonical(kind, fields).encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:SIGNATURE_HEX]


def verifies(code: str, req: Request) -> bool:
    return req.signed and hmac.compare_digest(sign(code, req.kind, req.fields), req.signature)


# --------------------------------------------------------------------------- the words


def label(kind: str, name: str, lang: str, charter: Charter | None = None) -> str:
    """A field's label in the text: what the charter calls it (``org``: ``words.organisation``),
    else ``ap.f.<kind>.<name>`` (``title`` is a job title in a profile, a post's title), else
    ``ap.f.<name>``, else ``new``'s ``field.<name>``."""
    word = field_word(charter, name, lang)
    if word is not None:
        return word
    key = (dynamic("ap.f.", f"{kind}.{name}", optional=True)
           or dynamic("ap.f.", name, optional=True) or dynamic("field.", name))
    return text(lang, key)


def page_label(kind: str, name: str, lang: str, charter: Charter | None = None) -> str:
    """A field's label on the site's form: ``site.rq.f.<kind>.<name>``, else
    ``site.rq.f.<name>`` (the charter's words filled in, as the site's texts are), else its
    label in the text (:func:`label`)."""
    key = (dynamic("site.rq.f.", f"{kind}.{name}", optional=True)
           or dynamic("site.rq.f.", name, optional=True))
    if key is None:
        return label(kind, name, lang, charter)
    return text(lang, key, **(charter_words(charter, lang) if charter is not None else {}))


def choices(charter: Charter, lang: str) -> dict[str, dict[str, str]]:
    """field → value → its name in ``lang``: the kinds, the RSVP actions, the charter's post
    types (the charter's own enum, so the form offers exactly what ``check`` accepts)."""
    return {
        "kind": {k: text(lang, dynamic("ap.kind.", k)) for k in KINDS},
        "action": {a: text(lang, dynamic("ap.action.", a)) for a in ACTIONS},
        "type": {t: kind_label(charter, "post", t, lang) for t in charter.kinds("post_types")},
    }


def protocol(charter: Charter, lang: str) -> dict[str, Any]:
    """Everything request.js needs to make the same text :func:`parse` reads (``order``:
    each choice's values in the charter's order, as the page's JSON sorts its keys)."""
    named = choices(charter, lang)
    shown = form()
    return {
        "version": VERSION, "key_purpose": KEY_PURPOSE, "signature_hex": SIGNATURE_HEX,
        # as a RegExp class with \\uXXXX escapes: the page's text stays in the club's language
        "space": SPACE.encode("ascii", "backslashreplace").decode("ascii"),
        "header": text(lang, "ap.header"),
        "form": {k: list(v) for k, v in shown.items()},
        "required": {k: list(v) for k, v in required().items()},
        "signer": SIGNER, "profile_fields": list(profile_fields()), "widgets": widgets(),
        "labels": {k: {n: label(k, n, lang, charter) for n in ("kind", *names)}
                   for k, names in shown.items()},
        "page_labels": {k: {n: page_label(k, n, lang, charter) for n in names}
                        for k, names in shown.items()},
        "signature_label": text(lang, "ap.f.signature"),
        "unsigned": text(lang, "ap.unsigned"),
        "choices": named,
        "order": {name: list(table) for name, table in named.items()},
        "summary": {k: text(lang, dynamic("ap.summary.", k), **{a: f"{{{a}}}" for a in _SUMMARY})
                    for k in (*KINDS, "cancel")},
    }


_SUMMARY = ("who", "date", "event", "fields", "type", "title", "name", "org")


def render(charter: Charter, lang: str, kind: str, fields: Mapping[str, str],
           signature: str = UNSIGNED, summary: str = "") -> str:
    """The text the form makes (request.js renders the same; the vectors check both)."""
    names = choices(charter, lang)
    lines = [summary] if summary else []
    lines += [text(lang, "ap.header"), f"{label(kind, 'kind', lang)}：{names['kind'][kind]}"]
    for name in form()[kind]:
        value = clean(fields.get(name, ""))
        if value:
            shown = names.get(name, {}).get(value, value)
            lines.append(f"{label(kind, name, lang, charter)}：{shown}")
    shown_sig = text(lang, "ap.unsigned") if signature == UNSIGNED else signature
    lines.append(f"{text(lang, 'ap.f.signature')}：{shown_sig}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- reading


_LINE = re.compile(r"^\s*([^:：]{1,40}?)\s*[:：]\s*(.*?)\s*$")


def _header_lines() -> set[str]:
    return {text(lang, "ap.header").casefold() for lang in LANGS} | \
        {"#院子申请", "#courtyard request"}


def _is_header(line: str) -> bool:
    folded = " ".join(line.replace("＃", "#").split()).casefold()
    return folded in _header_lines()


def _names(charter: Charter) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(label or field name → field, field → shown name or value → value), every language."""
    fields: dict[str, str] = {"kind": "kind", "signature": "signature"}
    values: dict[str, dict[str, str]] = {}
    every = form()
    for lang in LANGS:
        fields[text(lang, "ap.f.signature").casefold()] = "signature"
        for kind, names in every.items():
            for name in ("kind", *names):
                fields[name] = name
                fields[label(kind, name, lang).casefold()] = name
                fields[label(kind, name, lang, charter).casefold()] = name  # the club's word
        for name, table in choices(charter, lang).items():
            for value, shown in table.items():
                values.setdefault(name, {})[value] = value
                values[name].setdefault(shown.casefold(), value)
    return fields, values


def parse(text_: str, charter: Charter) -> Request:
    """The request in ``text_`` (from its header to its signature line)."""
    if len(text_) > MAX_CHARS:
        raise RequestError("ap.too-long", chars=str(len(text_)), max=str(MAX_CHARS))
    lines = text_.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE:
            raise RequestError("ap.line-too-long", line=str(number), chars=str(len(line)),
                               max=str(MAX_LINE))
    start = next((i for i, line in enumerate(lines) if _is_header(line)), None)
    if start is None:
        raise RequestError("ap.no-header", header=text(charter.language, "ap.header"))
    known, values = _names(charter)
    found: dict[str, str] = {}
    signature = None
    for line in lines[start + 1:]:
        m = _LINE.match(line)
        if not m:
            continue  # blank lines, chat decorations
        typed, value = m.groups()
        name = known.get(typed.casefold())
        if name is None:
            raise RequestError("ap.unknown-field", field=typed)
        if name in found:
            raise RequestError("ap.duplicate", field=typed)
        if name == "signature":
            signature = value
            break
        found[name] = clean(value)
    if signature is None:
        raise RequestError("ap.no-signature")
    kind = values["kind"].get(found.pop("kind", "").casefold(), "")
    if kind not in KINDS:
        raise RequestError("ap.kind", kind=kind or "-", kinds=", ".join(KINDS))
    allowed = form()[kind]
    for name in found:
        if name not in allowed:
            raise RequestError("ap.unknown-field", field=name)
    for name, table in values.items():
        if name in found and name != "kind":
            found[name] = table.get(found[name].casefold(), found[name])
    if signature.casefold() in {text(lang, "ap.unsigned").casefold() for lang in LANGS} | \
            {UNSIGNED}:
        return Request(kind, found, UNSIGNED)
    sig = signature.lower()
    if not re.fullmatch(f"[0-9a-f]{{{SIGNATURE_HEX}}}", sig):
        raise RequestError("ap.bad-signature", found=signature[:40])
    return Request(kind, found, sig)
