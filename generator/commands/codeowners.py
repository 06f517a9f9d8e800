"""`python -m generator codeowners [--check] [--ids]`: write, verify or list review owners.

Writes ``.github/CODEOWNERS`` from the data (see ``generator/github/codeowners.py``). ``--check``
changes nothing and exits 1 when the committed file differs from what the data says,
printing the difference; ``--ids`` prints ``login<TAB>numeric id`` for the members who
recorded a ``github_id``, for the scheduled workflow that checks accounts were not renamed.
"""

from __future__ import annotations

import argparse
import os
import sys

from generator.commands.args import config_language
from generator.data.community import ConfigError, load_community
from generator.github import codeowners
from generator.problems import report, sort_problems


def add_arguments(p: argparse.ArgumentParser) -> None:
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if the committed file is out of date")
    mode.add_argument("--ids", action="store_true",
                      help="print login<TAB>github_id for members who recorded their id")


def run(args: argparse.Namespace) -> int:
    try:
        com = load_community(args.root, args.today)
    except ConfigError as exc:
        report(sort_problems(exc.problems), "text", config_language(args.root, args.lang), None)
        return 2
    if args.ids:
        for _mid, login, gid in codeowners.id_list(com):
            print(f"{login}\t{gid}")
        return 0
    want = codeowners.render(com)
    have = codeowners.current(args.root)
    if args.check:
        if have == want:
            print(f"{codeowners.PATH}: up to date")
            return 0
        if have is None:
            print(f"{codeowners.PATH}: missing; run `python -m generator codeowners`")
        else:
            print(f"{codeowners.PATH}: out of date; run `python -m generator codeowners`")
            sys.stdout.write(codeowners.diff(have, want))
        return 1
    if have != want:
        path = os.path.join(args.root, codeowners.PATH)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(want)
        print(f"{codeowners.PATH}: written")
    else:
        print(f"{codeowners.PATH}: up to date")
    return 0
