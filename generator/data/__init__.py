"""Data: read the community from its files into typed records.

* ``load``      — safe YAML loading: every value remembers its file, line and column; bad
  bytes, duplicate keys, tags, aliases and deep nesting become problems, never crashes;
* ``models``    — typed records (pydantic) for every kind of data file;
* ``charter_models`` — the charter (``content/charter.yml``) and its parts;
* ``community`` — the whole community: charter + every data file → records + problems;
* ``parallel_load`` — many files parsed at once by forked workers, and how many may share;
* ``editions``  — what the ``public`` and ``members`` editions may show (every writer asks);
* ``schema``    — JSON Schema generated from the models (``python -m generator.data``);
* ``yamledit``  — change a few fields of a data file and leave every other line as it was.
"""
