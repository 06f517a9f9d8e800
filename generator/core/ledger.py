"""The dues ledger (C2 每年都要缴纳会费): THE one answer to "what is due when".

For a member and each dues year — counted from entering the inner circle (joining, or
promotion from the outer court: :func:`inner_since`), calendar or anniversary years per the
charter's ``dues.year`` — :func:`ledger` gives a :class:`DuesYear`: when it falls due, how
much (the charter's dues), what was paid, the balance, the last payment and its notes, and its
state on ``today``:

- ``paid``: the payments of that year reach the charter's dues;
- ``partial``: something was paid, less than the dues (the balance is still owed);
- ``not-yet-due``: nothing paid, due more than :data:`DUE_SOON_DAYS` ahead;
- ``due-soon``: nothing paid, due today or within :data:`DUE_SOON_DAYS`;
- ``overdue``: nothing paid, past due but within the charter's ``grace_days``;
- ``lapsed``: nothing paid, more than ``grace_days`` past due (C2.lapsed).

Suspended members, alumni and expelled members (for the years up to leaving) have a ledger
too; which of them a rule or a report asks about is the caller's choice (``check``'s C2.lapsed
and ``report``'s dues sections ask about active inner-circle members). ``check``, ``report``,
``member dues``, access codes and the CSV all read it, so they cannot disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.data.models import Member

DuesState = Literal["paid", "partial", "not-yet-due", "due-soon", "overdue", "lapsed"]
UNPAID: tuple[DuesState, ...] = ("not-yet-due", "due-soon", "overdue", "lapsed")
DUE_SOON_DAYS = 30
"""A year falling due within this many days is ``due-soon`` (report: 会费即将到期)."""


@dataclass(frozen=True)
class DuesYear:
    """One member's dues for one year, as of ``today``."""
    year: int
    due: dt.date
    amount: float          # due: the charter's dues
    paid: float            # the total of that year's ledger entries
    balance: float         # still owed (0 when paid)
    last_paid: dt.date | None
    notes: tuple[str, ...]
    state: DuesState
    grace_end: dt.date     # the last day before the year counts as lapsed

    @property
    def unpaid(self) -> bool:
        """Nothing recorded for the year (a partial payment is recorded, though short)."""
        return self.state in UNPAID


def inner_since(m: Member) -> dt.date:
    """The day a member entered the inner circle: joining, or promotion from the outer court.
    The yearly intake (C5) and the dues (C2) count from here."""
    return m.promoted or m.joined


def dues_amount(charter: Charter) -> float:
    """What one year's dues amount to: the charter's ``dues.amount`` (every year the same; a
    first-year or per-year amount would change here, and only here)."""
    return float(charter.dues.amount)


def owes_dues(m: Member) -> bool:
    """Inner-circle members owe dues from :func:`inner_since`; candidates and the outer court
    don't (entries they have anyway are still listed by :func:`ledger`)."""
    return m.circle == "inner" and m.status != "candidate"


def dues_due_date(m: Member, year: int, years: str = "calendar") -> dt.date:
    """Dues for the first inner year are due on entering (joining or promotion); later years
    on 1 January, or with ``years="anniversary"`` (the charter's ``dues.year``) on the
    anniversary of entering (29 February: 28 February in other years)."""
    since = inner_since(m)
    if year == since.year:
        return since
    if years == "anniversary":
        day = 28 if (since.month, since.day) == (2, 29) and not calendar.isleap(year) \
            else since.day
        return dt.date(year, since.month, day)
    return dt.date(year, 1, 1)


def dues_years(m: Member, today: dt.date) -> range:
    """The inner-circle years up to this one (up to leaving for alumni and expelled)."""
    last = today.year if m.left is None else min(today.year, m.left.year)
    return range(inner_since(m).year, last + 1)


def _state(charter: Charter, due: dt.date, paid: float, entries: int,
           today: dt.date) -> DuesState:
    if entries:
        return "paid" if paid >= dues_amount(charter) else "partial"
    if due > today + dt.timedelta(days=DUE_SOON_DAYS):
        return "not-yet-due"
    if due >= today:
        return "due-soon"
    return "overdue" if today <= due + dt.timedelta(days=charter.dues.grace_days) else "lapsed"


def dues_year(charter: Charter, m: Member, year: int, today: dt.date) -> DuesYear:
    """The record of one year (see :func:`ledger`)."""
    entries = [d for d in m.dues if d.year == year]
    due = dues_due_date(m, year, charter.dues.year)
    paid = sum(d.amount for d in entries)
    amount = dues_amount(charter)
    return DuesYear(
        year=year, due=due, amount=amount, paid=paid, balance=max(amount - paid, 0.0),
        last_paid=max((d.paid for d in entries), default=None),
        notes=tuple(d.note for d in entries if d.note),
        state=_state(charter, due, paid, len(entries), today),
        grace_end=due + dt.timedelta(days=charter.dues.grace_days))


