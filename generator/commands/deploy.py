"""`python -m generator deploy SITE_DIR --endpoint URL --bucket NAME`: publish a built public
site to an S3-compatible object store (Tencent COS, Alibaba OSS …), uploading only what
changed and deleting what the site no longer has (:mod:`generator.build.deploy`).

Credentials only from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Exit 0
deployed (or planned, with --dry-run), 1 the store refused a request, 2 a usage or
configuration error: no credentials, no site, or a site that must not be public.
"""

from __future__ import annotations

import argparse
import os
import sys

HELP = ("publish a built public (or encrypted members) site to an S3-compatible object store "
        "(COS, OSS …)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("site_dir", metavar="SITE_DIR", help="the built site (e.g. site/)")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's S3 endpoint, e.g. https://cos.ap-guangzhou.myqcloud.com")
    p.add_argument("--bucket", required=True, metavar="NAME", help="bucket name")
    p.add_argument("--prefix", default="", metavar="P",
                   help="folder inside the bucket (default: the bucket's root)")
    p.add_argument("--region", default=None, metavar="REGION",
                   help="signing region (default: $AWS_DEFAULT_REGION, else us-east-1)")
    p.add_argument("--addressing", choices=["virtual", "path"], default="virtual",
                   help="bucket in the host name (virtual: COS, OSS) or in the path")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would be uploaded and deleted; change nothing")


def run(args: argparse.Namespace) -> int:
    from botocore.exceptions import (  # type: ignore[import-untyped]
        BotoCoreError,
        ClientError,
    )

    from generator.build import deploy

    prefix = args.prefix.strip("/") + "/" if args.prefix.strip("/") else ""
    region = args.region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    target = deploy.Target(args.endpoint, args.bucket, prefix, region, args.addressing)
    try:
        edition = deploy.edition_of(args.site_dir)
        s3 = deploy.client(target)
        local = deploy.local_files(args.site_dir)
        todo = deploy.plan(local, deploy.remote_objects(s3, target), target)
        where = f"s3://{target.bucket}/{prefix}"
        if args.dry_run:
            for rel in todo.upload:
                print(f"would upload {rel}")
            for key in todo.delete:
                print(f"would delete {key}")
            print(f"dry run ({edition} edition → {where}): {len(todo.upload)} to upload, "
                  f"{len(todo.delete)} to delete, {todo.unchanged} unchanged")
            return 0
        deploy.execute(s3, args.site_dir, target, todo, print)
    except deploy.DeployError as exc:
        print(f"deploy: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"deploy: the store refused: {exc}", file=sys.stderr)
        return 1
    print(f"deployed the {edition} edition to {where}: {len(todo.upload)} uploaded, "
          f"{len(todo.delete)} deleted, {todo.unchanged} unchanged")
    return 0
