"""Words the exports show to people (calendar names, feed titles, CSV headers, dues states),
in the charter's language. Registered in the shared message catalogue so one place holds
every user-facing string."""

from __future__ import annotations

from typing import Any

from generator.i18n import messages

messages.register({
    "feeds.calendar": ("{name}活动日历", "{name} events"),
    "feeds.calendar.members": ("{name}活动日历(会员版)", "{name} events (members)"),
    "feeds.calendar.desc": ("{name}的活动,北京时间。", "Events of {name}, Beijing time."),
    "feeds.feed": ("{name}:供需板与近期活动", "{name}: board and upcoming events"),
    "feeds.feed.members": ("{name}:供需板与近期活动(会员版)",
                           "{name}: board and upcoming events (members)"),
    "feeds.event-entry": ("活动:{title}", "Event: {title}"),
    "feeds.event-when": ("时间:{when}", "When: {when}"),
    "feeds.event-where": ("地点:{where}", "Where: {where}"),
    "feeds.event-cancelled": ("(已取消)", "(cancelled)"),
    "feeds.post.offer": ("供给", "Offer"),
    "feeds.post.need": ("需求", "Need"),
    "feeds.post.ad": ("广告", "Ad"),
    "feeds.wechat": ("微信:{id}", "WeChat: {id}"),
    "feeds.qr-title": ("扫码保存 {name} 的名片", "Scan to save {name}'s contact card"),
    "feeds.dues.paid": ("已缴", "paid"),
    "feeds.dues.due": ("待缴", "due"),
    "feeds.dues.overdue": ("逾期", "overdue"),
    "feeds.dues.none": ("不适用", "n/a"),
    "feeds.yes": ("是", "yes"),
    "feeds.no": ("否", "no"),
})


def lang(com: Any) -> str:
    return str(com.charter.language)


def text(com: Any, key: str, **args: Any) -> str:
    """A catalogue message in the charter's language."""
    return messages.render(key, lang(com), args)
