"""The instances of an event's recurrence rule, found with bounded work for any rule.

dateutil looks for a rule's next instance period by period and compares UNTIL only with an
instance it has found, so a rule that never happens (``FREQ=DAILY;INTERVAL=7;BYDAY=TU`` from a
Wednesday) walks day by day to the year 9999: about a second for each such event, with or
without UNTIL. Here the days a rule's filters keep (BYMONTH, BYMONTHDAY, BYDAY with or without
an ordinal) are a string of bits, one a day. The Gregorian calendar repeats every 400 years
(146,097 days, a whole number of weeks), and so do the filters; INTERVAL's periods repeat every
INTERVAL days, weeks, months or years. A rule with no instance within the least common multiple
of the two has none ever, so the search covers at most that, and never goes past UNTIL or the
year 9999 (where dateutil stops too): a few milliseconds for any rule of the shape events may
have (``RRULE_PARTS``, refused otherwise by ``shape``).

The meaning of each part is dateutil's (its defaults from the start, BYDAY ordinals counted
within the month for MONTHLY and for YEARLY with BYMONTH, within the year otherwise, and
ignored for WEEKLY and DAILY; every filter must hold), checked against dateutil instance by
instance in tests/test_recurrence.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateutil import parser as date_parser

if TYPE_CHECKING:
    from collections.abc import Iterator

    from generator.i18n.keys import Key

RRULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RRULE_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_ORDINAL = 53  # RFC 5545: BYDAY=-53MO … 53MO
CYCLE_DAYS = 146_097  # 400 Gregorian years, 20,871 weeks
CYCLE_MONTHS = 4_800
CYCLE_YEARS = 400
LAST_DAY = dt.date(9999, 12, 31)  # dateutil's end of time, and Python's
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parts(text: str) -> dict[str, str]:
    """The rule's ``NAME=value`` parts, names upper-cased (the last of a repeated one wins,
    as in dateutil)."""
    out: dict[str, str] = {}
    for piece in text.upper().removeprefix("RRULE:").split(";"):
        name, _, value = piece.partition("=")
        out[name.strip()] = value.strip()
    return out


def shape(text: str) -> tuple[Key, str] | None:
    """Why a rule is not one a club's event can have, as (message key, the part), or None.
    Only the parts listed in RRULE_PARTS are accepted, FREQ at most DAILY, INTERVAL at least 1,
    BYDAY ordinals within RFC 5545's ±53, and BYMONTHDAY must fit one of the BYMONTH months
    (no 30 February)."""
    found = parts(text)
    for name in found:
        if name not in RRULE_PARTS:
            return "event.rrule-part", name
    if found.get("FREQ") not in RRULE_FREQS:
        return "event.rrule-freq", found.get("FREQ", "")
    try:
        days = [int(v) for v in found["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in found else []
        months = [int(v) for v in found["BYMONTH"].split(",")] if "BYMONTH" in found else []
        if int(found.get("INTERVAL", "1")) < 1:
            return "event.rrule-range", "INTERVAL"
        if any(abs(n) > MAX_ORDINAL for _, n in _weekdays(found.get("BYDAY", ""))):
            return "event.rrule-range", "BYDAY"
    except (ValueError, KeyError):
        return None  # dateutil says what is wrong with the value
    longest = max((_MONTH_DAYS[m - 1] for m in months if 1 <= m <= 12), default=31)
    if days and all(abs(d) > longest or d == 0 for d in days):
        return "event.rrule-never-day", found["BYMONTHDAY"]
    return None


def _weekdays(value: str) -> list[tuple[int, int]]:
    """BYDAY as dateutil reads it: (weekday, ordinal or 0), from ``+1MO`` or ``MO(+1)``."""
    out: list[tuple[int, int]] = []
    if not value:
        return out
    for item in value.split(","):
        if "(" in item:
            name, _, rest = item.partition("(")
            n = int(rest[:-1])
        else:
            i = next((i for i, c in enumerate(item) if c not in "+-0123456789"), len(item))
            name, n = item[i:], int(item[:i]) if item[:i] else 0
        out.append((WEEKDAYS.index(name), n))
    return out


@dataclass(frozen=True)
class Rule:
    """A rule of the accepted shape, with dateutil's defaults from its start applied."""

    freq: str
    interval: int
    count: int | None
    until: dt.datetime | None
    months: frozenset[int]
    monthdays: frozenset[int]
    weekdays: frozenset[int]
    nth: frozenset[tuple[int, int]]
    wkst: int


