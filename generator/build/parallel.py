"""MkDocs' build with its page loop spread over the machine's cores — the one speed device
that reaches into another package's private API and is kept.

Why it stays (issue 12's rule: such a device stays only for a gain of at least 15 % at 1,000
members, measured on and off in one run): on the 2-core benchmark machine it takes a full
``python -m generator build`` (build cache warm) of 1,000 members from 5.85 s to 3.68 s
(**1.57×**, median over 7 interleaved pairs, 1.55–1.61) and of 10,000 members from 48.6 s
to 27.3 s (**1.76×**; before issue 12, with the other devices on: 1.39× and 1.28×). See
``benchmarks/README.md``, "Speed devices". MkDocs' page loop is most of a build's time, and
nothing else can take it off the critical path. On one core it does nothing (MkDocs' own
build runs), so the one-core figures there owe it nothing.

MkDocs converts and writes one page after another on one core; a community of 10,000
members has some 11,500 pages. This module repeats :func:`mkdocs.commands.build.build`
(mkdocs 1.6.1) step for step, except that the pages outside the navigation — one per member,
event, resource, post and tag, which nothing else on the site reads while it is built — are
shared out to forked processes, each of which reads, converts and writes its share:

* the parent does everything MkDocs does once (configuration, files, navigation, the pages
  *in* the navigation, sitemap, 404 page, ``on_post_build``), then joins the children in
  taking chunks of the other pages from a shared queue (static files are split evenly);
* each child inherits the prepared state by ``fork`` (nothing is pickled on the way in),
  sends back, per page, what the parent needs afterwards — the search index entries, the
  anchors for MkDocs' anchor validation, and every log record (so ``--strict`` counts the
  children's warnings too) — and ends with ``os._exit`` (a forked child must never run the
  parent's exit handlers or ``finally`` blocks);
* the parent puts the search entries back in MkDocs' page order, so the output is the same
  bytes as a serial build — ``tests/test_parallel_build.py`` compares the two.

What it depends on, and how a change is caught: MkDocs' private build steps
(``_populate_page``, ``_build_page``, ``_build_theme_template``, ``_build_extra_template``),
the order of the steps in ``build()``, and where Material's search plugin keeps its entries
(``search_index.entries``). :data:`VERIFIED` names the versions this module was checked
against and :data:`SOURCES` the SHA-256 of every function and file it mirrors;
``tests/test_parallel_build.py`` fails as soon as an installed version or source differs
(re-check this module against the new code, re-measure, then update both). At run time a
version other than :data:`VERIFIED` is not used silently either: a warning says so and
the engine's own build runs.

Two engines are recognised (issue 22): MkDocs 1.6.1 and ProperDocs 1.6.7, the maintained
continuation of MkDocs 1.x, which Courtyard runs when ``COURTYARD_ENGINE=properdocs`` (see
:mod:`generator.build`) or under ``properdocs build``. Behind ProperDocs' alias ``mkdocs``
*is* ``properdocs``, so the imports below give its build; :func:`engine` says which one it
is and :data:`VERIFIED` / :data:`SOURCES` hold what each was checked against. ProperDocs'
build steps are MkDocs' renamed and reformatted (their sources differ only so), so the same
code mirrors both.

It is used only when every plugin is one whose per-page state it knows how to collect
(Material's search and Courtyard's hook), with two or more usable cores, and where forking is
safe (no other thread running); else MkDocs' own :func:`~mkdocs.commands.build.build` runs.
``COURTYARD_JOBS=1`` forces that (the benchmark's "off" switch).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import logging
import os
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkbuild
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator.build.forks import Forked, jobs_wanted

log = logging.getLogger("mkdocs.commands.build")
warn = logging.getLogger("courtyard.build")  # not under "mkdocs": strict mode must not count it

VERIFIED = {
    "mkdocs": {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2"},
    "properdocs": {"properdocs": "1.6.7", "mkdocs-material": "9.8.2"},
}
"""Per engine (the module ``mkdocs`` really is: MkDocs, or ProperDocs behind its alias, see
:mod:`generator.build`), the versions this module was checked against."""

SOURCES = {
    "mkdocs": {
        "mkdocs.commands.build.build": "c476b64474acfaa2",
        "mkdocs.commands.build._populate_page": "31a70ea4caef1e12",
        "mkdocs.commands.build._build_page": "adcdbd14b2361126",
        "mkdocs.commands.build._build_theme_template": "628a78f6a129c8a0",
        "mkdocs.commands.build._build_extra_template": "ecfe1ffd8b50aee7",
        "material/plugins/search/plugin.py": "cc8a3ac0a8862662",
    },
    # ProperDocs 1.6.7's build.py is MkDocs 1.6.1's renamed and reformatted (checked with
    # `diff` after s/properdocs/mkdocs/), plus ``properdocs_version`` in the template context.
    "properdocs": {
        "mkdocs.commands.build.build": "9ef8add479b2679c",
        "mkdocs.commands.build._populate_page": "b3c436870881aa43",
        "mkdocs.commands.build._build_page": "a921d5be3f1bcca9",
        "mkdocs.commands.build._build_theme_template": "8f450ccd90a65f65",
        "mkdocs.commands.build._build_extra_template": "bb26e703c95ab267",
        "material/plugins/search/plugin.py": "cc8a3ac0a8862662",
    },
}
"""Per engine, SHA-256 (first 16 hex digits) of what this module mirrors or relies on, as
verified."""


def engine() -> str:
    """``mkdocs`` or ``properdocs``: what ``import mkdocs`` gives in this process."""
    import mkdocs

    return str(mkdocs.__name__)


KNOWN_PLUGINS = ("material/search", "search")
"""Plugins whose per-page state (the search index entries) :func:`build` collects."""

MIN_PAGES_PER_JOB = 50  # below this a fork costs more than it saves


def _search(config: Any) -> Any:
    for name in KNOWN_PLUGINS:
        if name in config.plugins:
            return config.plugins[name]
    return None


COURTYARD_HOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hooks.py")


def parallel_safe(config: Any) -> bool:
    """Every plugin is one whose per-page state this module collects: Material's search,
    and Courtyard's own hook module (it keeps none). Any other plugin or hook might."""
    base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    return all(name in KNOWN_PLUGINS or _same_file(os.path.join(base, name), COURTYARD_HOOK)
               for name in config.plugins)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@dataclass
