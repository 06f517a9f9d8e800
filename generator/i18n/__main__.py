"""``python -m generator.i18n --write-keys``: regenerate generator/i18n/keys.py from the
catalogue files (``--check``: exit 1 if it is out of date)."""

from __future__ import annotations

import argparse
import sys

from generator.i18n import catalogue

KEYS_FILE = catalogue.HERE / "keys.py"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m generator.i18n", description=__doc__)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--write-keys", action="store_true",
                       help="write generator/i18n/keys.py (the keys as Literal types)")
    group.add_argument("--check", action="store_true",
                       help="exit 1 if generator/i18n/keys.py is not what --write-keys writes")
    args = p.parse_args(argv)
    want = catalogue.keys_module()
    have = KEYS_FILE.read_text(encoding="utf-8") if KEYS_FILE.exists() else ""
    if args.check:
        if have != want:
            print(f"{KEYS_FILE} is out of date: run python -m generator.i18n --write-keys",
                  file=sys.stderr)
            return 1
        return 0
    if have != want:
        KEYS_FILE.write_text(want, encoding="utf-8", newline="\n")
    print(f"{len(catalogue.keys())} keys in {KEYS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
