"""Shared helpers: build small fixture communities in tmp dirs and run `check` on them.

Rule fixtures are *overlays* on one tiny, clean community (``tests/fixtures/rules/_base``):
a case folder holds only the files it adds or replaces, so each fixture shows exactly what
makes it valid or invalid. Two small conventions keep the expectations next to the data:

* a line ending in ``# expect: C3.chain error`` (several: ``# expect: A error, B warning``)
  must produce exactly that problem (rule id and severity) in that file at that line;
* ``charter-patch.yml`` maps dotted charter keys to new values (``inner_circle.cap: 4``);
  the base charter's lines are edited in place, so line numbers stay put;
* ``expect.yml`` lists problems expected in base files (``{rule, severity, file, line}``),
  for the few cases whose problem lands in the charter.

How to run, mark and share (issue 22) — the suite runs on every core (``pytest -n auto``,
pytest-xdist) and has a fast tier (``pytest -m "not slow and not browser"``):

* **Mark** a test that builds a whole site (the CLI's ``build``, ``mkdocs build``, or a
  fixture that does) with ``@pytest.mark.slow`` (or ``pytestmark = pytest.mark.slow`` for a
  module); a test that drives Chromium with ``@pytest.mark.browser`` (everything under
  ``tests/browser/`` gets it automatically); a test that draws text with the CJK font
  (share cards, posters, a build whose output or stderr must show them) with
  ``@pytest.mark.cjk_font``. ``browser`` and ``cjk_font`` tests skip, naming the Debian
  package to install, where Chromium or a CJK font is missing (under ``CI`` a missing
  Chromium fails instead: CI must install it). Tests that use ``sample_sites`` or
  ``shared_build`` are marked ``slow`` automatically.
* **Get the sample's build** with the ``sample_sites`` fixture (``{"public": Path,
  "members": Path}``, built on :data:`SAMPLE_TODAY`), or any community's with
  ``shared_build(root, edition, today, *extra_args)``: each distinct build is made once per
  test run *across all xdist workers* (a file lock in the run's shared temp folder) and is
  read-only — copy it (``shutil.copytree``) before changing anything in it.
* **stderr**: never assert that a build printed nothing; assert
  ``machine_notes_removed(proc.stderr) == ""`` (the font warning is the machine's, not the
  code's).
* **Environment**: never assign ``os.environ[...]`` in a test; use ``monkeypatch.setenv`` or
  pass ``env=`` to the subprocess. :func:`run_cli` passes the environment on; a fixed git
  identity (``GIT_AUTHOR_*``/``GIT_COMMITTER_*``) is set for the whole run (and restored
  after it), so no test needs the machine's own ``user.name``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
BASE = RULE_FIXTURES / "_base"
TODAY = dt.date(2026, 2, 1)
"""The date every rule fixture is checked on: 2023–2025 are completed years."""

META_FILES = {"charter-patch.yml", "expect.yml"}
MARKER = re.compile(r"#\s*expect:\s*(.+?)\s*$")

Expected = tuple[str, str, str, int]  # (rule, severity, file, line)


def set_charter(root: Path, changes: dict[str, Any]) -> None:
    """Edit ``content/charter.yml`` line by line: ``{"inner_circle.cap": 4}`` rewrites the
    ``cap:`` line inside ``inner_circle:``. Values are written as YAML flow text."""
    path = root / "content" / "charter.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for dotted, value in changes.items():
        text = value if isinstance(value, str) else yaml.safe_dump(
            value, default_flow_style=True, allow_unicode=True).strip().removesuffix("...").strip()
        *parents, leaf = dotted.split(".")
        start, indent = 0, ""
        for parent in parents:
            start = next(i for i in range(start, len(lines))
                         if lines[i].startswith(f"{indent}{parent}:")) + 1
            indent += "  "
        for i in range(start, len(lines)):
            if lines[i].startswith(f"{indent}{leaf}:"):
                lines[i] = f"{indent}{leaf}: {text}"
                break
            if parents and lines[i].strip() and not lines[i].startswith(indent):
                raise KeyError(f"charter has no {dotted}")
        else:
            raise KeyError(f"charter has no {dotted}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_community(dest: Path, overlay: Path | None = None) -> Path:
    """Copy the base community to ``dest`` and lay ``overlay`` (a case folder) over it."""
    root = dest / "community"
    shutil.copytree(BASE, root)
    if overlay is not None:
        for src in sorted(overlay.rglob("*")):
            rel = src.relative_to(overlay)
            if src.is_dir() or rel.as_posix() in META_FILES:
                continue
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, root / rel)
        patch = overlay / "charter-patch.yml"
        if patch.exists():
            set_charter(root, yaml.safe_load(patch.read_text(encoding="utf-8")))
    return root


def expected_problems(overlay: Path) -> set[Expected]:
    """Problems a case promises: ``# expect:`` markers plus ``expect.yml``."""
    out: set[Expected] = set()
    for src in sorted(overlay.rglob("*.yml")):
        rel = src.relative_to(overlay).as_posix()
        if rel in META_FILES:
            continue
        for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), start=1):
            m = MARKER.search(line)
            if m:
                for item in m.group(1).split(","):
                    rule, severity = item.split()
                    out.add((rule, severity, rel, n))
    listed = overlay / "expect.yml"
    if listed.exists():
        for e in yaml.safe_load(listed.read_text(encoding="utf-8")):
            out.add((e["rule"], e["severity"], e["file"], int(e["line"])))
    return out


