"""Who a line of typed text names, and how sure that is (ENGINEERING.md §9, issue 25).

Used by the 接龙 import and the roster patrol. Every text gets one class:

- **sure** — a member id; the member's exact group nickname (separators and width aside); a
  real name whose line also names the member's organisation (``王健 分众``, ``蓝标 赵敏``); or a
  real name that only one member has, on a line naming nothing else; a name and its
  organisation followed by talk (``孙丽 报业 家里有事来不了``: words after the organisation
  that name no organisation and no member);
- **doubtful** — a real name inside a longer name (``王健华``) or with a character put inside
  it next to the member's organisation (``分众传媒+李丽娜``), a real name next to another
  organisation or other words (``新潮传媒+王健``), a homophone or a pinyin-only match (``黎娜``,
  ``Wang Jian``), a nickname one character away (``分众传嫖+王健``), a name several members share;
- **unknown** — nothing in the registry comes close.

Only *sure* may be written without asking. Pinyin is computed once per member (and once per
distinct token of a text), so the work is linear in the text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pypinyin import lazy_pinyin

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.data.models import Member
    from generator.i18n.keys import Key

Class = Literal["sure", "doubtful", "unknown"]

SEPARATORS = frozenset("+-_·|/\\ ＋－—_｜／、,，;；:：•・.。~～@＠\u3000")
"""Characters that separate organisation and name (half- and full-width)."""
MAX_TOKEN = 40  # longer runs are not names: no pinyin, no substring search beyond this


# Why a line is doubtful → the catalogue text that says so (jielong lists it, roster too).
WHY_KEYS: dict[str, Key] = {
    "longer": "jl.why-longer", "split": "jl.why-split", "sounds": "jl.why-sounds",
    "pinyin": "jl.why-pinyin",
    "near": "jl.why-near", "other": "jl.why-other", "near-org": "jl.why-near-org",
    "same-name": "jl.why-same-name", "several": "jl.why-several",
}



def strip_symbols(text: str) -> str:
    """Emoji, pictographs, joiners and other invisible characters become spaces."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cf", "Co", "Cs", "Zl", "Zp") or 0xFE00 <= ord(ch) <= 0xFE0F:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def tokens(text: str) -> list[str]:
    """NFKC, symbols dropped, split on separators; lower-case."""
    text = strip_symbols(unicodedata.normalize("NFKC", text))
    return "".join(" " if ch in SEPARATORS else ch for ch in text).lower().split()


def flat(text: str) -> str:
    return "".join(tokens(text))


