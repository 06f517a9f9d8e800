"""`python -m generator serve`: live preview. MkDocs' own server with Courtyard's hook: every
rebuild checks the data and regenerates the pages, and a change to any YAML file, template,
hand-written page or theme override triggers one.

With ``--root DIR`` everything the preview writes (the generated Markdown, the build cache)
stays in ``DIR/.courtyard/``, and only DIR's data and pages are watched, with the program's
templates and theme (never the sample's data beside the program)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from generator.data.editions import EDITIONS

DATA = ("members", "resources", "content")
PROGRAM = ("generator/pages/templates", "overrides")


def watched(root: str, config_dir: str) -> list[str]:
    """Folders to watch: the community's data and pages (under ``root`` only, never the
    sample's beside the program), and the templates and theme (the club's own copy when it
    has one, else the program's)."""
    out = []
    for rel in DATA:
        path = os.path.abspath(os.path.join(root, rel))
        if os.path.isdir(path) and path not in out:
            out.append(path)
    for rel in PROGRAM:
        for base in dict.fromkeys((root, config_dir)):
            path = os.path.abspath(os.path.join(base, rel))
            if os.path.isdir(path) and path not in out:
                out.append(path)
    return out


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=EDITIONS, default="public",
                   help="edition to preview (default: public)")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default: 127.0.0.1:8000)")


def run(args: argparse.Namespace) -> int:
    from generator.build import engine  # first: it picks the engine (COURTYARD_ENGINE)

    from mkdocs.commands.serve import serve  # isort: skip
    from mkdocs.exceptions import MkDocsException  # isort: skip
    if not os.path.isfile(os.path.join(args.root, "content", "charter.yml")):
        print(f"{args.root}: no content/charter.yml — is --root the repository root?",
              file=sys.stderr)
        return 2
    cfg = engine.config_file(args.root)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    os.environ["COURTYARD_ROOT"] = os.path.abspath(args.root)
    os.environ["COURTYARD_AUDIENCE"] = args.audience
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.today is not None:
        os.environ["COURTYARD_TODAY"] = args.today.isoformat()
    try:
        serve(config_file=str(cfg), dev_addr=args.dev_addr, livereload=True,
              watch=watched(args.root, str(cfg.parent)))
    except MkDocsException as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
