"""Pages: everything that writes Markdown + front matter for MkDocs (templates beside).

* ``context``  — what every page needs: the community, the edition, the language, URLs and
  the Jinja environment (autoescape on: every value from YAML is escaped where it lands);
* ``safe``     — free text (bios, descriptions) → sanitized HTML, labels for Mermaid, SVG
  vetting, JSON for ``<script type="application/ld+json">``;
* ``timeline`` — events on the calendar: occurrences of recurring events, Beijing-time days;
* ``index``    — cross-references computed once (who sponsored whom, who owns what, tags),
  holding only what the edition may show;
* ``people``, ``events``, ``resources``, ``charter``, ``matching`` — one function per page
  family, each writing Markdown files through ``context.Site.page``; ``charts`` and
  ``exports`` put the figures (:mod:`generator.charts`) and the export files
  (:mod:`generator.exports`) into the docs;
* ``jieba_dict`` — the search segmentation dictionary (names, organisations, tags, cities);
* ``generate`` — runs all of the above into a docs directory.

Every visibility decision goes through :mod:`generator.data.editions`.
"""
