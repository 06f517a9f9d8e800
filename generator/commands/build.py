"""`python -m generator build`: check, generate the pages of one edition, run MkDocs (strict),
and swap the finished site into the output folder.

Refuses to build when ``check`` finds errors (they are printed, exit 1): a site is never
published from data that breaks the charter. Exit 2 on usage or configuration errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.commands import progress
from generator.data.editions import EDITIONS

if TYPE_CHECKING:
    from generator.data.community import Community

DEFAULT_ENCRYPTED_OUT = "site-encrypted"



def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--audience", choices=EDITIONS, default="public",
                   help="public (default; what CI publishes) or members (for hosting behind "
                        "access control)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default: site/ for public, site-members/ for members)")
    p.add_argument("--encrypt", action="store_true",
                   help="with --audience members: the encrypted members edition for any static "
                        "host (public pages plain, the rest readable with a member's access "
                        "code; needs COURTYARD_MASTER_SECRET)")
    progress.add_arguments(p)
    p.add_argument("--config", default=None, metavar="FILE",
                   help="mkdocs.yml to use (default: the community's, else Courtyard's)")


def run(args: argparse.Namespace) -> int:
    from generator.build import engine
    from generator.pages import cards
    if args.encrypt and args.audience != "members":
        print("--encrypt builds the members edition: use --audience members --encrypt",
              file=sys.stderr)
        return 2
    if not os.path.isfile(os.path.join(args.root, "content", "charter.yml")):
        print(f"{args.root}: no content/charter.yml — is --root the repository root?",
              file=sys.stderr)
        return 2
    try:
        with progress.loading(progress.verbosity(args)) as on_files:
            com = engine.checked(args.root, args.today, on_files)
    except engine.BuildError as exc:
        sys.stdout.write(str(exc))
        print("build refused: fix the errors above, then build again", file=sys.stderr)
        return 2 if exc.config else 1
    if args.lang is not None:
        com.charter.language = args.lang
    out = args.out or os.path.join(args.root, engine.DEFAULT_OUT[args.audience])
    cfg = engine.config_file(args.root) if args.config is None else args.config
    if not os.path.isfile(cfg):
        print(f"{cfg}: no such configuration file", file=sys.stderr)
        return 2
    for warning in engine.edition_warnings(com, args.audience):
        print(f"WARNING -  {warning}", file=sys.stderr)
    engine.pin_build_date(com)
    if args.encrypt:
        return build_encrypted(args, com, out, Path(cfg))
    try:
        with engine.SiteBuild(out) as site:
            gen = site.docs(com, args.audience)
            del com  # MkDocs does not need it: its memory is MkDocs' to use
            site.publish(gen, Path(cfg))
    except engine.BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if progress.verbosity(args) > progress.QUIET:
        print(f"built the {args.audience} edition: {len(gen.pages)} pages, "
              f"{len(gen.exports)} exports → {out}")
        print(cards.describe(gen.lang))
    return 0


def build_encrypted(args: argparse.Namespace, com: Community, out: str, cfg: Path) -> int:
    from generator.build import access, encrypt, engine
    from generator.i18n import text

    lang = com.charter.language
    try:
        secret = access.master_secret()
    except access.SecretError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    if args.out is None:
        out = os.path.join(args.root, DEFAULT_ENCRYPTED_OUT)
    try:
        counts = encrypt.build(com, out, cfg, secret)
    except engine.BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if progress.verbosity(args) > progress.QUIET:
        print(text(lang, "access.built", files=counts.files, codes=counts.codes,
                   calendars=counts.calendars, out=out))
    return 0
