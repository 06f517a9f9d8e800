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

import os as _os
import sys as _sys

ENGINE_ENV = "COURTYARD_ENGINE"
"""``mkdocs`` (the default) or ``properdocs``: which engine ``python -m generator build`` and
``serve`` run. ProperDocs (1.6.x, the maintained continuation of MkDocs 1.x) aliases every
``mkdocs.*`` import to ``properdocs.*`` once :mod:`properdocs.replacement` is imported, so
Material, the hook and :mod:`generator.build.parallel` run on it unchanged; that must happen
before anything imports ``mkdocs``, hence here, where every build module is imported from.
Plain ``properdocs build -f mkdocs.yml`` / ``properdocs serve -f mkdocs.yml`` need nothing:
its command line does the same."""


def _choose_engine() -> None:
    """Alias ``mkdocs`` to ProperDocs when asked to; a wish that cannot be met is warned
    about (outside the ``mkdocs`` loggers: a strict build goes on) and MkDocs runs. Every
    command imports this package (``__main__`` reads the secret first): logging is imported
    only when there is something to warn about."""
    wanted = _os.environ.get(ENGINE_ENV, "").strip().lower() or "mkdocs"
    if wanted == "mkdocs":
        return
    import logging

    warn = logging.getLogger("courtyard.build").warning
    if wanted != "properdocs":
        warn("Courtyard: %s=%s is neither mkdocs nor properdocs; building with MkDocs",
             ENGINE_ENV, wanted)
        return
    loaded = _sys.modules.get("mkdocs")
    if loaded is not None and loaded.__name__ != "properdocs":
        warn("Courtyard: %s=properdocs, but MkDocs was imported first; building with MkDocs",
             ENGINE_ENV)
        return
    import importlib

    try:
        importlib.import_module("properdocs.replacement")  # the alias is its side effect
    except ModuleNotFoundError:
        warn("Courtyard: %s=properdocs, but ProperDocs is not installed (.venv/bin/pip "
             "install properdocs); building with MkDocs", ENGINE_ENV)


_choose_engine()
