"""Requests from members without GitHub: a short text they copy from the site's form and send
to an admin in WeChat, which ``python -m generator apply`` turns into the same edits as the
CLI (``event rsvp``, a profile change, a board post, a join request).

The text (what the form's copy button puts on the clipboard)::

    #院子申请
    kind: rsvp
    event: 2026-monthly-member-salon
    date: 2026-12-17
    member: li-na
    action: join
    from: 李娜
    check: 5d41402a

One ``key: value`` a line (a full-width colon is read too; chat apps add spaces and emoji
around the text, which are ignored); ``check`` is the first 8 hex digits of the SHA-256 of
the other lines as ``key=value`` joined by newlines, in their order — the form computes it
with WebCrypto, so a text edited or cut on the way is refused. It protects against mangling,
not forgery: the admin still reads the diff and knows who sent it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

HEADER = re.compile(r"^\s*[#＃]\s*(院子申请|courtyard request)\s*$", re.IGNORECASE)
_LINE = re.compile(r"^\s*([a-z_]+)\s*[:：]\s?(.*?)\s*$")
KINDS = ("rsvp", "profile", "post", "join")
PROFILE_FIELDS = ("title", "city", "bio", "tags", "display_name")
"""What a member may change in their own profile through a request (not the name, org,
status, dues or anything an admin decides)."""


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

    def get(self, key: str) -> str:
        value = self.fields.get(key, "").strip()
        if not value:
            raise RequestError("ap.missing", field=key, kind=self.kind)
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.fields.get(key, "").strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise RequestError("ap.bad-date", field=key, value=value) from None


def checksum(pairs: list[tuple[str, str]]) -> str:
    text = "\n".join(f"{k}={v}" for k, v in pairs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def parse(text: str) -> Request:
    """The request in ``text`` (from its header to its ``check`` line)."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if HEADER.match(line)), None)
    if start is None:
        raise RequestError("ap.no-header")
    pairs: list[tuple[str, str]] = []
    check = None
    for line in lines[start + 1:]:
        found = _LINE.match(line)
        if not found:
            continue  # blank lines, chat decorations
        key, value = found.groups()
        if key == "check":
            check = value.lower()
            break
        pairs.append((key, value))
    if check is None:
        raise RequestError("ap.no-check")
    if checksum(pairs) != check:
        raise RequestError("ap.checksum", found=check, expected=checksum(pairs))
    fields = dict(pairs)
    kind = fields.pop("kind", "")
    if kind not in KINDS:
        raise RequestError("ap.kind", kind=kind, kinds=", ".join(KINDS))
    return Request(kind, fields)
