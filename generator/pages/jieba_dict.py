"""The jieba user dictionary for search: member names, organisations, tags and cities of the
edition being built, so Material's Chinese segmentation keeps 张伟 or 分众传媒 whole (without
it, 张三丰 may be cut into 张三 / 丰 and never found by its full name)."""

from __future__ import annotations

import re

from generator.pages.index import Index

FREQ = 50000  # high enough to win over the default dictionary's splits of a name
HAN = re.compile(r"[\u3400-\u9fff]")
BAD = re.compile(r"\s")


def words(idx: Index) -> list[str]:
    found: set[str] = set()
    for m in idx.members:
        found.update([m.name, m.org, *(m.tags), m.city or ""])
    for r in idx.media:
        found.update([r.city, *r.tags])
    for p in idx.posts:
        found.update([p.city or "", *p.tags])
    return sorted(w for w in found if w and HAN.search(w) and not BAD.search(w)
                  and len(w) <= 30)


def write(idx: Index, path: str) -> int:
    """Write the dictionary (``word freq`` per line, sorted); return the number of words."""
    ws = words(idx)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(f"{w} {FREQ}\n" for w in ws)
    return len(ws)
