"""`python -m generator serve`: live preview. MkDocs' own server with Courtyard's hook: every
rebuild checks the data and regenerates the pages, and a change to any YAML file, template,
hand-written page or theme override triggers one."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from generator.data.editions import EDITIONS

HELP = "live preview of the site, rebuilt whenever data, templates or pages change"
WATCHED = ("members", "resources", "content", "generator/pages/templates", "overrides")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=EDITIONS, default="public",
                   help="edition to preview (default: public)")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default: 127.0.0.1:8000)")


def watched(root: str, config_dir: str) -> list[str]:
    """Folders to watch: the community's data and pages, Courtyard's templates and theme."""
    out = []
    for rel in WATCHED:
        for base in dict.fromkeys((root, config_dir)):
            path = os.path.abspath(os.path.join(base, rel))
            if os.path.isdir(path) and path not in out:
                out.append(path)
    return out


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
