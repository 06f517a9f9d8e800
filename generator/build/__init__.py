"""Build: MkDocs as the engine for the generated pages.

* ``engine``  — configure MkDocs for one generated edition and build atomically (a failed
  build leaves the previous site untouched);
* ``hooks``   — what ``mkdocs.yml`` loads, so plain ``mkdocs build`` / ``serve`` work too
  (escaped titles, the compact search index, the search-worker fix);
* ``cache``   — outputs kept between builds by the hash of their inputs (QR codes, vCards,
  compiled templates, the generated docs): same input, same output, the work skipped;
* ``parallel`` — MkDocs' page loop over every core (the one speed device kept that uses
  MkDocs' private API; its measured gain and its guard are in its docstring).
"""