def read(text: str, start: dt.datetime) -> Rule | None:
    """The rule, or None when it is not of the accepted shape or a value can't be read."""
    if shape(text) is not None:
        return None
    p = parts(text)
    freq = p["FREQ"]
    try:
        months = {int(v) for v in p["BYMONTH"].split(",")} if "BYMONTH" in p else set()
        monthdays = ({int(v) for v in p["BYMONTHDAY"].split(",")} - {0}
                     if "BYMONTHDAY" in p else set())
        byday = _weekdays(p["BYDAY"]) if "BYDAY" in p else []
        until = date_parser.parse(p["UNTIL"]) if "UNTIL" in p else None
        interval = int(p.get("INTERVAL", "1"))
        count = int(p["COUNT"]) if "COUNT" in p else None
        wkst = WEEKDAYS.index(p["WKST"]) if "WKST" in p else 0
    except (ValueError, KeyError, OverflowError):
        return None
    weekdays = {w for w, n in byday if n == 0 or freq in ("WEEKLY", "DAILY")}
    nth = {(w, n) for w, n in byday if n != 0 and freq in ("MONTHLY", "YEARLY")}
    if "BYMONTHDAY" not in p and "BYDAY" not in p:  # dateutil's defaults from the start
        if freq == "YEARLY":
            months = months or {start.month}
            monthdays = {start.day}
        elif freq == "MONTHLY":
            monthdays = {start.day}
        elif freq == "WEEKLY":
            weekdays = {start.weekday()}
    return Rule(freq, interval, count, until, frozenset(months), frozenset(monthdays),
                frozenset(weekdays), frozenset(nth), wkst)


def instances(rule: Rule, start: dt.datetime, last: dt.date, limit: int) -> list[dt.datetime]:
    """The first ``limit`` instances (at most COUNT) on or before ``last``, as dateutil gives
    them from ``start``: the start's wall-clock time and time zone on each day."""
    start = start.replace(microsecond=0)
    first = start.date()
    end = min(last, LAST_DAY, _until_day(rule, start))
    if end < first or rule.count == 0 or limit <= 0:
        return []
    length = (end - first).days + 1
    wanted = limit if rule.count is None else min(limit, rule.count)
    cycle = _cycle_days(rule)
    found: list[int] = []
    for span in sorted({min(8192, length), min(131072, length), min(cycle, length), length}):
        found = _offsets(rule, first, span, wanted)  # a short look first: most rules are
        if len(found) >= wanted or (not found and span >= cycle):  # dense; none in a whole
            break  # cycle of calendar and INTERVAL: never
    return [dt.datetime.combine(first + dt.timedelta(days=j), start.time(), tzinfo=start.tzinfo)
            for j in found]


def _until_day(rule: Rule, start: dt.datetime) -> dt.date:
    """The last day whose instance is not after UNTIL (dateutil compares date-times)."""
    if rule.until is None:
        return LAST_DAY
    try:
        until = rule.until
        if until.tzinfo is not None and start.tzinfo is not None:
            until = until.astimezone(start.tzinfo)
        day = until.date()
        while dt.datetime.combine(day, start.time(), tzinfo=start.tzinfo) > rule.until:
            day -= dt.timedelta(days=1)
    except (OverflowError, TypeError):
        return dt.date.min
    return day


