"""Read a pasted 群接龙 (WeChat group sign-up list): what each line means, and who it names.

A 接龙 as members re-post it (ENGINEERING.md §7)::

    #接龙
    12月17日 菁英会月度沙龙
    例 张三 某某传媒
    19:00 签到交流

    1. 王健 分众 +2（带同事）
    2、李娜-新潮传媒 🙋
    ③ 陈静 深报 临时有事
    候补：
    1. 黄磊 广电
    取消：李娜

**The line grammar** (issue 25 item 2): a line is a header (``#接龙``, a new list block), the
title, an example, a non-person line (dates, times, agenda, prices, 签到 — skipped and listed),
a waitlist section header (``候补：``), an **entry** (a number, then the person, the guests, the
intent, notes in brackets and trailing words), an **explicit edit** outside the numbered list
(``取消：李娜``, ``马超 不去了``), or chat (everything else after the list, ``@郑凯 …？``).
In an entry or edit, phone numbers, times, dates, durations and prices are removed before
anything is counted; guests are read from ``+N`` / ``带N位`` / ``带家属`` / ``含家属`` /
``带客户1名`` / ``一家三口`` / ``+1 改 +2``; the intent is join, cancel (a ❌ ✖️ 🙅 × mark too,
read before symbols are dropped), waitlist, cancel-guests-only (``取消+1``,
``+1 改成不带了``) — with ``有事再取消`` a note and ``（之前说去不了，现在可以了）`` a join. What is
left is the person, read by :class:`generator.analysis.people.Matcher` as sure / doubtful / unknown.

**The fair list** (item 3, :func:`allocate`): cancellations first; freed seats go to the
waitlist in order, then to new sign-ups in list order; a waitlisted host's guests take no seat
until the host has one (they are kept, by host, in ``waitlist_guests``); with ``full_list``
members missing from the last list are cancelled.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generator.analysis.people import Matcher, Verdict, strip_symbols

if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_CHARS = 100_000   # a pasted 接龙 of 500 people is ~15,000 characters
MAX_LINES = 2_000
MAX_LINE = 200        # longer lines are read as chat, never searched for names

Intent = Literal["join", "cancel", "waitlist", "guestcancel"]
Kind = Literal["header", "title", "example", "skip", "section", "entry", "edit", "chat",
               "long"]

HEADER = re.compile(r"^\s*[#＃]\s*接龙")
EXAMPLE = re.compile(r"^\s*(例|例如|示例|格式|举例)\s*[:：]?")
SECTION = re.compile(r"^\s*(候补|替补|排队|等位)(名单|人员)?\s*[:：]?\s*$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳❶❷❸❹❺❻❼❽❾❿"
# "12.17" and "19:30" are a date and a time, not entry 12 and entry 19 (the (?!\d))
NUMBERED = re.compile(
    r"^\s*(?:[(（]\s*(?P<p>\d{1,3})\s*[)）]|(?P<n>\d{1,3})(?:\s*[.．、,，:：)）](?!\d)|\s+)|"
    rf"(?P<c>[{_CIRCLED}]))\s*(?P<text>.*)$")
DATE_OR_TIME_START = re.compile(r"^\s*(\d{1,4}\s*[./\-年月]\s*\d{1,2}|\d{1,2}\s*[:：]\s*\d{2}"
                                r"|\d{1,2}\s*点|周[一二三四五六日天]|星期)")
NON_PERSON = re.compile(r"签到|议程|流程|主题|地点|地址|时间|费用|人均|AA|集合|出发|嘉宾分享"
                        r"|报名截止|截止|限\s*\d+\s*人|满\s*\d+\s*人")

# numbers that are never counts: removed before guests are read
_NUMBERS = [
    re.compile(r"[+＋]?\s*86[\s\-]*1\d{2}[\s\-]*\d{4}[\s\-]*\d{4}"),      # +86 139 1234 5678
    re.compile(r"(?<!\d)1[3-9]\d[\s\-]*\d{4}[\s\-]*\d{4}(?!\d)"),          # 13912345678
    re.compile(r"\d{1,4}\s*[./\-]\s*\d{1,2}(\s*[./\-]\s*\d{1,2})?(?!\d)"),  # 12.17, 2026-12-17
    re.compile(r"\d{1,4}\s*年|\d{1,2}\s*月\s*(\d{1,2}\s*[日号]?)?|\d{1,2}\s*[日号]"),
    re.compile(r"\d{1,2}\s*[:：]\s*\d{2}\s*(前|后|左右)?\s*(到|走)?"),       # 19:30前到
    re.compile(r"\d{1,2}\s*点(半|\s*\d{1,2}\s*分?)?\s*(前|后|左右)?\s*(到|走)?"),
    re.compile(r"[¥￥]\s*\d+(\.\d+)?|\d+(\.\d+)?\s*(元|块|rmb|RMB)(\s*/\s*人)?"),
    re.compile(r"\d+\s*(分钟|小时|min|mins|h)"),
]
_CN = {"一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
       "八": 8, "九": 9, "十": 10}
_N = r"(\d{1,2}|[一二两俩三四五六七八九十])"
_WHO = (r"(朋友|同事|客户|家属|嘉宾|孩子|小朋友|小孩|娃|宝宝|老婆|老公|太太|先生|夫人|爱人"
        r"|家人|同学|伙伴)")
CHANGE = re.compile(rf"[+＋]\s*{_N}\s*(改|改成|改为|变|变成|→|->)\s*[+＋]?\s*{_N}")
GUEST_ONLY = re.compile(rf"取消\s*[+＋]\s*{_N}|[+＋]\s*{_N}\s*取消|(带的)?{_WHO}\s*"
                        r"(不来了|不去了|来不了|去不了|取消了?|不参加了?)([,，\s]*就我(一个|自己)(人)?)?"
                        r"|就我(一个|自己)(人)?"
                        rf"|不(再)?带{_WHO}?了|改成?不带")
GUESTS = [
    re.compile(rf"[+＋]\s*{_N}(?!\d)\s*(位|个|人|名)?"),  # "+1 同事王强": words stay
    re.compile(rf"带\s*{_N}\s*(位|个|人|名)\s*{_WHO}?|带\s*{_WHO}\s*{_N}\s*(位|个|人|名)"),
    re.compile(rf"{_WHO}\s*{_N}\s*(位|个|人|名)"),
    re.compile(rf"(带|含|加|和|[+＋])\s*(上\s*)?(一位|一个|1位)?\s*{_WHO}"),
    re.compile(rf"(共|一共|总共)\s*{_N}\s*(位|个|人)"),
    re.compile(r"(?<![带+＋\d])(\d)\s*(人|位)(?![民员])"),                  # 王健 2人
    re.compile(rf"(一家|全家|我家|我们家)\s*{_N}\s*口"),                       # 一家三口
]
_TOTAL = (4, 5, 6)  # GUESTS patterns that count the person too
# marks that say "not coming" (read before symbols are dropped): ❌ ❎ ✖️ ✗ ✘ 🙅 🚫 ⛔,
# and a × or ✕ that is not between numbers
CANCEL_MARK = re.compile(r"[\u274c\u274e\u2716\u2717\u2718\U0001f645\U0001f6ab\u26d4]"
                         r"|(?<!\d)\s*[×✕](?!\s*\d)")
REJOIN = re.compile(r"(现在|又|还是|也)?(?<![不没])(可以|能)(来|去|参加)了?"
                    r"|(现在|又|还是|也)?(?<![不没])可以了|补报|补上|又来了")
CONDITIONAL = re.compile(r"(如|若|要是|万一)?有(事|变化?)\s*(的话)?\s*(再|会|就)\s*取消|再取消|待定"
                         r"|有事\s*(晚|迟|早)\S{0,3}")
CANCEL = re.compile(r"取消报名|取消|不去了|去不了|来不了|不来了|参加不了|不参加了?"
                    r"|不能参加|无法参加|下次再约|下次吧|抱歉缺席|缺席|请假|临时有事|有事|改天|去不成|来不成|赶不上|退出"
                    r"|撤销|撤回|删除|不了了|不行")
WAIT = re.compile(r"候补|替补|排队|等位")
EDIT = re.compile(r"^\s*(?P<w>取消报名|取消|撤销|删除|退出|补报|新增|加上)\s*[:：]?\s*(?P<who>.+)$")
CHATTY = re.compile(r"[@？?]|吗|呢|哈哈|嘛|不是|你|我们|大家|谁|怎么|什么|还有|又")
NOTE_WORDS = re.compile(r"必到|准时到?|晚点到|晚到|迟到|早退|可能|尽量|争取|报名|参加"
                        r"|已付款?|已转账?|已交"
                        r"|手机|电话|微信|收到|[OoＯ][Kk]|ok|到场|到|可以|一定|来|去|这次|这周|本次|下次"
                        r"|抱歉|不好意思|sorry|谢谢|之前说?|现在|说|了|吧|哈|呀|啊|的|吗|就|我|人")
_BRACKETS = re.compile(r"[(（\[【]([^)）\]】]*)[)）\]】]")
SEP = "+-_·|/\\ ＋－—_｜／、,，;；:：•・.。~～!！@＠"


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _CN[text]


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(" ", text)


@dataclass
class Line:
    """One line of a pasted 接龙 and what it means."""

    line: int
    raw: str
    kind: Kind
    number: int | None = None
    block: int = 0
    person: str = ""              # the person part, guests, intent and notes taken out
    intent: Intent = "join"
    guests: int = 0
    note: str = ""
    body: str = ""                # the line after its number, as written (the --map key)


@dataclass
class Jielong:
    title: str
    lines: list[Line] = field(default_factory=list)
    blocks: int = 0

    @property
    def entries(self) -> list[Line]:
        """The lines that name someone: entries and explicit edits."""
        return [x for x in self.lines if x.kind in ("entry", "edit")]

    @property
    def skipped(self) -> list[Line]:
        return [x for x in self.lines if x.kind == "skip"]


class TooLong(ValueError):
    """The text is over :data:`MAX_CHARS` or :data:`MAX_LINES`."""

    def __init__(self, chars: int, lines: int) -> None:
        super().__init__(f"{chars} characters, {lines} lines")
        self.chars, self.lines = chars, lines


def read_body(body: str, section_wait: bool = False) -> tuple[str, Intent, int, str]:
    """The person, intent, guests and note of an entry's text (after its number)."""
    marked = CANCEL_MARK.search(body) is not None
    text = unicodedata.normalize("NFKC", strip_symbols(CANCEL_MARK.sub(" ", body)))
    for pattern in _NUMBERS:
        text = _blank(text, pattern)
    whole = person = _BRACKETS.sub(r" \1 ", text)
    intent: Intent = "join"
    note = ""
    if GUEST_ONLY.search(whole):
        intent = "guestcancel"
    elif REJOIN.search(whole):
        intent = "join"
    elif CONDITIONAL.search(whole):
        note = CONDITIONAL.search(whole).group(0)  # type: ignore[union-attr]
    elif CANCEL.search(whole) or marked:
        intent = "cancel"
    if intent == "join" and (section_wait or WAIT.search(whole)):
        intent = "waitlist"
    guests = 0
    change = CHANGE.search(whole)
    if change:
        guests = _count(change.group(3))
    elif intent != "guestcancel":
        for pattern in GUESTS:
            for found in pattern.finditer(whole):
                nums = [g for g in found.groups() if g and (g.isdigit() or g in _CN)]
                total = any(pattern is GUESTS[k] for k in _TOTAL)
                guests = max(guests, _count(nums[0]) - total if nums else 1)
        together = re.search(rf"带\s*((?:{_WHO}\s*[和与跟、,，]?\s*){{2,}})", whole)
        if together:  # 带老婆孩子: one each
            guests = max(guests, len(re.findall(_WHO, together.group(1))))
    for pattern in (CHANGE, GUEST_ONLY, *GUESTS, REJOIN, CONDITIONAL, CANCEL, WAIT):
        person = _blank(person, pattern)
    person = re.sub(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])", "\x00", person)  # ids: xie-fang
    person = "".join(" " if ch in SEP else ch for ch in person).replace("\x00", "-")
    words = [w for w in person.split() if NOTE_WORDS.sub("", w).strip()]
    words = [w if not NOTE_WORDS.fullmatch(w) else "" for w in words]
    return " ".join(w for w in words if w), intent, guests, note