class PageResult:
    """What the parent needs of a page built elsewhere."""

    entries: list[dict[str, Any]]
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # target src_uri → {anchor: url}


@dataclass
class ShareResult:
    pages: dict[str, PageResult] = field(default_factory=dict)
    records: list[tuple[str, int, str]] = field(default_factory=list)
    error: str | None = None


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.records.append((record.name, record.levelno, record.getMessage()))


def _entries(config: Any) -> list[dict[str, Any]] | None:
    search = _search(config)
    if search is None or not search.config.enabled:
        return None
    entries: list[dict[str, Any]] = search.search_index.entries
    return entries


CHUNK = 32  # pages claimed at a time: small enough to even out, large enough to be cheap


class Queue:
    """The pages outside the navigation in chunks of :data:`CHUNK`, claimed one chunk at a
    time by whichever process is free (a counter in memory shared across the fork): the
    processes finish together however the machine's speed or the pages' sizes vary."""

    def __init__(self, pages: list[File], shared: bool = True) -> None:
        """``shared``: across a fork (OSError where no shared memory can be had, e.g. no
        /dev/shm); else for this process alone."""
        import multiprocessing

        self.chunks = [pages[i:i + CHUNK] for i in range(0, len(pages), CHUNK)]
        self._next: Any = (multiprocessing.get_context("fork").Value("l", 0) if shared
                           else _Counter())

    def __iter__(self) -> Iterator[File]:
        while True:
            with self._next.get_lock():
                i = self._next.value
                self._next.value = i + 1
            if i >= len(self.chunks):
                return
            yield from self.chunks[i]