def found(problems: Iterable[Any]) -> set[Expected]:
    return {(p.rule, p.severity, p.file, p.line) for p in problems}


def run_cli(*args: str, cwd: Path = REPO,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m generator …`` in a subprocess, as a user or CI would run it (``env``: more
    variables for the subprocess only)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    env.pop("COURTYARD_BLESS", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600,
                          check=False)


def machine_notes_removed(stderr: str) -> str:
    """``stderr`` without what depends on the machine rather than the code: the warning that
    no CJK font was found (a fresh machine has none). Tests that want "nothing printed"
    compare this with ``""``."""
    from generator.pages import fonts

    return "".join(line for line in stderr.splitlines(keepends=True)
                   if not (fonts.ENV in line and fonts.INSTALL_HINT in line))


def standalone_club(dest: Path) -> Path:
    """A copy of the sample's data, pages and theme at ``dest`` with a ``mkdocs.yml`` whose
    hook is Courtyard's by absolute path: plain ``mkdocs``/``properdocs`` commands run there
    without touching the repository's own ``.courtyard/``."""
    for name in ("members", "resources", "content", "overrides"):
        shutil.copytree(REPO / name, dest / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  - generator/build/hooks.py", f"  - {REPO / 'generator' / 'build' / 'hooks.py'}"
    ).replace("  - generator/pages/templates\n", "")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


SAMPLE_TODAY = "2026-11-24"
"""The date the sample community's sites are built on in the tests."""


SharedBuild = Callable[..., Path]


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this test run shares: under pytest-xdist each worker's
    basetemp is ``<run>/popen-gwN``, so the run's folder is its parent."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` across processes (POSIX ``flock``; elsewhere none, and
    each worker builds its own copy under its own name)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """``shared_build(root, edition, today, *extra_args, env=None) -> Path``: the site
    ``python -m generator build --root ROOT --audience EDITION --today TODAY EXTRA_ARGS``
    makes (``env``: more variables for the build, e.g. ``{access.SECRET_ENV:
    MEMBERS_SECRET}`` with ``--encrypt``), built once per test run and shared by every xdist
    worker (read-only: copy before changing; :func:`shared_build_log` is what it printed).
    The key is the arguments and ``env``, plus the worker when no lock is to be had."""
    shared = _run_folder(tmp_path_factory) / "shared-builds"
    shared.mkdir(exist_ok=True)

    def build(root: Path, edition: str, today: str, *extra: str,
              env: dict[str, str] | None = None) -> Path:
        key = "\0".join([str(Path(root).resolve()), edition, today, *extra,
                         *(f"{k}={v}" for k, v in sorted((env or {}).items()))])
        try:
            import fcntl  # noqa: F401
        except ImportError:  # pragma: no cover - not POSIX: one copy per worker
            key += os.environ.get("PYTEST_XDIST_WORKER", "")
        name = f"{edition}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        out, done = shared / name / "site", shared / name / "done"
        (shared / name).mkdir(exist_ok=True)
        with _locked(shared / f"{name}.lock"):
            if not done.exists():
                shutil.rmtree(out, ignore_errors=True)  # a build that failed half-way
                proc = run_cli("build", "--root", str(root), "--audience", edition, "--out",
                               str(out), "--today", today, *extra, env=env)
                assert proc.returncode == 0, proc.stdout + proc.stderr
                done.write_text(proc.stdout + proc.stderr, encoding="utf-8")
        return out

    return build


def shared_build_log(site: Path) -> str:
    """What the build of ``site`` (a :func:`shared_build`) printed: stdout, then stderr."""
    return (site.parent / "done").read_text(encoding="utf-8")


MEMBERS_SECRET = "courtyard-tests-master-secret-7Qx2Lp9Vb4Nz6Rk8"
"""The master secret of the sample's encrypted members edition that the tests share
(``shared_build(REPO, "members", SAMPLE_TODAY, "--encrypt", env={access.SECRET_ENV:
MEMBERS_SECRET})``): fixed, so every xdist worker derives the same access codes."""