def parse(text: str) -> Jielong:
    """Every line of a pasted 接龙, classified (see the module's grammar)."""
    if len(text) > MAX_CHARS or text.count("\n") > MAX_LINES:
        raise TooLong(len(text), text.count("\n") + 1)
    out = Jielong("")
    block, last_number, in_wait, seen_entry = 0, 0, False, False
    for i, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if len(line) > MAX_LINE:
            out.lines.append(Line(i, line[:MAX_LINE], "long"))
            continue
        if HEADER.match(line):
            block, last_number, in_wait = block + 1, 0, False
            rest = HEADER.sub("", line).strip(" :：")
            out.title = out.title or rest
            out.lines.append(Line(i, line, "header", block=block))
            continue
        if EXAMPLE.match(line):
            out.lines.append(Line(i, line, "example", block=block))
            continue
        if SECTION.match(line):
            in_wait = True
            out.lines.append(Line(i, line, "section", block=block))
            continue
        found = NUMBERED.match(line)
        if found and not DATE_OR_TIME_START.match(line.lstrip("(（")):
            if found.group("c"):
                idx = _CIRCLED.index(found.group("c"))
                number = idx + 1 if idx < 20 else idx - 19
            else:
                number = int(found.group("p") or found.group("n"))
            if block == 0:
                block = 1
            elif number == 1 and last_number > 0 and not in_wait:
                block += 1
            last_number = number
            body = found.group("text")
            person, intent, guests, note = read_body(body, in_wait)
            if not person:
                out.lines.append(Line(i, line, "skip", number, block))
                continue
            seen_entry = True
            out.lines.append(Line(i, line, "entry", number, block, person, intent, guests,
                                  note=note, body=body.strip()))
            continue
        if not seen_entry:
            kind: Kind = "skip"
            if not out.title and not (DATE_OR_TIME_START.match(line) and NON_PERSON.search(line)):
                out.title = strip_symbols(line).strip()
                kind = "title"
            out.lines.append(Line(i, line, kind, block=block))
            continue
        edit = _edit(line)
        if edit is not None:
            person, intent, guests = edit
            out.lines.append(Line(i, line, "edit", None, block, person, intent, guests,
                                  body=line))
            continue
        nonperson = DATE_OR_TIME_START.match(line) or NON_PERSON.search(line)
        out.lines.append(Line(i, line, "skip" if nonperson else "chat", block=block))
    out.blocks = block
    return out


