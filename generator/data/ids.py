"""Ids from names: pinyin slugs with a numeric suffix on collision.

File name = id (``members/zhang-wei.yml``), so an id must be lowercase ASCII. Chinese names
become pinyin without tones (张伟 → ``zhang-wei``); common surnames that pypinyin reads with
their everyday sound are corrected (曾 is ``zeng`` as a surname, not ``ceng``).
"""

from __future__ import annotations

import os
import re
import unicodedata

from generator.data.models import KINDS

# Surnames whose reading differs from the character's most common reading.
SURNAMES: dict[str, str] = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "解": "xie", "朴": "piao", "查": "zha",
    "区": "ou", "覃": "qin", "缪": "miao", "召": "shao", "乐": "yue", "翟": "zhai",
    "盖": "ge", "尉": "yu", "种": "chong", "冼": "xian", "任": "ren", "沈": "shen",
    "柏": "bai", "秘": "bi", "重": "chong", "万俟": "mo-qi", "尉迟": "yu-chi",
}

MAX_LEN = 48


def slug(text: str, surname: bool = False) -> str:
    """Lowercase ASCII slug of ``text``; ``surname`` applies the surname readings to the
    first character(s), for people's names."""
    text = unicodedata.normalize("NFKC", text).strip()
    head = ""
    if surname:
        for sn in sorted(SURNAMES, key=len, reverse=True):
            if text.startswith(sn):
                head, text = SURNAMES[sn], text[len(sn):]
                break
    parts = [head] if head else []
    from pypinyin import Style, lazy_pinyin  # here: importing it costs every command 0.2 s

    parts += lazy_pinyin(text, style=Style.NORMAL, errors="default")
    joined = "-".join(p.strip() for p in parts if p.strip())
    ascii_only = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    if len(out) > MAX_LEN:
        out = out[:MAX_LEN].rsplit("-", 1)[0] if "-" in out[:MAX_LEN] else out[:MAX_LEN]
    return out


def taken_ids(root: str, kind: str) -> set[str]:
    """Ids already used by files of this kind (either extension)."""
    folder = os.path.join(root, KINDS[kind][0])
    if not os.path.isdir(folder):
        return set()
    return {n.rsplit(".", 1)[0] for n in os.listdir(folder) if n.endswith((".yml", ".yaml"))}


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is free first."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def new_id(root: str, kind: str, text: str, prefix: str = "") -> str:
    """A free id for a new record of ``kind`` named ``text`` (members: surname readings)."""
    base = slug(text, surname=kind == "member")
    base = "-".join(p for p in (prefix, base) if p) or kind
    return unique_id(base, taken_ids(root, kind))