def _cycle_days(rule: Rule) -> int:
    """Days after which the rule's pattern of days repeats: the 400-year calendar cycle and
    INTERVAL's periods together."""
    k = rule.interval
    if rule.freq == "DAILY":
        return math.lcm(CYCLE_DAYS, k)
    if rule.freq == "WEEKLY":
        return math.lcm(CYCLE_DAYS, 7 * k)
    base = CYCLE_MONTHS if rule.freq == "MONTHLY" else CYCLE_YEARS
    return CYCLE_DAYS * (math.lcm(base, k) // base)


def _offsets(rule: Rule, first: dt.date, length: int, wanted: int) -> list[int]:
    """The first ``wanted`` instances among the ``length`` days from ``first``, as day
    offsets. The days the filters keep are one byte each (1 or 0); INTERVAL's days are picked
    out of them by slicing with a step (DAILY, WEEKLY) or period by period (MONTHLY, YEARLY),
    so no day is visited in Python."""
    kept = _kept(rule, first, length)
    k = rule.interval
    out: list[int] = []
    if rule.freq == "WEEKLY" or (rule.freq == "DAILY" and k > 1):
        width = 1 if rule.freq == "DAILY" else 7
        skip = (first.weekday() - rule.wkst) % 7 if rule.freq == "WEEKLY" else 0
        padded = b"\x00" * skip + kept  # from the start of the first period
        step = width * k
        periods = len(padded) // step + 1
        flags = bytearray(width * periods)
        for d in range(width):  # flags[n * width + d]: day d of the n-th period
            column = padded[d::step]
            flags[d::width] = column + b"\x00" * (periods - len(column))
        j = flags.find(1)
        while j >= 0 and len(out) < wanted:
            out.append(j // width * step + j % width - skip)
            j = flags.find(1, j + 1)
        return out
    for lo, hi in _periods(rule, first, length):
        j = kept.find(1, lo, hi)
        while j >= 0 and len(out) < wanted:
            out.append(j)
            j = kept.find(1, j + 1, hi)
        if len(out) >= wanted:
            break
    return out


def _kept(rule: Rule, first: dt.date, length: int) -> bytes:
    """The days the filters keep, built for one 400-year cycle and repeated."""
    span = min(length, CYCLE_DAYS)
    offset = (first - dt.date(first.year, 1, 1)).days
    pieces: list[bytes] = []
    total, year = 0, first.year
    while total < offset + span:
        pieces.append(_year(rule, calendar.isleap(year), dt.date(year, 1, 1).weekday()))
        total += len(pieces[-1])
        year += 1
    cycle = b"".join(pieces)[offset:offset + span]
    return cycle if length <= span else (cycle * (length // span + 1))[:length]


@functools.lru_cache(maxsize=1024)
def _year(rule: Rule, leap: bool, weekday: int) -> bytes:
    """The days of a year (leap or not, starting on ``weekday``) the rule's filters keep."""
    year_len = 365 + leap
    by_year = rule.freq == "YEARLY" and not rule.months  # BYDAY ordinals count in the year
    out = bytearray()
    yday = 0
    for month in range(1, 13):
        month_len = (29 if leap else 28) if month == 2 else _MONTH_DAYS[month - 1]
        for day in range(1, month_len + 1):
            w = (weekday + yday) % 7
            yday += 1
            ok = ((not rule.months or month in rule.months)
                  and (not rule.weekdays or w in rule.weekdays)
                  and (not rule.monthdays or day in rule.monthdays
                       or day - month_len - 1 in rule.monthdays))
            if ok and rule.nth:
                pos, size = (yday, year_len) if by_year else (day, month_len)
                ok = ((w, (pos - 1) // 7 + 1) in rule.nth
                      or (w, -((size - pos) // 7 + 1)) in rule.nth)
            out.append(ok)
    return bytes(out)


def _periods(rule: Rule, first: dt.date, length: int) -> Iterator[tuple[int, int]]:
    """The day ranges [lo, hi) of the MONTHLY or YEARLY periods the rule visits (every
    INTERVAL-th month or year from the first's) within ``length`` days from ``first``."""
    if rule.interval == 1:
        yield 0, length
        return
    months = 1 if rule.freq == "MONTHLY" else 12
    month = first.year * 12 + (first.month - 1 if months == 1 else 0)
    base = first.toordinal()
    while month // 12 <= LAST_DAY.year:
        lo = _month_start(month) - base
        if lo >= length:
            return
        yield max(lo, 0), min(_month_start(month + months) - base, length)
        month += rule.interval * months


def _month_start(month: int) -> int:
    """The ordinal of the first day of ``month`` (months since the year 0, January 0)."""
    cycles, index = divmod(month - 2000 * 12, CYCLE_MONTHS)
    return _ORIGIN + cycles * CYCLE_DAYS + _cycle_months()[index]


_ORIGIN = dt.date(2000, 1, 1).toordinal()


@functools.cache
def _cycle_months() -> tuple[int, ...]:
    """Days from 2000-01-01 to the start of each month of a 400-year cycle (and the next)."""
    out, total = [0], 0
    for month in range(CYCLE_MONTHS):
        total += calendar.monthrange(2000 + month // 12, month % 12 + 1)[1]
        out.append(total)
    return tuple(out)