def _edit(line: str) -> tuple[str, Intent, int] | None:
    """An explicit edit outside the numbered list (``取消：李娜``, ``马超 不去了``), or None."""
    found = EDIT.match(line)
    if found:
        who = re.split(r"[，,。;；]", found.group("who"), maxsplit=1)[0]  # "取消：陈静，出差"
        if CHATTY.search(who):
            return None
        person, _intent, guests, _note = read_body(who)
        intent: Intent = "join" if found.group("w") in ("补报", "新增", "加上") else "cancel"
        return (person, intent, guests) if person else None
    if CHATTY.search(line):
        return None
    person, intent, guests, _note = read_body(line)
    if intent in ("cancel", "guestcancel") and person and len(person) <= 12:
        return person, intent, guests
    return None


# --------------------------------------------------------------------------- resolving


def norm_key(text: str) -> str:
    """A line's key in a mapping file: NFKC, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def read_mapping(text: str) -> dict[str, str]:
    """A mapping file: one ``line text: member-id`` (or ``guest``, or ``skip``) per line;
    ``#`` starts a comment. The key is the line's text after its number, as the command
    prints it."""
    out: dict[str, str] = {}
    for raw in text.splitlines()[:MAX_LINES]:
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#接龙") else ""
        if not line:
            continue
        key, sep, value = line.rpartition(":")
        if not sep:
            key, sep, value = line.rpartition("：")
        if sep and key.strip() and value.strip():
            out[norm_key(key)] = value.strip()
    return out


@dataclass
class Read:
    """One entry or edit, with the verdict on its person (after the mapping)."""

    line: Line
    verdict: Verdict
    mapped: str | None = None      # the mapping's word for it, if any


@dataclass
class Resolved:
    """A 接龙 read against the registry: the decisions per member (in list order), the
    lines left for the admin, and the guests and names of people not in the registry."""

    order: list[str] = field(default_factory=list)           # members, first appearance
    intent: dict[str, Intent] = field(default_factory=dict)
    guests: dict[str, int] = field(default_factory=dict)
    last_block: set[str] = field(default_factory=set)        # members named in the last list
    reads: list[Read] = field(default_factory=list)
    guest_names: list[str] = field(default_factory=list)
    outsider_guests: int = 0

    @property
    def doubtful(self) -> list[Read]:
        return [r for r in self.reads if r.mapped is None and r.verdict.cls == "doubtful"]

    @property
    def unknown(self) -> list[Read]:
        return [r for r in self.reads if r.mapped is None and r.verdict.cls == "unknown"]

    @property
    def join(self) -> list[str]:
        return [m for m in self.order if self.intent[m] != "cancel"]

    @property
    def cancel(self) -> list[str]:
        return [m for m in self.order if self.intent[m] == "cancel"]


def resolve(matcher: Matcher, jl: Jielong, mapping: dict[str, str],
            unknown_as_guests: bool = False) -> Resolved:
    """Read every entry's person; only a sure verdict (or the admin's mapping) decides a
    member. A later line about the same member wins its intent and guests; a member's place
    is their first line (after a cancellation, the line that brings them back)."""
    out = Resolved()
    outsiders: dict[str, int] = {}
    for x in jl.entries:
        v = matcher.classify(x.person)
        target = mapping.get(norm_key(x.body))
        read = Read(x, v, target)
        out.reads.append(read)
        if target == "skip":
            continue
        if target is not None and target != "guest":
            if target not in matcher.people:
                read.mapped = None
                read.verdict = Verdict("unknown", why="mapping", rest=target)
                continue
            v = Verdict("sure", target, [target], "mapping")
        elif target is None and v.cls == "doubtful" and v.why == "same-name":
            named = [c for c in v.candidates if c in out.intent]
            if len(named) == 1:  # "李娜 不去了" after "李娜 新潮传媒"
                v = read.verdict = Verdict("sure", named[0], named, "earlier line")
        if target == "guest" or (target is None and v.cls == "unknown" and unknown_as_guests):
            name = x.person
            if x.intent == "cancel":
                outsiders.pop(name, None)
            else:
                outsiders[name] = 0 if x.intent == "guestcancel" else x.guests
            continue
        if v.cls != "sure" or v.member is None:
            continue
        mid = v.member
        if mid not in out.intent:
            out.order.append(mid)
        elif out.intent[mid] == "cancel" and x.intent in ("join", "waitlist"):
            out.order.remove(mid)  # cancelled, then back: a new place at the end
            out.order.append(mid)
        if x.intent == "guestcancel":
            out.guests[mid] = 0
            out.intent[mid] = "join" if out.intent.get(mid, "join") != "waitlist" else "waitlist"
        else:
            out.intent[mid] = x.intent
            out.guests[mid] = 0 if x.intent == "cancel" else x.guests
        if x.block == jl.blocks:
            out.last_block.add(mid)
    out.guest_names = list(outsiders)
    out.outsider_guests = sum(outsiders.values())
    return out


# --------------------------------------------------------------------------- the fair list


@dataclass
class Allocation:
    """An occurrence after a 接龙: who has a seat, who waits, and what changed."""

    rsvp: list[str]
    waitlist: list[str]
    guests: int
    added: list[str] = field(default_factory=list)
    waitlisted: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)      # --full-list: missing from the list
    moved_up: list[str] = field(default_factory=list)
    waitlist_guests: dict[str, int] = field(default_factory=dict)  # by waiting host


def allocate(rsvp: Iterable[str], waitlist: Iterable[str], capacity: int | None,
             got: Resolved, full_list: bool = False, outsiders: int = 0,
             waiting_guests: dict[str, int] | None = None) -> Allocation:
    """The occurrence after ``got``: cancellations (and, with ``full_list``, everyone
    signed up or waiting who is missing from the list's last block) leave; the seats they
    free go to the waitlist in order, then to new sign-ups in list order; once someone has to
    wait, everyone after them waits too. Guests count only for hosts with a seat: the
    list's count for each host it names (``outsiders``: seats taken by people not in the
    registry and their guests). A waiting host's guests (the list's count, else
    ``waiting_guests``, the occurrence's ``waitlist_guests``) are kept in
    ``Allocation.waitlist_guests`` and take seats with their host: a host moves up only when
    host and guests fit."""
    stored = waiting_guests or {}
    r0, w0 = list(rsvp), list(waitlist)
    leaving = [m for m in got.order if got.intent[m] == "cancel" and (m in r0 or m in w0)]
    dropped = [m for m in [*r0, *w0] if full_list and m not in got.last_block
               and m not in leaving]
    gone = set(leaving) | set(dropped)
    seated = [m for m in r0 if m not in gone]
    waiting = [m for m in w0 if m not in gone]

    def g(m: str) -> int:
        return got.guests[m] if m in got.guests else stored.get(m, 0)

    used = len(seated) + sum(g(m) for m in seated) + outsiders
    out = Allocation(seated, [], 0, cancelled=leaving, dropped=dropped)

    def fits(m: str) -> bool:
        return capacity is None or used + 1 + g(m) <= capacity

    while waiting and fits(waiting[0]):
        m = waiting.pop(0)
        seated.append(m)
        out.moved_up.append(m)
        used += 1 + g(m)
    blocked = bool(waiting)
    for m in got.order:
        if got.intent[m] == "cancel" or m in seated or m in waiting:
            continue
        if full_list and m not in got.last_block:
            continue
        if not blocked and fits(m):
            seated.append(m)
            out.added.append(m)
            used += 1 + g(m)
        else:
            waiting.append(m)
            out.waitlisted.append(m)
            blocked = True
    out.rsvp, out.waitlist = seated, waiting
    out.guests = sum(g(m) for m in seated) + outsiders
    out.waitlist_guests = {m: g(m) for m in waiting if g(m)}
    return out