class _Counter:
    """A counter for one process, shaped like multiprocessing's shared one."""

    value = 0

    @contextlib.contextmanager
    def get_lock(self) -> Iterator[None]:
        yield


@contextlib.contextmanager
def _reading(page: Any, config: Any) -> Iterator[None]:
    """As MkDocs' ``_populate_page``: the page is current, and an error names it."""
    config._current_page = page
    try:
        yield
    except Exception as e:
        message = f"Error reading page '{page.file.src_uri}':"  # MkDocs' words
        if not isinstance(e, BuildError):
            message += f" {e}"
        log.error(message)
        raise
    finally:
        config._current_page = None


def _read_page(page: Any, config: Any, files: Files) -> None:
    """The first half of MkDocs' ``_populate_page``: read the source and its front matter
    (``on_pre_page``, ``on_page_markdown``)."""
    with _reading(page, config):
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page,
                                                        config=config, files=files)


def _convert_page(page: Any, config: Any, files: Files) -> None:
    """The second half: Markdown to HTML (``on_page_content``)."""
    with _reading(page, config):
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config,
                                                      files=files)


def _has_own_title(page: Any) -> bool:
    """The title comes from the nav (set on the page when it was made) or front matter, not
    from converting the Markdown."""
    return "title" in vars(page) or "title" in (page.meta or {})


def _build_share(pages: Iterable[File], static: list[File], populate: bool, config: Any,
                 files: Files, nav: Any, env: Any,
                 doc_files: list[File]) -> dict[str, PageResult]:
    """Copy the share's static files and build its pages (reading and converting each just
    before it is written, when ``populate``: nothing else needs a page outside the
    navigation, so only one is held at a time); return the pages' results, their search
    entries taken out of the plugin's list."""
    for file in static:
        file.copy_file()
    out: dict[str, PageResult] = {}
    entries = _entries(config)
    for file in pages:
        page = file.page
        assert page is not None
        if populate:
            mkbuild._populate_page(page, config, files)
        start = len(entries) if entries is not None else 0
        mkbuild._build_page(page, config, doc_files, nav, env)
        mine = entries[start:] if entries is not None else []
        if entries is not None:
            del entries[start:]
        links = None
        if page.links_to_anchors:
            links = {f.src_uri: dict(a) for f, a in page.links_to_anchors.items()}
        out[file.src_uri] = PageResult(mine, page.present_anchor_ids, links)
        if populate:  # written, and in no menu: free it
            page.content = page.markdown = None
    return out


def _child_share(queue: Queue, static: list[File], config: Any, files: Files, nav: Any,
                 env: Any, doc_files: list[File]) -> ShareResult:
    """What a forked child does: build pages from ``queue`` and copy ``static``, with
    MkDocs' log records captured (the parent logs them again, so ``--strict`` counts them),
    errors included."""
    result = ShareResult()
    capture = _Capture()
    mk = logging.getLogger("mkdocs")
    for handler in list(mk.handlers):
        mk.removeHandler(handler)
    mk.addHandler(capture)
    mk.propagate = False
    try:
        result.pages = _build_share(queue, static, True, config, files, nav, env, doc_files)
    except Exception as exc:  # noqa: BLE001 - reported by the parent, whatever it was
        result.error = (str(exc) if isinstance(exc, BuildError)
                        else "".join(traceback.format_exception(exc)))
    result.records = capture.records
    return result


