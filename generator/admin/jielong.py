"""Read a pasted 群接龙 (WeChat group sign-up list) and find the members in it.

A 接龙 as members re-post it (ENGINEERING.md §7)::

    #接龙
    12月17日 菁英会月度沙龙报名
    例 张三 某某传媒

    1. 王健 分众
    2、李娜-新潮传媒 🙋
    ③ 分众+陈浩 +1
    4. Li Na
    取消:陈浩

:func:`parse` turns the text into :class:`Entry` lines (the header, the title and the example
line are skipped; numbering ``1.`` ``1、`` ``①`` ``(1)``, emoji and full-width punctuation are
read); a line saying 取消 / 不去了 / 请假 is a cancellation; ``+1`` / ``带2人`` / ``+朋友`` on a
line are guests the person brings. :class:`Matcher` then finds the member each line names: by
id, group nickname, real name, organisation + name (in either order, any separator), and by
pinyin (``Li Na``, ``lina``); a line that fits several members or none is left for the admin
(a mapping file ``line text: member-id | guest | skip`` resolves them in scripts).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pypinyin import lazy_pinyin

if TYPE_CHECKING:
    from generator.data.models import Charter, Member

HEADER = re.compile(r"^\s*[#＃]\s*接龙")
EXAMPLE = re.compile(r"^\s*(例|例如|示例|格式|举例)\s*[:：]?")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳❶❷❸❹❺❻❼❽❾❿"
NUMBERED = re.compile(
    r"^\s*(?:[(（]\s*(?P<p>\d{1,3})\s*[)）]|(?P<n>\d{1,3})\s*(?:[.．、,，:：)）]|\s)|"
    rf"(?P<c>[{_CIRCLED}]))\s*(?P<text>.*)$")
CANCEL = re.compile(r"(取消报名|取消|不去了|去不了|来不了|请假|退出|撤销)")
GUESTS = re.compile(r"(?:[+＋]\s*(?P<n>\d{1,2})(?!\d)"
                    r"|带\s*(?P<d>\d{1,2}|[一二两三四五])\s*(?:人|位|个)"
                    r"|[+＋]\s*(?:朋友|家属|同事|嘉宾)|带\s*(?:朋友|家属|同事|嘉宾))")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
SEPARATORS = "+-_·|/ ＋－—_｜／、,，;；:：•・.。"
"""Characters that separate organisation and name on a line (half- and full-width)."""
_NOTE = re.compile(r"[(（\[【].*?[)）\]】]")


def _strip_symbols(text: str) -> str:
    """Drop emoji, pictographs and joiners (categories So, Sk, Cf, Co, Cs), keep letters."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cf", "Co", "Cs") or 0xFE00 <= ord(ch) <= 0xFE0F:
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


@dataclass
class Entry:
    """One line of the list: where it was, the text as cleaned, and what it says."""

    line: int
    number: int | None
    raw: str
    text: str
    cancel: bool = False
    guests: int = 0


@dataclass
class Jielong:
    title: str
    entries: list[Entry] = field(default_factory=list)


def _guest_count(text: str) -> tuple[str, int]:
    count = 0
    for found in GUESTS.finditer(text):
        if found.group("n"):
            count += int(found.group("n"))
        elif found.group("d"):
            d = found.group("d")
            count += int(d) if d.isdigit() else _CN_DIGITS[d]
        else:
            count += 1
    return GUESTS.sub(" ", text), count


def clean(text: str) -> str:
    """The name part of a line: no emoji, no notes in brackets, separators unified to one
    space, NFKC (full-width letters and digits become ASCII)."""
    text = _NOTE.sub(" ", unicodedata.normalize("NFKC", _strip_symbols(text)))
    for ch in SEPARATORS:
        text = text.replace(ch, " ")
    return " ".join(text.split())


def parse(text: str) -> Jielong:
    """The entries of a pasted 接龙, in order (a later line about the same person wins)."""
    title = ""
    out: list[Entry] = []
    seen_header = False
    for i, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if HEADER.match(line):
            seen_header = True
            rest = HEADER.sub("", line).strip(" :：")
            title = title or rest
            continue
        if EXAMPLE.match(line):
            continue
        found = NUMBERED.match(line)
        body: str | None = None
        number: int | None = None
        if found:
            body = found.group("text")
            if found.group("c"):
                c = found.group("c")
                idx = _CIRCLED.index(c)
                number = idx + 1 if idx < 20 else idx - 19
            else:
                number = int(found.group("p") or found.group("n"))
        elif CANCEL.search(line):
            body = line  # "取消:李娜", "李娜 不去了" after the list
        elif not title and (seen_header or not out):
            title = _strip_symbols(line)
            continue
        else:
            continue  # chatter between re-posts ("接龙人数已满", "@所有人" …)
        cancel = bool(CANCEL.search(body))
        body = CANCEL.sub(" ", body)
        body, guests = _guest_count(body)
        name = clean(body)
        if not name:
            continue
        out.append(Entry(i, number, raw.strip(), name, cancel, guests))
    return Jielong(title, out)


# --------------------------------------------------------------------------- matching


def _norm(text: str) -> str:
    return "".join(clean(text).split()).lower()


def pinyin(text: str) -> str:
    """``李娜`` → ``lina``; Latin letters are kept (lower case, no spaces)."""
    return "".join(lazy_pinyin(text)).lower().replace(" ", "")


@dataclass
class Match:
    """What one entry names: one member, several (ambiguous), or nobody (unknown)."""

    entry: Entry
    ids: list[str]
    how: str = ""

    @property
    def member(self) -> str | None:
        return self.ids[0] if len(self.ids) == 1 else None


