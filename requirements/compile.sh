#!/bin/sh
# Rewrite the lock from pyproject.toml's ranges: one universal resolution (Python 3.11–3.13,
# every platform) with hashes. app.txt is the runtime; test.txt adds the test and lint
# extras on top of exactly app.txt's versions. Extra arguments (e.g. --upgrade,
# --upgrade-package mkdocs-material) are passed to both compiles.
set -eu
cd "$(dirname "$0")/.."
common="--universal --python-version 3.11 --generate-hashes --no-emit-index-url --quiet"
# shellcheck disable=SC2086
uv pip compile pyproject.toml $common "$@" -o requirements/app.txt
# shellcheck disable=SC2086
uv pip compile pyproject.toml --extra test --extra lint -c requirements/app.txt $common "$@" \
  -o requirements/test.txt