def ledger(charter: Charter, m: Member, today: dt.date) -> list[DuesYear]:
    """Every dues year of ``m`` on ``today``, oldest first: the inner-circle years that have
    fallen due or fall due within :data:`DUE_SOON_DAYS` (up to leaving), and every year the
    member's ledger has an entry for (advance payments, and entries a rule questions)."""
    years = {d.year for d in m.dues}
    if owes_dues(m):
        horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
        for year in dues_years(m, horizon):
            if dues_due_date(m, year, charter.dues.year) <= horizon:
                years.add(year)
    return [dues_year(charter, m, y, today) for y in sorted(years)]


def lapsed_years(charter: Charter, m: Member, today: dt.date) -> list[int]:
    """The years whose dues ``m`` has not paid although more than ``grace_days`` have passed
    since they fell due (C2.lapsed; no access code then)."""
    return [r.year for r in ledger(charter, m, today) if r.state == "lapsed"]


def next_dues_year(m: Member) -> int:
    """The year ``member dues`` records by default: the earliest year without a payment that
    has fallen due, else the next one to fall due (what ``report`` asks for). Years fall due
    in order, so this is the first inner-circle year without a ledger entry."""
    paid = {d.year for d in m.dues}
    year = inner_since(m).year
    while year in paid:
        year += 1
    return year


# --------------------------------------------------------------------------- the treasurer's book
# ``dues``, the ledger CSV, the admin page's ledger section and ``report`` read these, so
# their lines and totals are the same figures (issue 27 item 1).

Line = tuple["Member", DuesYear]


@dataclass(frozen=True)
class YearTotal:
    """One dues year over the book: what fell due, what was paid, what is still owed."""
    year: int
    due: float
    paid: float
    outstanding: float
    members: int


@dataclass(frozen=True)
class Receipts:
    """Cash received in one calendar year (by the payments' dates), whatever year it paid."""
    year: int
    amount: float
    payments: int


@dataclass(frozen=True)
class Debt:
    """What one member owes: the ledger's years with a balance, and their sum."""
    member: Member
    years: tuple[DuesYear, ...]

    @property
    def total(self) -> float:
        return sum(r.balance for r in self.years)


def book(charter: Charter, members: Iterable[Member], today: dt.date,
         year: int | None = None) -> list[Line]:
    """Every member's :func:`ledger` (suspended members, alumni and expelled members up to
    leaving included) as (member, year) lines by member id and year; ``year``: that dues
    year only."""
    return [(m, r) for m in sorted(members, key=lambda m: m.id)
            for r in ledger(charter, m, today) if year is None or r.year == year]


def owed(lines: Iterable[Line]) -> list[Debt]:
    """Who owes what: the lines with a balance (unpaid — due soon, overdue, lapsed — or
    partly paid), one :class:`Debt` per member in the book's order."""
    by_member: dict[str, list[DuesYear]] = {}
    who: dict[str, Member] = {}
    for m, r in lines:
        if r.balance > 0:
            by_member.setdefault(m.id, []).append(r)
            who[m.id] = m
    return [Debt(who[mid], tuple(rows)) for mid, rows in by_member.items()]


def year_totals(lines: Iterable[Line]) -> list[YearTotal]:
    """Due, paid and outstanding per dues year (the sums of the book's lines), oldest first."""
    acc: dict[int, list[float]] = {}
    for _m, r in lines:
        t = acc.setdefault(r.year, [0.0, 0.0, 0.0, 0])
        t[0] += r.amount
        t[1] += r.paid
        t[2] += r.balance
        t[3] += 1
    return [YearTotal(y, t[0], t[1], t[2], int(t[3])) for y, t in sorted(acc.items())]


def receipts(members: Iterable[Member], year: int | None = None) -> list[Receipts]:
    """Cash received per calendar year of the payment dates (every ledger entry of every
    member), oldest first; ``year``: that calendar year only."""
    acc: dict[int, list[float]] = {}
    for m in members:
        for d in m.dues:
            if year is None or d.paid.year == year:
                t = acc.setdefault(d.paid.year, [0.0, 0])
                t[0] += d.amount
                t[1] += 1
    return [Receipts(y, t[0], int(t[1])) for y, t in sorted(acc.items())]


def number(value: float) -> int | float:
    """An amount as JSON and CSV write it: 3000, not 3000.0 (1500.5 stays)."""
    return int(value) if float(value).is_integer() else value
