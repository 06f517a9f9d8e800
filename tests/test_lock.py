"""The lock: what pyproject.toml allows, requirements/*.txt pins, and this environment runs.

A fresh machine, a member's laptop and the publish job install from ``requirements/``; these
tests make sure the lock covers every dependency within pyproject's ranges, that the runtime
lock and the test lock agree, and that the environment running the suite is the locked one
(the ``Drift`` workflow, which tests the newest allowed versions on purpose, sets
``COURTYARD_UNLOCKED=1`` to skip only that last comparison).
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
LOCKS = REPO / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(name: str) -> dict[str, str]:
    """``{package: version}`` of a lock file, for the Python running the tests (a package
    pinned twice under different markers, e.g. numpy per Python version, gives the one
    whose marker holds here)."""
    out: dict[str, str] = {}
    text = (LOCKS / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        m = PIN.match(line)
        if m is None:
            continue
        package, version, marker = m.groups()
        if marker and not Marker(marker).evaluate():
            continue
        key = canonicalize_name(package)
        assert key not in out, f"{name}: {package} pinned twice for this Python"
        out[key] = version
    return out


def hashed(name: str) -> bool:
    """Every pinned requirement carries at least one --hash (pip then checks them all)."""
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (LOCKS / name).read_text(encoding="utf-8"))
    reqs = [b for b in blocks if PIN.match(b.splitlines()[0])]
    return bool(reqs) and all("--hash=sha256:" in b for b in reqs)


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return reqs


@pytest.mark.parametrize("lock, extras", [("app.txt", ()), ("test.txt", ("test", "lint"))])
def test_lock_pins_every_declared_dependency_within_its_range(lock: str,
                                                              extras: tuple[str, ...]) -> None:
    locked = pins(lock)
    for req in declared(*extras):
        if req.marker is not None and not req.marker.evaluate():
            continue
        key = canonicalize_name(req.name)
        assert key in locked, f"{req.name} is not in requirements/{lock}: run compile.sh"
        assert req.specifier.contains(locked[key], prereleases=True), (
            f"requirements/{lock} pins {req.name}=={locked[key]}, outside pyproject's "
            f"{req.specifier}: run requirements/compile.sh")
    assert hashed(lock), f"requirements/{lock} has a requirement without --hash"


def test_runtime_and_test_locks_agree() -> None:
    """The test lock is the runtime lock plus the test tools: the versions the tests ran
    with are exactly the ones a member and the publish job install."""
    app, test = pins("app.txt"), pins("test.txt")
    differ = {k: (v, test.get(k)) for k, v in app.items() if test.get(k) != v}
    assert not differ, f"app.txt vs test.txt: {differ}"


@pytest.mark.skipif(os.environ.get("COURTYARD_UNLOCKED") == "1",
                    reason="the Drift workflow tests the newest allowed versions on purpose")
def test_this_environment_is_the_locked_one() -> None:
    """What ``pip freeze`` would say equals requirements/test.txt: nothing missing, nothing
    at another version, nothing extra (besides pip's own tools and Courtyard itself)."""
    locked = pins("test.txt")
    installed = {canonicalize_name(d.metadata["Name"]): d.version
                 for d in metadata.distributions()}
    tools = {"pip", "setuptools", "wheel", "courtyard"}
    wrong = {k: (v, installed.get(k)) for k, v in locked.items() if installed.get(k) != v}
    extra = sorted(set(installed) - set(locked) - tools)
    assert not wrong, (f"{sys.prefix} does not match requirements/test.txt (locked, installed): "
                       f"{wrong}; install with the README's test command")
    assert not extra, f"installed but not locked: {extra}"
