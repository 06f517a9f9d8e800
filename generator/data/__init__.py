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


def _no_pydantic_plugins() -> None:
    """Pydantic looks for plugins (``importlib.metadata`` entry points) when it builds its
    first model: the import alone pulls in zipfile, shutil, bz2, lzma, csv and the email
    package, a fifth of what ``check`` imported before it read a file. The generator uses no
    pydantic plugin, so the loader pydantic imports (``pydantic.plugin._loader``, whose
    one name it uses is ``get_plugins``) answers "none" without that search. A renamed
    function fails every model build at once, loudly (tests/test_startup.py)."""
    import sys
    import types

    if "pydantic.plugin._loader" not in sys.modules:
        loader = types.ModuleType("pydantic.plugin._loader", _no_pydantic_plugins.__doc__)
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules["pydantic.plugin._loader"] = loader


_no_pydantic_plugins()
