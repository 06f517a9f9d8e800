"""MkDocs in a child process, started before it is needed.

Why a child: the build's peak memory is then the larger of generation and MkDocs instead of
their sum, and MkDocs' global state (jieba's dictionary) starts clean. Why early: importing
MkDocs and Material and loading jieba's dictionary take about a second, which the child
spends while this process checks the data and writes the pages. When the pages are ready,
:meth:`MkDocsProcess.build` hands it the generated edition (as JSON beside the docs) and the
build's environment (``SOURCE_DATE_EPOCH`` is only known after the check) on its standard
input, and waits. Closing it unused (the check found errors) ends the child quietly.

The child is ``python -m generator.build.mkdocs_process``: it reads one JSON line
``{"spec": …, "config": …, "site_dir": …, "env": {…}}``, builds with
:func:`generator.build.engine.run_mkdocs`, prints MkDocs' warnings on stderr and exits 0, or 1
when MkDocs failed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from generator.pages.generate import Generated

REPO = Path(__file__).resolve().parents[2]
PASSED_ENV = ("SOURCE_DATE_EPOCH",)
"""Variables the parent may set after starting the child; they travel with the request."""


class MkDocsFailed(Exception):
    """MkDocs reported errors (printed on stderr already)."""


class MkDocsProcess:
    """The child, started on creation; use as a context manager so it never outlives us."""

    def __init__(self) -> None:
        env = dict(os.environ, NO_MKDOCS_2_WARNING=os.environ.get("NO_MKDOCS_2_WARNING", "1"))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator.build.mkdocs_process"], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", errors="replace")

    def build(self, gen: Generated, site_dir: str, cfg: Path) -> None:
        """Build ``gen`` into ``site_dir`` with ``cfg``; MkDocsFailed when MkDocs failed."""
        spec = os.path.join(os.path.dirname(gen.docs_dir), "generated.json")
        with open(spec, "w", encoding="utf-8") as fh:
            json.dump(dataclasses.asdict(gen), fh, ensure_ascii=False)
        request = {"spec": spec, "config": str(cfg), "site_dir": site_dir,
                   "env": {k: os.environ[k] for k in PASSED_ENV if k in os.environ}}
        _out, err = self.proc.communicate(json.dumps(request, ensure_ascii=False) + "\n")
        if err.strip():
            sys.stderr.write(err)
        if self.proc.returncode != 0:
            raise MkDocsFailed("MkDocs failed (see the warnings above)")

    def close(self) -> None:
        """End the child if it has not built (closing its input ends it quietly)."""
        if self.proc.returncode is None:
            try:
                self.proc.communicate("", timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def main(stdin: IO[str]) -> int:
    import logging

    import jieba  # type: ignore[import-untyped]
    from material.plugins.search import plugin as _search  # type: ignore[import-untyped]  # noqa: F401
    from mkdocs.commands import build as _build  # noqa: F401 - imported while we wait
    from mkdocs.exceptions import MkDocsException

    # run as __main__, so reach the importable module: the hook reads *its* PREPARED
    from generator.build import engine
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # the main dictionary, while the parent writes the pages
    line = stdin.readline()
    if not line.strip():
        return 0  # closed unused: the parent is not building after all
    request: dict[str, Any] = json.loads(line)
    os.environ.update(request["env"])
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with open(request["spec"], encoding="utf-8") as fh:
        gen = Generated(**json.load(fh))
    try:
        engine.run_mkdocs(gen, request["site_dir"], Path(request["config"]))
    except (MkDocsException, SystemExit) as exc:
        print(f"MkDocs: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    status = main(sys.stdin)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # the site is written: the parent need not wait for a teardown
