"""Collaboration matching (需求对接) and engagement, computed from the data alone.

The inner circle exists to route collaboration requests to the members who can serve them
("对接需求、分配需求", "内部协作需求消化机制"); the author also never found how to raise activity.
This package answers both from the YAML files:

* ``matching(com, edition)`` — for every open need, the best offers, media resources, members
  (and, in the members edition, client-library entries), each with its reasons in plain words;
* ``engagement`` — each member's activity per year and the community's totals;
* ``report`` — the admin report's sections (stale needs, new matches, inactive members);
* ``pages`` — the data the site renders (see generator/render/matching_pages.py).

Every visibility decision goes through generator.editions.
"""

from __future__ import annotations

from .cache import clear_cache
from .match import Matching, compute, matching
from .score import THRESHOLD, Match

__all__ = ["THRESHOLD", "Match", "Matching", "clear_cache", "compute", "matching"]
