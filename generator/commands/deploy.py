"""`python -m generator deploy SITE_DIR --endpoint URL --bucket NAME`: publish a built public
site to an S3-compatible object store (Tencent COS, Alibaba OSS …), uploading only what
changed and deleting only what an earlier deploy uploaded and the site no longer has
(:mod:`generator.build.deploy`, which keeps a manifest in the bucket).

Credentials only from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Messages in
the charter's language (``--lang`` overrides; without a charter at ``--root``, the site's).
A dry run prints the counts and the first changed paths (``--verbose``: all of them). Exit 0
deployed (or planned, with --dry-run), 1 the store refused or could not be reached (with a
hint), 2 a usage or configuration error: no credentials, no site, a site that must not be
public, an endpoint with credentials in it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from generator.commands import progress
from generator.i18n import text

SHOWN = 10
"""Paths a dry run lists per kind of change without --verbose."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("site_dir", metavar="SITE_DIR", help="the built site (e.g. site/)")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's S3 endpoint, e.g. https://cos.ap-guangzhou.myqcloud.com "
                        "(no credentials in it: they come from the environment)")
    p.add_argument("--bucket", required=True, metavar="NAME", help="bucket name")
    p.add_argument("--prefix", default="", metavar="P",
                   help="folder inside the bucket (default: the bucket's root)")
    p.add_argument("--region", default=None, metavar="REGION",
                   help="signing region (default: $AWS_DEFAULT_REGION, else us-east-1)")
    p.add_argument("--addressing", choices=["virtual", "path"], default="virtual",
                   help="bucket in the host name (virtual: COS, OSS) or in the path")
    p.add_argument("--dry-run", action="store_true",
                   help="say what would be uploaded and deleted; change nothing")
    progress.add_arguments(p)


def language(args: argparse.Namespace) -> str:
    """``--lang``, else the charter's at ``--root``, else the built site's ``<html lang>``."""
    if args.lang:
        return str(args.lang)
    from generator.data.community import ConfigError, load_charter

    try:
        return load_charter(args.root).language
    except ConfigError:
        pass
    try:
        with open(os.path.join(args.site_dir, "index.html"), encoding="utf-8") as fh:
            found = re.search(r'<html[^>]*\blang="(zh|en)', fh.read(4096))
    except OSError:
        found = None
    return found.group(1) if found else "zh"


def _listing(lang: str, key: str, paths: list[str], verbose: bool) -> None:
    shown = paths if verbose else paths[:SHOWN]
    for path in shown:
        print(f"  {key} {path}")
    if len(paths) > len(shown):
        print("  " + text(lang, "deploy.more", count=len(paths) - len(shown)))


def run(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

    from generator.build import deploy

    lang = language(args)
    verbose = progress.verbosity(args) == progress.VERBOSE
    quiet = progress.verbosity(args) == progress.QUIET
    prefix = args.prefix.strip("/") + "/" if args.prefix.strip("/") else ""
    region = args.region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    target = deploy.Target(args.endpoint, args.bucket, prefix, region, args.addressing)
    where = f"s3://{target.bucket}/{prefix}"
    try:
        edition = deploy.edition_of(args.site_dir)
        deploy.check_endpoint(args.endpoint)
        s3 = deploy.client(target)
        local = deploy.local_files(args.site_dir)
        try:
            todo = deploy.plan(local, deploy.remote_objects(s3, target), target,
                               deploy.read_manifest(s3, target))
            if args.dry_run:
                print(text(lang, "deploy.dry-run", edition=edition, where=where,
                           upload=len(todo.upload), delete=len(todo.delete),
                           unchanged=todo.unchanged, foreign=len(todo.foreign)))
                _listing(lang, "+", todo.upload, verbose)
                _listing(lang, "-", todo.delete, verbose)
                if todo.upload or todo.delete:
                    print(text(lang, "deploy.dry-run-next"))
                return 0

            def say(verb: str, path: str) -> None:
                if not quiet:
                    print(f"{verb} {path}")

            deploy.execute(s3, args.site_dir, target, local, todo, say)
        except (ClientError, BotoCoreError) as exc:
            raise deploy.store_error(exc, target) from None
    except deploy.DeployError as exc:
        print(text(lang, "deploy.failed", detail=text(lang, exc.key, **exc.args_)),
              file=sys.stderr)
        return 1 if exc.store else 2
    print(text(lang, "deploy.done", edition=edition, where=where, upload=len(todo.upload),
               delete=len(todo.delete), unchanged=todo.unchanged, foreign=len(todo.foreign)))
    return 0
