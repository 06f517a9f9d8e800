"""``python -m generator.data``: write the JSON Schemas of the data files into ``schemas/``
(``--check``: only say which are out of date, exit 1). CLI wiring only: the schemas are
:mod:`generator.data.schema`'s."""

from __future__ import annotations

import sys

from generator.data.schema import drift, write


def main(argv: list[str]) -> int:
    root = "."
    if "--check" in argv:
        bad = drift(root)
        for name in bad:
            print(
                f"schemas/{name} is out of date: run python -m generator.data",
                file=sys.stderr,
            )
        return 1 if bad else 0
    write(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
