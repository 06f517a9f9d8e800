"""Who may sign up for an occurrence of an event: the occurrence must be open (not cancelled,
the event not cancelled, not past) and the person's standing must fit the event's audience.

- a members-only event (``audience: members``): people in standing ``active`` (an inner-circle
  member in good standing, or an active member of the outer court);
- a public event: also candidates and members whose dues have lapsed;
- suspended, alumni and expelled members: no.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.core.standing import standing_on

if TYPE_CHECKING:
    from generator.core.occurrences import Happening
    from generator.data.charter_models import Charter
    from generator.data.models import Event, Member

PUBLIC_EVENT = frozenset({"active", "candidate", "lapsed"})
MEMBERS_EVENT = frozenset({"active"})


def occurrence_open(ev: Event, h: Happening, today: dt.date) -> bool:
    """Whether anyone may still sign up for ``h``: not cancelled, not over."""
    return ev.status != "cancelled" and not h.cancelled and h.date >= today


def may_sign_up(charter: Charter, m: Member, ev: Event, h: Happening, today: dt.date) -> bool:
    """Whether ``m`` may sign up for the occurrence ``h`` of ``ev`` on ``today``."""
    allowed = MEMBERS_EVENT if ev.audience == "members" else PUBLIC_EVENT
    return occurrence_open(ev, h, today) and standing_on(charter, m, today) in allowed
