"""Messages ready for WeChat, from the same data as the site: the weekly digest for the
outer-court groups and an event announcement.

WeChat renders no Markdown and cuts long messages (ENGINEERING.md §7): the text is plain
(``【】`` headings, ``·`` items, bare links to the site's pages), uses the catalogue's
punctuation (full-width in Chinese) and stays within :data:`LIMIT` characters — when the
data would make it longer, the lists lose their last items and say how many more the site
has. The weekly digest is built from the public edition only (it is pasted into groups of
500 people): public events, public board posts of listed members, new members who do not
hide their dates, needs still open.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.core.names import display_name
from generator.core.occurrences import happenings
from generator.data import editions
from generator.data.community import is_all_day
from generator.exports import common
from generator.i18n import catalogue, messages

if TYPE_CHECKING:
    from generator.data.community import Community
    from generator.data.models import Event
    from generator.i18n.keys import Key

LIMIT = 1500
"""Characters in one WeChat message that reads well (ENGINEERING.md §7)."""
AHEAD_DAYS = 28
"""The weekly digest lists events in the next four weeks."""
WEEK = 7


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_HALF = re.compile(rf"(?<=[{_CJK}]) ?([,:;!?()])|([,:;!?()]) ?(?=[{_CJK}])")
_FULL = dict(zip(",:;!?()", "，：；！？（）", strict=True))


def full_width(text: str) -> str:
    """ASCII punctuation next to Chinese text made full-width (``需求:求`` → ``需求：求``);
    times (19:30), links and Latin text keep theirs."""
    for _ in range(2):  # "）," : the second pass sees the first's full-width bracket
        text = _HALF.sub(lambda m: _FULL[m.group(1) or m.group(2)], text)
    return text


@dataclass
class Section:
    heading: str
    items: list[str] = field(default_factory=list)
    dropped: int = 0


def _t(lang: str, key: Key, **args: object) -> str:
    return messages.render(key, lang, args)


def when(com: Community, start: dt.datetime, all_day: bool, lang: str) -> str:
    """``12月17日（周四）19:30`` / ``Thu 17 Dec 19:30``."""
    weekday = _t(lang, "dg.weekdays").split()[start.weekday()]
    day = _t(lang, "dg.day", month=start.month, day=start.day, weekday=weekday)
    return day if all_day else f"{day} {start:%H:%M}"


def _place(ev: Event) -> str:
    name, _address, city = common.location_parts(ev.location)
    return " ".join(p for p in (city, name) if p)


def _render(title: str, sections: list[Section], footer: str, lang: str) -> str:
    out = [title]
    for s in sections:
        if not s.items:
            continue
        out += ["", s.heading, *s.items] if s.heading else ["", *s.items]
        if s.dropped:
            out.append(_t(lang, "dg.more", count=s.dropped))
    if footer:
        out += ["", footer]
    text = "\n".join(out) + "\n"
    return full_width(text) if lang == "zh" else text


def fit(title: str, sections: list[Section], footer: str, lang: str) -> str:
    """The message, shortened to :data:`LIMIT` characters by dropping the last item of the
    longest list (each item is one entry and its link, never cut in half)."""
    text = _render(title, sections, footer, lang)
    while len(text) > LIMIT:
        longest = max(sections, key=lambda s: len(s.items))
        if not longest.items:
            break
        longest.items.pop()
        longest.dropped += 1
        text = _render(title, sections, footer, lang)
    return text


def _item(lang: str, text: str, url: str) -> str:
    return _t(lang, "dg.item", text=text, url=url)


def weekly(com: Community, lang: str) -> str:
    ed: editions.Edition = "public"
    today = com.today
    horizon = today + dt.timedelta(days=AHEAD_DAYS)
    since = today - dt.timedelta(days=WEEK)
    events = Section(_t(lang, "dg.events", days=AHEAD_DAYS))
    ahead = [(e, h) for e in editions.events(com, ed) for h in happenings(com, e, until=horizon)
             if today <= h.date <= horizon]
    coming = [(e, h) for e, h in ahead if not h.cancelled]
    called_off = Section(_t(lang, "dg.cancelled"))  # first: people may have planned on it
    for ev, h in sorted(ahead, key=lambda pair: (pair[1].start, pair[0].id)):
        if h.cancelled:
            called_off.items.append(_item(lang, _t(
                lang, "dg.cancelled-item", when=when(com, h.start, is_all_day(ev), lang),
                title=ev.title), common.page_url(com, "event", ev.id, ed)))
    for ev, h in sorted(coming, key=lambda pair: (pair[1].start, pair[0].id)):
        text = f"{when(com, h.start, is_all_day(ev), lang)} {ev.title}"
        place = _place(ev)
        if place:
            text += _t(lang, "dg.at", place=place)
        events.items.append(_item(lang, text, common.page_url(com, "event", ev.id, ed)))
    posts = editions.board(com, ed)
    new = Section(_t(lang, "dg.posts"))
    still = Section(_t(lang, "dg.needs"))
    for p in sorted(posts, key=lambda p: (p.posted, p.id), reverse=True):
        if p.posted > today:
            continue  # not posted yet
        owner = com.members[p.owner]
        label = _t(lang, catalogue.dynamic("dg.type.", p.type))
        text = _t(lang, "dg.post", type=label, title=p.title,
                  who=display_name(com.charter, owner))
        url = common.page_url(com, "post", p.id, ed)
        if p.posted > since:
            new.items.append(_item(lang, text, url))
        elif p.type == "need" and not p.fulfilled_by:
            still.items.append(_item(lang, text, url))
    welcome = Section(_t(lang, "dg.welcome"))
    for m in editions.members(com, ed):
        if (m.status == "active" and since < m.joined <= today
                and editions.shows(m, "dates", ed)):
            welcome.items.append(_t(lang, "dg.member", name=display_name(com.charter, m)))
    title = _t(lang, "dg.weekly", name=com.charter.name, date=today.isoformat())
    footer = _t(lang, "dg.footer", url=common.site_url(com, ed))
    return fit(title, [called_off, events, new, welcome, still], footer, lang)


class Ended(ValueError):
    """The event has no occurrence on or after today: there is nothing to announce."""

    def __init__(self, last: dt.date | None) -> None:
        super().__init__(str(last))
        self.last = last


def event_link(com: Community, ev: Event) -> str | None:
    """The event's page in the edition it belongs to; None for a members-only event when
    the members edition has no address of its own (``site.members_url``): a public link
    would lead to a page that is not there."""
    if ev.audience != "public" and not common.subscribable(com, "members"):
        return None
    return common.page_url(com, "event", ev.id, "public" if ev.audience == "public"
                           else "members")


def announcement(com: Community, ev: Event, lang: str) -> str:
    """An event's announcement, true on the day it is sent: its next occurrence (a cancelled
    one says so first and carries no sign-up how-to), place, organisers, places left as
    capacity counts them (every sign-up and guest), the description, and how to sign up;
    a members-only event links to the members edition or says where to ask. An event with
    nothing on or after today raises :class:`Ended`."""
    ed: editions.Edition = "public" if ev.audience == "public" else "members"
    hs = happenings(com, ev)
    upcoming = [x for x in hs if x.date >= com.today]
    if not upcoming:
        raise Ended(hs[-1].date if hs else None)
    h = upcoming[0]
    link = event_link(com, ev)
    sep = catalogue.text(lang, "punct.list")
    title = _t(lang, "dg.announce", name=com.charter.name, title=ev.title)
    day = when(com, h.start, is_all_day(ev), lang)
    lines: list[str]
    if h.cancelled:
        lines = [_t(lang, "dg.cancelled-first", when=day)]
        later = [x for x in upcoming if not x.cancelled]
        if later:
            lines.append(_t(lang, "dg.next", when=when(com, later[0].start, is_all_day(ev),
                                                        lang)))
        if link:
            lines.append(link)
        return _render(title, [Section("", lines)], "", lang).rstrip("\n") + "\n"
    lines = [_t(lang, "dg.when", when=day)]
    place = _place(ev)
    if place:
        lines.append(_t(lang, "dg.where", place=place))
    orgs = [display_name(com.charter, com.members[i])
            for i in editions.visible_ids(list(ev.organizers), com, ed)]
    if orgs:
        lines.append(_t(lang, "dg.organizers", names=sep.join(orgs)))
    if ev.capacity:
        taken = len(h.rsvp) + h.guests  # what capacity counts, whoever the edition names
        lines.append(_t(lang, "dg.places", capacity=ev.capacity, taken=taken,
                        left=max(0, ev.capacity - taken)))
    about = Section(_t(lang, "dg.about"))
    for para in (ev.description or "").strip().splitlines():
        if para.strip():
            about.items.append(para.strip())
    how = Section(_t(lang, "dg.how"), [
        _t(lang, "dg.how.jielong", organizers=sep.join(orgs) or _t(lang, "dg.admins")),
        _t(lang, "dg.how.page", url=link) if link else _t(lang, "dg.how.members-only")])
    head = Section("", lines)
    text = _render(title, [head, how], "", lang)
    room = LIMIT - len(text) - len(about.heading) - 2
    kept: list[str] = []
    for para in about.items:
        if len(para) + 1 > room:
            if room > 20:
                kept.append(para[: room - 2] + "……")
            break
        kept.append(para)
        room -= len(para) + 1
    about.items = kept
    return _render(title, [head, about, how], "", lang).rstrip("\n") + "\n"
