"""What Lighthouse found on the public site (issue 16), kept fixed without running Lighthouse
(benchmarks/bench_lighthouse.py does that): the search dialog has a name, and our copy of
Material's search partial is Material's own but for that name."""

from __future__ import annotations

from pathlib import Path

import material
from conftest import REPO

OURS = REPO / "overrides" / "partials" / "search.html"
THEIRS = Path(material.__file__).parent / "templates" / "partials" / "search.html"
NAMED = ('<div class="md-search" data-md-component="search" role="dialog" '
         "aria-label=\"{{ lang.t('search') }}\">")


def test_our_search_partial_is_materials_with_a_dialog_name() -> None:
    ours = OURS.read_text(encoding="utf-8")
    theirs = THEIRS.read_text(encoding="utf-8")
    body = ours[ours.index("-#}\n") + 4:]
    unnamed = body.replace(NAMED, '<div class="md-search" data-md-component="search" '
                                  'role="dialog">')
    assert NAMED in body
    assert theirs.endswith(unnamed), "Material's search partial changed: re-copy it"


def test_built_pages_name_the_search_dialog(sample_sites: dict[str, Path]) -> None:
    html = (sample_sites["public"] / "index.html").read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="查找"' in html