@pytest.fixture(scope="session")
def sample_sites(shared_build: SharedBuild) -> dict[str, Path]:
    """The sample community's two editions, built once per test run (across xdist workers)
    with the real CLI and shared (read-only) by the site, determinism and browser tests."""
    return {edition: shared_build(REPO, edition, SAMPLE_TODAY)
            for edition in ("public", "members")}


@pytest.fixture(scope="session")
def sample_encrypted(shared_build: SharedBuild) -> Path:
    """The sample's encrypted members edition (``--encrypt``, sealed with
    :data:`MEMBERS_SECRET`), built once per test run across xdist workers; read-only."""
    from generator.build import access

    return shared_build(REPO, "members", SAMPLE_TODAY, "--encrypt",
                        env={access.SECRET_ENV: MEMBERS_SECRET})


def build_editions(root: Path, base: Path, today: str) -> dict[str, Path]:
    """Build the community at ``root`` in both editions with the real CLI, into
    ``base/public`` and ``base/members``."""
    out = {}
    for edition in ("public", "members"):
        out[edition] = base / edition
        proc = run_cli("build", "--root", str(root), "--audience", edition, "--out",
                       str(out[edition]), "--today", today)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


# --------------------------------------------------------------------------- markers, skips

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_DIR = Path(__file__).resolve().parent / "browser"
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Courtyard tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
                "GIT_COMMITTER_NAME": "Courtyard tests",
                "GIT_COMMITTER_EMAIL": "tests@example.org"}
SHARED_FIXTURES = {"sample_sites", "sample_encrypted", "shared_build", "public_site",
                   "members_site", "club_sites", "sealed", "sites", "editions"}
"""Fixtures that build a whole site (tests using one are marked ``slow`` automatically)."""

MEASURED_SLOW = frozenset({
    "tests/test_adoption.py::test_a_rule_switched_off_is_neither_checked_nor_reported",
    "tests/test_adoption.py::test_new_takes_the_charters_kinds_and_no_red_packet",
    "tests/test_apply.py::test_profile_post_and_join",
    "tests/test_apply.py::test_refusals",
    "tests/test_check_cli.py::test_bad_usage_exits_2",
    "tests/test_check_cli.py::test_charter_language_is_the_default",
    "tests/test_check_cli.py::test_clean_community_exits_0",
    "tests/test_check_cli.py::test_default_root_is_the_working_directory",
    "tests/test_check_cli.py::test_errors_exit_1",
    "tests/test_check_cli.py::test_github_escapes_percent",
    "tests/test_check_cli.py::test_github_workflow_commands",
    "tests/test_check_cli.py::test_json_shape",
    "tests/test_check_cli.py::test_lang_en",
    "tests/test_check_cli.py::test_missing_charter_exits_2",
    "tests/test_check_cli.py::test_sample_community_passes_on_any_date",
    "tests/test_check_cli.py::test_unknown_command_exits_2",
    "tests/test_check_cli.py::test_verbose_reports_the_loading_stage_and_quiet_stays_silent",
    "tests/test_check_cli.py::test_warnings_alone_exit_0_unless_strict",
    "tests/test_codeowners.py::test_command_writes_then_checks",
    "tests/test_digest.py::test_public_digest_holds_no_members_only_data",
    "tests/test_encrypted.py::test_commands_refuse_without_a_good_secret",
    "tests/test_encrypted.py::test_eligibility_comes_from_status_circle_and_dues",
    "tests/test_encrypted.py::test_planted_markers_are_sealed",
    "tests/test_escaping.py::test_no_payload_is_live_html",
    "tests/test_feeds_misc.py::test_two_builds_are_byte_identical_whatever_the_hash_seed",
    "tests/test_from_issue.py::test_member_adds_an_event",
    "tests/test_from_issue.py::test_member_updates_own_profile",
    "tests/test_from_issue.py::test_profile_org_change_regenerates_the_display_name",
    "tests/test_from_issue.py::test_rsvp_changes_one_line",
    "tests/test_from_issue.py::test_sponsor_proposes_a_candidate",
    "tests/test_hostile.py::test_the_secret_is_gone_from_the_environment_before_any_data_is_read",
    "tests/test_jielong.py::test_full_occurrence_waitlist_moves_up_on_cancel",
    "tests/test_lifecycle.py::test_one_club_year_with_commands_only",
    "tests/test_jielong.py::test_import_is_idempotent_and_says_what_changed",
    "tests/test_jielong.py::test_unresolved_lines_exit_1_and_attendance",
    "tests/test_ownership.py::test_check_command_passes_an_allowed_change",
    "tests/test_ownership.py::test_check_command_usage_errors",
    "tests/test_privacy.py::test_public_edition_contains_no_private_value",
    "tests/test_roster.py::test_command_text_and_json",
    "tests/test_site.py::test_build_usage_errors_exit_2",
})
"""Tests that build nothing but took ≥ 10 s each in the suite run of issue 22 (``-n 2``,
load average 9–15, about 2 s on a quiet machine: most run ``python -m generator`` on the whole
sample several times), marked ``slow`` here so the fast tier stays within 90 s. A test renamed
simply rejoins the fast tier; mark a new slow test with ``@pytest.mark.slow`` instead."""


