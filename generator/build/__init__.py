"""Build: MkDocs as the engine for the generated pages.

* ``engine``  — configure MkDocs for one generated edition and build atomically (a failed
  build leaves the previous site untouched);
* ``hooks``   — what ``mkdocs.yml`` loads, so plain ``mkdocs build`` / ``serve`` work too
  (escaped titles, the compact search index, the search-worker fix).
"""