def build(config: Any, jobs: int | None = None) -> None:
    """Build the site like ``mkdocs build`` (no dirty builds, no serve), using ``jobs``
    processes (default :func:`generator.build.forks.jobs_wanted`)."""
    jobs = jobs_wanted() if jobs is None else jobs
    if jobs < 2 or not parallel_safe(config):
        mkbuild.build(config)
        return
    changed = version_changes()
    if changed:
        warn.warning("Courtyard: %s changed since generator/build/parallel.py was checked "
                     "against it; building on one core with %s's own build",
                     ", ".join(changed), engine())
        mkbuild.build(config)
        return
    logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    try:
        start = time.monotonic()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        log.info("Cleaning site directory")
        utils.clean_directory(config.site_dir)
        log.info(f"Building documentation to directory: {config.site_dir}")
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
        in_nav = {id(p) for p in nav.pages}
        shared = [f for f in doc_files if id(f.page) in in_nav]
        rest = [f for f in doc_files if id(f.page) not in in_nav]
        static = [f for f in files if not f.is_documentation_page()
                  and f.inclusion.is_included()]
        jobs = max(1, min(jobs, len(rest) // MIN_PAGES_PER_JOB))
        # the pages in the navigation first: every page's menu shows their titles and meta.
        # Reading them is enough for that when each has its title from the nav or its
        # front matter (Courtyard's always do); converting them then waits for the fork.
        for file in shared:
            _read_page(file.page, config, files)
        titled = all(_has_own_title(f.page) for f in shared)
        if not titled:
            for file in shared:
                _convert_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        for template in config.theme.static_templates:
            mkbuild._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkbuild._build_extra_template(template, files, config, nav)
        try:
            queue = Queue(rest)
        except OSError:  # no shared memory here: the parent takes every chunk
            queue, jobs = Queue(rest, shared=False), 1
        children = [Forked(functools.partial(
            _child_share, queue, static[i::jobs], config, files, nav, env, doc_files))
            for i in range(1, jobs)]
        if titled:
            for file in shared:
                _convert_page(file.page, config, files)
        results = _build_share(shared, static[::jobs], False, config, files, nav, env,
                               doc_files)
        results.update(_build_share(queue, [], True, config, files, nav, env, doc_files))

        errors = []
        for forked in children:
            child: ShareResult = forked.result()
            for name, level, message in child.records:
                logging.getLogger(name).log(level, "%s", message)
            if child.error:
                errors.append(child.error)
            results.update(child.pages)
        if errors:
            raise Abort("Aborted: " + "\n".join(errors))

        by_uri = {f.src_uri: f for f in files}
        entries = _entries(config)
        for file in doc_files:
            got = results[file.src_uri]
            if entries is not None:
                entries.extend(got.entries)
            page = file.page
            page.present_anchor_ids = got.anchors
            page.links_to_anchors = None if got.links is None else {
                by_uri[uri]: anchors for uri, anchors in got.links.items()}
        log_level = config.validation.links.anchors
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=log_level)

        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds "
                 f"({jobs} processes)")
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(warning_counter)


# --------------------------------------------------------------------------- what it relies on


def version_changes() -> list[str]:
    """The packages whose installed version is not the one in :data:`VERIFIED` for the
    engine in use (an engine it was never checked against is a change too)."""
    import material  # type: ignore[import-untyped]
    import mkdocs

    name = engine()
    want = VERIFIED.get(name)
    if want is None:
        return [f"{name} {mkdocs.__version__} (never checked)"]
    found = {name: mkdocs.__version__, "mkdocs-material": material.__version__}
    return [f"{pkg} {found[pkg]} (checked: {version})" for pkg, version in want.items()
            if found[pkg] != version]


def fingerprints() -> dict[str, str]:
    """What :data:`SOURCES` records for the engine in use, computed from the installed
    packages."""
    import material

    out = {}
    for name in SOURCES["mkdocs"]:
        if name.endswith(".py"):
            path = os.path.join(os.path.dirname(os.path.dirname(material.__file__)), name)
            with open(path, "rb") as fh:
                data = fh.read()
        else:
            data = inspect.getsource(getattr(mkbuild, name.rsplit(".", 1)[1])).encode()
        out[name] = hashlib.sha256(data).hexdigest()[:16]
    return out