def cjk_font_missing() -> str | None:
    """Why no share card can be drawn here (a skip reason naming the package), or None."""
    from generator.pages import fonts

    if fonts.find() is not None:
        return None
    return ("needs a CJK font for share cards and posters: apt-get install fonts-noto-cjk "
            "(or set COURTYARD_CJK_FONT to a font file); .ci/run installs it")


def chromium_missing() -> str | None:
    if CHROMIUM.exists():
        return None
    return (f"needs Debian's Chromium at {CHROMIUM}: apt-get install chromium "
            "fonts-noto-cjk; .ci/run installs it")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``browser`` for everything under tests/browser/, ``slow`` for whatever uses the
    shared site builds and for :data:`MEASURED_SLOW`."""
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
        if (SHARED_FIXTURES & set(getattr(item, "fixturenames", ()))
                or item.nodeid.split("[", 1)[0] in MEASURED_SLOW):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a ``browser`` / ``cjk_font`` test where its need is missing, with the package to
    install; under ``CI`` a missing Chromium is a failure (CI must install it)."""
    if item.get_closest_marker("browser") and (why := chromium_missing()):
        if os.environ.get("CI"):
            pytest.fail(f"CI: {why}")
        pytest.skip(why)
    if item.get_closest_marker("cjk_font") and (why := cjk_font_missing()):
        pytest.skip(why)


@pytest.fixture(scope="session", autouse=True)
def _git_identity() -> Iterator[None]:
    """A fixed git identity for the run (a fresh machine has none; restored afterwards)."""
    with pytest.MonkeyPatch.context() as mp:
        for name, value in GIT_IDENTITY.items():
            if not os.environ.get(name):
                mp.setenv(name, value)
        yield


_BYTECODE = pytest.StashKey[tuple[dict[str, "str | None"], "str | None"]]()
"""What :func:`pytest_configure` changed: the variables' old values, the folder it made."""


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Where the user's environment forbids writing compiled modules
    (``PYTHONDONTWRITEBYTECODE``, set in this machine's shells; the venv then holds no
    ``.pyc`` either), let every Python this run starts — the xdist workers and the several
    hundred ``python -m generator`` children — keep them in one temporary folder of the run
    (``PYTHONPYCACHEPREFIX``) instead of recompiling Courtyard, MkDocs, pydantic … from
    source each time: that doubled a ``check``'s CPU (0.66 s → 0.32 s), added half to a small
    build's (3.0 s → 1.9 s) and to collecting the suite (8.6 s → 3.4 s). The source tree and
    the venv are not written to; the folder is removed and the environment restored at the
    end (:func:`pytest_unconfigure`). Done once, by the process that starts the workers."""
    if hasattr(config, "workerinput") or not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    import tempfile

    saved = {k: os.environ.get(k) for k in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    folder = None
    if not saved["PYTHONPYCACHEPREFIX"]:
        folder = tempfile.mkdtemp(prefix="courtyard-pycache-")
        os.environ["PYTHONPYCACHEPREFIX"] = folder
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    config.stash[_BYTECODE] = (saved, folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _BYTECODE not in config.stash:
        return
    saved, folder = config.stash[_BYTECODE]
    del config.stash[_BYTECODE]
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def community(tmp_path: Path) -> Path:
    """A fresh copy of the clean base community."""
    return make_community(tmp_path)


ENV_SET_BY_OTHERS = {"NO_MKDOCS_2_WARNING", "PYTEST_CURRENT_TEST"}
"""Variables a test may change without leaking: Material sets ``NO_MKDOCS_2_WARNING`` when
it is first imported; pytest sets ``PYTEST_CURRENT_TEST``."""


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """Every test leaves ``os.environ`` as it found it (set variables with
    ``monkeypatch.setenv``, which undoes them; or pass ``env=`` to a subprocess)."""
    before = dict(os.environ)
    yield
    after = dict(os.environ)
    changed = sorted(k for k in before.keys() | after.keys()
                     if before.get(k) != after.get(k) and k not in ENV_SET_BY_OTHERS)
    assert not changed, f"the test left the environment changed: {changed}"



@pytest.fixture(autouse=True)
def _font_lookup_forgotten() -> Iterator[None]:
    """The CJK font is looked for once per process (``fonts.located``); a test that pointed
    ``COURTYARD_CJK_FONT`` elsewhere must not leave its answer to the next test in the same
    worker (the build cache's key includes the font). Runs after monkeypatch's undo."""
    yield
    from generator.pages import fonts

    clear = getattr(fonts.located, "cache_clear", None)
    if clear is not None:
        clear()