def _cjk(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" for ch in text)


@lru_cache(maxsize=4096)
def pinyin(text: str) -> str:
    """``李娜`` → ``lina``; Latin letters are kept (lower case, no spaces)."""
    return "".join(lazy_pinyin(text[:MAX_TOKEN])).lower().replace(" ", "")


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def org_agrees(written: str, org: str) -> bool:
    """``written`` names ``org``: the same, a part of it (``广电``, ``报业``), or an
    abbreviation that keeps its first character and its order (``分众``, ``蓝标``, ``深报``)."""
    return _agrees(flat(written[:MAX_TOKEN]), flat(org))


def _agrees(w: str, o: str) -> bool:
    if len(w) < 2 or not o or len(w) > len(o):
        return False
    return w == o or w in o or (w[0] == o[0] and _subsequence(w, o))


_NOTE_CHARS = frozenset("不了的吗呢吧啊呀嘛已")
_NOTE_WORDS = ("如果", "出差", "下周", "这周", "本周", "接龙", "报名", "一定", "可能", "晚点",
               "同事", "朋友", "孩子", "老婆", "老公", "家属", "客户", "带")


def note_like(word: str) -> bool:
    """``word`` reads as a remark, not an organisation: a digit, a particle (了, 的, 吗, 已,
    不 …) or a word of sign-up talk (出差, 接龙, 同事 …). Organisations are named without
    them, so such words never make a line doubtful — any other word may be an
    organisation, and one that is not the member's makes it doubtful."""
    return (any(ch.isdigit() or ch in _NOTE_CHARS for ch in word)
            or any(w in word for w in _NOTE_WORDS))


def _distance_one(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one edit (substitution, insertion or deletion)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


@dataclass
class Verdict:
    """One text read against the registry."""

    cls: Class
    member: str | None = None           # the member (sure) or the suggested one (doubtful)
    candidates: list[str] = field(default_factory=list)
    how: str = ""                       # id | nickname | name+org | name | earlier line …
    why: str = ""                       # doubtful: longer | split | sounds | pinyin | near | other
    #                                     | near-org | same-name | several
    rest: str = ""                      # the words that make it doubtful


@dataclass
class _Person:
    id: str
    name: str
    org: str
    nick: str          # flat display name
    expected: str      # flat charter-format nickname
    name_py: str


class Matcher:
    """The registry's people, indexed once: ids, nicknames, names, name pinyin."""

    def __init__(self, charter: Charter, members: list[Member]) -> None:
        from generator.core.names import display_name, expected_display_name

        self.people: dict[str, _Person] = {}
        self.by_nick: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_py: dict[str, list[str]] = {}
        for m in members:
            p = _Person(m.id, m.name, m.org, flat(display_name(charter, m)),
                        flat(expected_display_name(charter, m.org, m.name)), pinyin(m.name))
            self.people[m.id] = p
            self.by_nick.setdefault(p.nick, m.id)
            self.by_nick.setdefault(p.expected, m.id)
            self.by_name.setdefault(m.name.lower(), []).append(m.id)
            self.by_py.setdefault(p.name_py, []).append(m.id)
        self.orgs = sorted({flat(p.org) for p in self.people.values()})
        self.name_lengths = sorted({len(n) for n in self.by_name}, reverse=True)

    @property
    def ids(self) -> set[str]:
        return set(self.people)

    def _names_in(self, token: str) -> list[tuple[str, int]]:
        """Member names inside ``token`` (longest first, no overlaps): (name, start)."""
        found: list[tuple[str, int]] = []
        taken: set[int] = set()
        t = token[:MAX_TOKEN]
        for n in self.name_lengths:
            if n < 2:
                continue
            for i in range(len(t) - n + 1):
                part = t[i:i + n]
                if part in self.by_name and not taken & set(range(i, i + n)):
                    found.append((part, i))
                    taken |= set(range(i, i + n))
        return found

    def _org_words(self, text: str) -> bool:
        w = flat(text[:MAX_TOKEN])
        return any(_agrees(w, o) for o in self.orgs)

    def classify(self, text: str) -> Verdict:
        """The class of ``text`` (the person part of a line, or a group nickname)."""
        raw = unicodedata.normalize("NFKC", text).strip().lower()
        if raw in self.people:
            return Verdict("sure", raw, [raw], "id")
        toks = tokens(text)
        whole = "".join(toks)
        if not whole:
            return Verdict("unknown")
        if whole in self.by_nick:
            mid = self.by_nick[whole]
            return Verdict("sure", mid, [mid], "nickname")
        # real names, whole tokens or inside one
        exact: list[tuple[str, list[str], list[str]]] = []  # (name, words ahead, behind)
        longer: list[tuple[str, str]] = []           # (name, the longer token)
        for i, t in enumerate(toks):
            for name, start in self._names_in(t):
                before, after = t[:start], t[start + len(name):]
                if not before and not after:
                    exact.append((name, toks[:i], toks[i + 1:]))
                elif self._org_words(before + after) and not (before and after):
                    exact.append((name, [before + after, *toks[:i]], toks[i + 1:]))
                else:
                    longer.append((name, t))
        if exact:
            verdicts = [self._by_name(name, ahead, behind) for name, ahead, behind in exact]
            sure = {v.member for v in verdicts if v.cls == "sure"}
            if len(exact) == 1 and not longer:
                return verdicts[0]
            ids = sorted({c for v in verdicts for c in v.candidates})
            if len(sure) == 1 and len(ids) == 1:
                return verdicts[0]
            return Verdict("doubtful", ids[0] if ids else None, ids, "names",
                           "several", " ".join(toks))
        if longer:
            name, t = longer[0]
            ids = sorted(self.by_name[name])
            return Verdict("doubtful", ids[0], ids, "longer name", "longer", t)
        split = [(name, whole) for name, _start in self._names_in(whole)]
        if split:  # "王 健": a name written apart
            name, _w = split[0]
            ids = sorted(self.by_name[name])
            return Verdict("doubtful", ids[0], ids, "split name", "split", text.strip())
        for i, t in enumerate(toks):  # "分众传媒+李丽娜": 李娜 with a character put inside,
            # on a line naming nothing but the member's organisation (two differences —
            # another name and another organisation — are someone else: "麦肯+李宁娜")
            others = [r for r in toks[:i] + toks[i + 1:] if not note_like(r)]
            ids = [mid for mid in self._inserted(t)
                   if all(org_agrees(r, self.people[mid].org) for r in others)]
            if ids:
                return Verdict("doubtful", ids[0], ids, "inserted character", "longer", t)
        # homophones (characters) and pinyin (Latin letters)
        words = [t for t in toks if t.isascii() and t.isalpha()]
        latin = "".join(words)
        tries = [t for t in toks if _cjk(t) and 2 <= len(t) <= 4 and not self._org_words(t)]
        for t in tries:
            ids = sorted(self.by_py.get(pinyin(t), []))
            if ids:
                return Verdict("doubtful", ids[0], ids, "homophone", "sounds", t)
        if latin and len(latin) <= MAX_TOKEN:  # "Wang Jian", "wangjian", "Jian Wang"
            spellings = {latin, "".join(reversed(words)), *(w for w in words if len(w) >= 4)}
            ids = sorted({mid for t in spellings for mid in self.by_py.get(t, [])})
            if ids:
                return Verdict("doubtful", ids[0], ids, "pinyin", "pinyin", latin)
        # one character away, the member's name intact (a changed name is another person)
        near = sorted({mid for nick, mid in self.by_nick.items()
                       if len(nick) >= 4 and self.people[mid].name.lower() in whole
                       and _distance_one(whole, nick)})
        if near:
            return Verdict("doubtful", near[0], near, "nickname", "near", whole)
        return Verdict("unknown")

    def _inserted(self, token: str) -> list[str]:
        """Members whose name is ``token`` less one character inside it (not its first or
        last): ``李丽娜`` → 李娜. Only CJK tokens of 3-5 characters."""
        if not _cjk(token) or not 3 <= len(token) <= 5:
            return []
        return sorted({mid for j in range(1, len(token) - 1)
                       for mid in self.by_name.get(token[:j] + token[j + 1:], [])})

    def _remark(self, word: str) -> bool:
        """A word after a name and its organisation that is talk, not a person or an
        organisation: two characters or more, naming no registry organisation, containing no
        member's name, not a member's name in another spelling."""
        return (len(word) >= 2 and not self._org_words(word) and not self._names_in(word)
                and not self._inserted(word) and not self.by_py.get(pinyin(word)))

    def _by_name(self, name: str, ahead: list[str], behind: list[str] | None = None
                 ) -> Verdict:
        """The verdict on a real name with the words ``ahead`` of it (and glued to it) and
        ``behind`` it on the line."""
        ids = sorted(self.by_name[name])
        ahead = [r for r in ahead if r and not note_like(r)]
        behind = [r for r in behind or [] if r and not note_like(r)]
        rest = ahead + behind
        agree = [mid for mid in ids if rest and all(org_agrees(r, self.people[mid].org)
                                                     for r in rest)]
        text = " ".join(rest)
        if len(agree) == 1:
            return Verdict("sure", agree[0], agree, "name+org")
        # name and organisation agree, then talk ("孙丽 报业 家里有事…", "韩梅 省广 先占个位"):
        # everything up to the last word naming the member's organisation agrees, and every
        # word after it is a remark (never a person or another organisation)
        talk = []
        for mid in ids:
            org = self.people[mid].org
            said = [k for k, r in enumerate(behind) if org_agrees(r, org)]
            last = said[-1] if said else -1
            if ((said or ahead) and all(org_agrees(r, org) for r in ahead)
                    and all(org_agrees(r, org) for r in behind[:last + 1])
                    and behind[last + 1:] and all(self._remark(r) for r in behind[last + 1:])):
                talk.append((mid, " ".join(behind[last + 1:])))
        if len(talk) == 1:
            mid, said_too = talk[0]
            return Verdict("sure", mid, [mid], "name+org, then remarks", rest=said_too)
        if not rest:
            if len(ids) == 1:
                return Verdict("sure", ids[0], ids, "name")
            return Verdict("doubtful", ids[0], ids, "name", "same-name", name)
        near_org = [mid for mid in ids if any(
            _distance_one(flat(r), flat(self.people[mid].org)) for r in rest)]
        if near_org:
            return Verdict("doubtful", near_org[0], near_org, "name", "near-org", text)
        return Verdict("doubtful", ids[0], ids, "name", "other", text)
