"""Analysis: collaboration matching (需求对接) and engagement — numbers and lists, no HTML.

The inner circle exists to route collaboration requests to the members who can serve them
("对接需求、分配需求", "内部协作需求消化机制"); the author also never found how to raise activity.
This package answers both from the YAML files:

* ``matching(com, edition)`` — for every open need, the best offers, media resources, members
  (and, in the members edition, client-library entries), each with its reasons in plain words;
* ``engagement`` — each member's activity per year and the community's totals;
* ``report`` — what the admin report needs (stale needs, new matches, inactive members);
* ``shown`` — what the site shows, as plain data (rendered by generator/pages/matching.py).

Every visibility decision goes through generator.data.editions.
"""

from __future__ import annotations

from generator.analysis.cache import clear_cache
from generator.analysis.match import Matching, compute, matching
from generator.analysis.score import THRESHOLD, Match

__all__ = ["THRESHOLD", "Match", "Matching", "clear_cache", "compute", "matching"]
