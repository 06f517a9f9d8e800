"""The published site: generate plain Markdown + YAML front matter pages from a community.

Stages, one module each:

* ``context``  — what every page needs: the community, the edition, the language, URLs and
  the Jinja environment (autoescape on: every value from YAML is escaped where it lands);
* ``safe``     — free text (bios, descriptions) → sanitized HTML, labels for Mermaid, SVG
  vetting, JSON for ``<script type="application/ld+json">``;
* ``timeline`` — events on the calendar: occurrences of recurring events, Beijing-time days;
* ``index``    — cross-references computed once (who sponsored whom, who owns what, tags),
  holding only what the edition may show; ``i18n`` — the UI strings in Chinese and English;
* ``pages_*``  — one function per page family, each writing Markdown files through
  ``context.Site.page``;
* ``jieba_dict`` — the search segmentation dictionary (names, organisations, tags, cities);
* ``generate`` — runs all of the above into a docs directory;
* ``engine``   — MkDocs configuration and the atomic build (MkDocs runs in a child process);
  ``hooks`` is what mkdocs.yml loads (plain ``mkdocs build``/``serve``, escaped titles, the
  compact search index, the search-worker fix).

Every visibility decision goes through :mod:`generator.editions`.
"""