class Matcher:
    """Find members by what people write in a 接龙 or a group nickname."""

    def __init__(self, charter: Charter, members: list[Member]) -> None:
        from generator.core.names import display_name

        self.members = members
        self.by_id = {m.id: m for m in members}
        self.nick = {_norm(display_name(charter, m)): m.id for m in members}
        self.names: dict[str, list[str]] = {}
        self.pinyins: dict[str, list[str]] = {}
        for m in members:
            self.names.setdefault(m.name, []).append(m.id)
            self.pinyins.setdefault(pinyin(m.name), []).append(m.id)

    def _org_fits(self, mid: str, rest: str) -> bool:
        """The rest of the line names the member's organisation (or a 2+ character part)."""
        org = _norm(self.by_id[mid].org)
        rest = "".join(rest.split()).lower()
        return bool(rest) and (rest in org or org in rest
                               or (len(rest) >= 2 and org.startswith(rest[:2])))

    def match(self, entry: Entry, strict: bool = False) -> Match:
        """The members ``entry`` names. ``strict`` (the roster patrol): a name found inside
        other text ("分众传媒李娜") counts only when the rest is the member's organisation."""
        text = entry.text
        flat = "".join(text.split()).lower()
        if flat in self.by_id or text in self.by_id:
            return Match(entry, [text if text in self.by_id else flat], "id")
        if flat in self.nick:
            return Match(entry, [self.nick[flat]], "nickname")
        # real names written in the line (whole tokens first, then inside "分众王健")
        tokens = text.split()
        hits = sorted({mid for t in tokens for mid in self.names.get(t, [])})
        how = "name"
        if not hits:
            hits = sorted({mid for name, ids in self.names.items()
                           if len(name) >= 2 and name in flat for mid in ids
                           if not strict or self._org_fits(mid, flat.replace(name, ""))})
        if not hits:
            latin = "".join(ch for ch in flat if ch.isascii() and ch.isalpha())
            runs = ["".join(tokens[i:i + n]) for n in (2, 3) for i in range(len(tokens))]
            tries = [flat, *tokens, *runs, latin]
            if strict:  # a homophone in characters (吴浩 for 吴昊) is another person
                tries = [t for t in tries if t.isascii()]
            for t in tries:  # "Li Na 新潮" / "wangjian分众": the line, a token, latin part
                hits = sorted(self.pinyins.get(pinyin(t), [])) if t else []
                if hits:
                    break
            how = "pinyin"
        if len(hits) > 1:
            fits = []
            for mid in hits:
                name = self.by_id[mid].name
                rest = flat.replace(name, " ") if name in flat else " ".join(
                    t for t in tokens if pinyin(t) != pinyin(name))
                if self._org_fits(mid, rest):
                    fits.append(mid)
            if fits:
                hits, how = fits, "org+name"
        return Match(entry, hits, how if hits else "")


def read_mapping(text: str) -> dict[str, str]:
    """A mapping file: one ``line text: member-id`` (or ``guest``, or ``skip``) per line;
    ``#`` starts a comment. The key is the cleaned line text the command prints."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, sep, value = line.rpartition(":")
        if not sep:
            key, sep, value = line.rpartition("：")
        if sep and key.strip() and value.strip():
            out[clean(key)] = value.strip()
    return out


@dataclass
class Resolved:
    """A 接龙 read against the registry: who signs up, who cancels, the guests, and the lines
    left for the admin."""

    join: list[str] = field(default_factory=list)
    cancel: list[str] = field(default_factory=list)
    guests: int = 0
    guest_names: list[str] = field(default_factory=list)
    unresolved: list[Match] = field(default_factory=list)


def resolve(matcher: Matcher, jl: Jielong, mapping: dict[str, str],
            unknown_as_guests: bool = False) -> Resolved:
    """Walk the entries in order (a later line wins: a cancellation after a sign-up cancels
    it, a sign-up after a cancellation signs up again); duplicates count once; ``+1`` guests
    add to the guest count; a mapping entry decides a line's member (or ``guest``/``skip``)."""
    out = Resolved()
    state: dict[str, bool] = {}
    brought: dict[str, int] = {}
    for entry in jl.entries:
        m = matcher.match(entry)
        target = mapping.get(entry.text)
        if target == "skip":
            continue
        if target == "guest" or (target is None and not m.ids and unknown_as_guests):
            if not entry.cancel and entry.text not in out.guest_names:
                out.guest_names.append(entry.text)
            elif entry.cancel and entry.text in out.guest_names:
                out.guest_names.remove(entry.text)
            continue
        if target is not None:
            if target not in matcher.by_id:
                out.unresolved.append(Match(entry, [], f"mapping: {target}"))
                continue
            m = Match(entry, [target], "mapping")
        if m.member is None and len(m.ids) > 1:
            # "李娜 不去了" after "李娜 新潮传媒": the one this list already named
            named = [mid for mid in m.ids if mid in state]
            if len(named) == 1:
                m = Match(entry, named, "earlier line")
        if m.member is None:
            out.unresolved.append(m)
            continue
        if state.get(m.member) != (not entry.cancel):  # a duplicate keeps its first place
            state.pop(m.member, None)
            state[m.member] = not entry.cancel
        brought[m.member] = 0 if entry.cancel else max(entry.guests, brought.get(m.member, 0))
    out.join = [mid for mid, on in state.items() if on]
    out.cancel = [mid for mid, on in state.items() if not on]
    out.guests = len(out.guest_names) + sum(brought[mid] for mid in out.join)
    return out
