"""MkDocs as the engine: configure it for one generated edition and build atomically.

Two ways in, one configuration:

* ``python -m generator build`` checks, generates the docs (or takes them from the build
  cache when nothing they are made from changed: :mod:`.cache`), has MkDocs (strict, in this
  process: :func:`run_mkdocs` registers the docs in :data:`PREPARED` for the hook; its page
  loop on every core, :mod:`.parallel`) build them into a temporary directory next to the
  output and swaps the finished site in — a failed build leaves the previous output
  untouched;
* plain ``mkdocs build`` / ``mkdocs serve`` load ``generator/build/hooks.py`` from
  ``mkdocs.yml``; its ``on_config`` finds nothing prepared, so it checks and generates into
  ``.courtyard/docs-<edition>/`` (gitignored, plain Markdown you can read or feed to another
  engine) and points ``docs_dir`` there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator.build import cache
from generator.build.layout import MARKER as EDITION_MARKER
from generator.data.community import Community
from generator.data.editions import EDITIONS, Edition
from generator.i18n import site as site_text
from generator.pages.generate import Generated, generate
from generator.problems import report_text

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO / "mkdocs.yml"
DEFAULT_OUT = {"public": "site", "members": "site-members"}
STATE_DIR = ".courtyard"

PREPARED: dict[str, Generated] = {}
"""Generated docs directories (absolute path → what was generated), for the hook."""


class BuildError(Exception):
    """The data has errors, or the engine failed: nothing was published. ``config`` marks
    an unusable charter or setup (exit status 2) rather than bad data (1)."""

    def __init__(self, message: str, config: bool = False) -> None:
        super().__init__(message)
        self.config = config


def config_file(root: str) -> Path:
    """The community's own mkdocs.yml when it has one, else Courtyard's."""
    own = Path(root) / "mkdocs.yml"
    return own if own.is_file() else DEFAULT_CONFIG


def source_date_epoch(today: dt.date) -> int:
    """Midnight UTC of ``today``: MkDocs writes this date (in UTC) into the sitemap and the
    gzip header of sitemap.xml.gz, so two builds of the same data are identical and the
    sitemap says ``today``."""
    return int(dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC).timestamp())


def pin_build_date(com: Community) -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch(com.today)))


# --------------------------------------------------------------------------- configuration


def _search_plugin(config: Any) -> Any:
    for name, plugin in config.plugins.items():
        if name.endswith("search"):
            return plugin
    return None


def configure(config: Any, gen: Generated) -> Any:
    """Point an MkDocs configuration at one generated edition. Strings that Material prints
    unescaped (its Jinja has autoescape off) are handed over already escaped."""
    config.docs_dir = gen.docs_dir
    config.site_name = Markup(escape(gen.site_name))
    config.site_description = Markup(escape(gen.site_description)) or None
    if gen.edition == "public":
        config.site_url = gen.site_url
    config.nav = gen.nav
    config.theme["language"] = "zh" if gen.lang == "zh" else "en"
    config.extra["courtyard"] = {"edition": gen.edition, "lang": gen.lang,
                                 "url": gen.share_url, "notfound": notfound_text(gen.lang)}
    search = _search_plugin(config)
    if search is not None:
        search.config.jieba_dict_user = gen.jieba_dict
        if gen.lang != "zh":
            search.config.lang = None  # let Material take it from theme.language
    return config


def notfound_text(lang: str) -> dict[str, str]:
    """The 404 page's words in the charter's language (overrides/404.html)."""
    return {"title": str(site_text.t(lang, "notfound.title")),
            "body": str(site_text.t(lang, "notfound.body")),
            "home": str(site_text.t(lang, "notfound.home"))}


def write_edition_marker(site_dir: str, edition: str) -> None:
    """The edition marker at the site's root (the deploy paths' contract: they publish only
    ``public`` and ``members-encrypted`` and never upload the marker itself)."""
    with open(os.path.join(site_dir, EDITION_MARKER), "w", encoding="utf-8",
              newline="\n") as fh:
        fh.write(edition + "\n")


# --------------------------------------------------------------------------- hook path


def _sync(src: str, dest: str) -> None:
    """Make ``dest`` hold exactly ``src``'s files, touching only what changed (so a live
    preview watching ``dest`` does not rebuild forever)."""
    wanted = set()
    for dirpath, _dirs, files in os.walk(src):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            wanted.add(rel)
            target = os.path.join(dest, rel)
            with open(os.path.join(src, rel), "rb") as fh:
                data = fh.read()
            try:
                with open(target, "rb") as fh:
                    if fh.read() == data:
                        continue
            except OSError:
                pass
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
    for dirpath, _dirs, files in os.walk(dest, topdown=False):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), dest)
            if rel not in wanted:
                os.remove(os.path.join(dirpath, name))
        if dirpath != dest and not os.listdir(dirpath):
            os.rmdir(dirpath)


def env_today() -> dt.date | None:
    """COURTYARD_TODAY (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else None (the real date)."""
    text = os.environ.get("COURTYARD_TODAY")
    if text:
        return dt.date.fromisoformat(text)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return None


def env_edition() -> Edition:
    value = os.environ.get("COURTYARD_AUDIENCE", "public")
    for e in EDITIONS:
        if e == value:
            return e
    raise BuildError(f"COURTYARD_AUDIENCE must be one of {', '.join(EDITIONS)}, got {value!r}",
                     config=True)


def checked(root: str, today: dt.date | None,
            on_files: Callable[[int, int], None] | None = None) -> Community:
    """The community when it has no errors; BuildError with the text report otherwise."""
    from generator.checks import load_and_check
    from generator.data.community import ConfigError
    try:
        com, problems = load_and_check(root, today, on_files)
    except ConfigError as exc:
        out = io.StringIO()
        report_text(exc.problems, "en", None, out)
        raise BuildError(out.getvalue(), config=True) from None
    if any(p.severity == "error" for p in problems):
        out = io.StringIO()
        report_text(problems, com.charter.language, com.charter, out)
        raise BuildError(out.getvalue())
    com.forget_positions()  # no problem left to place: room for the pages
    return com


def edition_warnings(com: Community, edition: str) -> list[str]:
    """What the builder should know before publishing this edition (printed, not fatal)."""
    if edition == "members" and not com.charter.site.members_url:
        return [("site.members_url is not set in content/charter.yml: the members edition's "
                "feed, calendar and JSON links point at the public site "
                f"({com.charter.site.url}), and readers cannot subscribe to the members "
                "calendar. Set it to the members site's address.")]
    return []


def generate_for_hook(config: Any) -> Generated:
    """What ``mkdocs build`` runs: check, generate into ``.courtyard/``, return the result."""
    base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    root = os.environ.get("COURTYARD_ROOT", base)
    edition = env_edition()
    com = checked(root, env_today())
    for warning in edition_warnings(com, edition):
        logging.getLogger("courtyard.build").warning("Courtyard: %s", warning)  # not strict
    pin_build_date(com)
    state = os.path.join(root, STATE_DIR)  # the club's own folder, even for serve --root
    stage = tempfile.mkdtemp(prefix=f"stage-{edition}-", dir=_ensure(state))
    try:
        dest = os.path.join(state, f"docs-{edition}")
        gen = generate(com, edition, os.path.join(stage, "docs"),
                       os.path.join(state, f"jieba-{edition}.txt"))
        os.makedirs(dest, exist_ok=True)
        _sync(gen.docs_dir, dest)
        gen.docs_dir = dest
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    if edition == "members" and os.path.abspath(config.site_dir) == os.path.join(base, "site"):
        config.site_dir = os.path.join(base, DEFAULT_OUT["members"])  # never over the public
    return gen


def _ensure(path: str) -> str:
    os.makedirs(path, exist_ok=True)
    return path


# --------------------------------------------------------------------------- build command


def run_mkdocs(gen: Generated, site_dir: str, cfg: Path) -> None:
    """MkDocs (strict) in this process, for a generated edition registered in PREPARED
    (where the hook's ``on_config`` finds it), its page loop on every core
    (:func:`generator.build.parallel.build`; MkDocs' own build on one). Raises MkDocs' own
    exceptions (``Abort`` when a strict warning or an error stopped it)."""
    import jieba  # type: ignore[import-untyped]
    from mkdocs.config import load_config

    from generator.build.parallel import build

    jieba.setLogLevel(logging.WARNING)  # the search plugin's jieba: no "Building prefix dict"
    PREPARED[os.path.abspath(gen.docs_dir)] = gen
    try:
        config = load_config(config_file=str(cfg), docs_dir=gen.docs_dir, site_dir=site_dir,
                             strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        PREPARED.pop(os.path.abspath(gen.docs_dir), None)


@contextlib.contextmanager
def mkdocs_warnings_on_stderr() -> Iterator[None]:
    """While building, MkDocs' warnings and errors are printed on stderr as ``mkdocs build``
    prints them (``WARNING -  message``)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    try:
        yield
    finally:
        log.removeHandler(handler)


class SiteBuild:
    """One atomic build of a site into ``out``: the site is built in a temporary directory
    beside ``out``, which replaces ``out`` only when MkDocs succeeded. :meth:`docs` takes
    the docs from the build cache when nothing they are made from changed since the last
    build (:func:`generator.build.cache.generated_docs`), else generates them (in the
    cache's folder, kept there for the next build); :meth:`publish` runs MkDocs and swaps
    the site in. Between the two the caller may let the community go: MkDocs does not need
    it, and on one core it is a third of the build's peak memory."""

    def __init__(self, out: str) -> None:
        self.out = os.path.abspath(out)
        self._stack = contextlib.ExitStack()
        self._docs: cache.GeneratedDocs | None = None

    def __enter__(self) -> SiteBuild:
        parent = _ensure(os.path.dirname(self.out))
        self.work = tempfile.mkdtemp(prefix=f".{os.path.basename(self.out)}.building-",
                                     dir=parent)
        self._stack.callback(shutil.rmtree, self.work, ignore_errors=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def docs(self, com: Community, edition: Edition) -> Generated:
        self._docs = self._stack.enter_context(cache.generated_docs(com, edition))
        gen = self._docs.generated
        if gen is None:
            gen = generate(com, edition, self._docs.docs_dir, self._docs.jieba_path)
        return gen

    def publish(self, gen: Generated, cfg: Path) -> None:
        from mkdocs.exceptions import MkDocsException

        assert self._docs is not None, "docs() first"
        site_dir = os.path.join(self.work, "site")
        try:
            with mkdocs_warnings_on_stderr():
                run_mkdocs(gen, site_dir, cfg)
        except MkDocsException as exc:
            raise BuildError(f"MkDocs: {exc}\nMkDocs failed (see the warnings above)"
                             ) from None
        self._docs.keep(gen)
        if os.path.exists(self.out):
            os.rename(self.out, os.path.join(self.work, "previous"))
        os.rename(site_dir, self.out)
