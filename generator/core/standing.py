"""A person's standing on a date, from their status fields and the dues ledger.

- ``candidate``: proposed, not yet admitted;
- ``suspended``: suspended (暂停) — dues still accrue (:mod:`generator.core.ledger`): from
  ``suspended`` on, and within each ended suspension of the history (``suspensions``: from
  its start up to the day before its end);
- ``alumni`` / ``expelled``: left (``left`` on or before the date; before it they were active);
- ``lapsed``: active in the inner circle with a year of dues past the grace period (C2.lapsed);
- ``active``: everyone else with status ``active`` (the outer court owes no dues).

*In good standing* (:func:`in_good_standing`) is an active inner-circle member without a lapsed
year: who gets an access code to the members edition, who may sign up for members' events.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from generator.core.ledger import inner_since, lapsed_years

if TYPE_CHECKING:
    from generator.data.charter_models import Charter
    from generator.data.models import Member

Standing = Literal["active", "candidate", "suspended", "lapsed", "alumni", "expelled"]


def standing_on(charter: Charter, m: Member, today: dt.date) -> Standing:
    """``m``'s standing on ``today`` (see the module's docstring)."""
    if m.status in ("alumni", "expelled") and (m.left is None or m.left <= today):
        return "alumni" if m.status == "alumni" else "expelled"
    if m.status == "candidate":
        return "candidate"
    if m.status == "suspended" and (m.suspended is None or m.suspended <= today):
        return "suspended"
    if any(s.start <= today < s.end for s in m.suspensions):  # an earlier, ended suspension
        return "suspended"
    if m.circle == "inner" and lapsed_years(charter, m, today):
        return "lapsed"
    return "active"


def in_good_standing(charter: Charter, m: Member, today: dt.date) -> bool:
    """An active inner-circle member (status ``active``) with no year of dues lapsed past
    the charter's grace period: any other status — candidate, suspended, alumni, expelled —
    is not."""
    return (m.status == "active" and m.circle == "inner"
            and not lapsed_years(charter, m, today))


def admissions(members: Iterable[Member]) -> dict[int, list[Member]]:
    """Inner-circle admissions by year (C5): non-founders counted in the year they joined the
    inner circle (joining or promotion), alumni and expelled members included, candidates
    not (yet)."""
    by_year: dict[int, list[Member]] = defaultdict(list)
    for m in members:
        if m.circle == "inner" and not m.founder and m.status != "candidate":
            by_year[inner_since(m).year].append(m)
    return by_year


def settled_on(charter: Charter, m: Member) -> dt.date:
    """The first day R4 (attend, share) asks anything of a member: the charter's grace period
    (``dues.grace_days``, the newcomer's first weeks as for the first dues) after joining the
    inner circle — after promotion for someone promoted from the outer court."""
    return inner_since(m) + dt.timedelta(days=charter.dues.grace_days)
