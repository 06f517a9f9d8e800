"""`python -m generator new`: not built yet (see the open issues)."""

from __future__ import annotations

import argparse
import sys

HELP = "new (not yet available)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("python -m generator new: not available yet", file=sys.stderr)
    return 2
